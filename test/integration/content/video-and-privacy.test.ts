import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleRuns, outboxEmails, postTargets, targetMedia } from '../../../db/schema/index.js';
import { cycleStateQuery, runCycleNowUpdate } from '../../../workflows/cycle.js';
import type { DailyRunSummary } from '../../../workflows/daily-run.js';
import { createBrandProfile, startCycle, startPostWorkflow } from '../../support/content.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { runCli, waitFor } from '../../support/processes.js';
import { createTarget, startPublishingStack, targetRow, type PublishingStack } from '../../support/publishing.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { createTestUser, type TestUser } from '../../support/stack.js';
import { zonePastDigestTime } from '../../support/zones.js';

const run = promisify(execFile);
let s: PublishingStack;
let media: MediaServer;
let approver: TestUser;

beforeAll(async () => {
  [s, media] = await Promise.all([startPublishingStack(), startMediaServer()]);
  approver = await createTestUser(s.stack, { orgId: s.platforms.orgId, role: 'approver' });
});
afterAll(async () => {
  await s?.stop();
  await media?.close();
});

describe('short videos for TikTok and YouTube', () => {
  let cycle: WorkflowHandle | undefined;
  afterAll(() => cycle?.terminate('test over').catch(() => undefined));

  it('the daily run makes one 9:16 video per post and attaches it to its TikTok and YouTube targets', async () => {
    const timeZone = zonePastDigestTime();
    await createBrandProfile(s.stack, s.platforms, { timeZone, platforms: ['tiktok', 'youtube'], postsPerDay: 1 });
    cycle = await startCycle(s.stack, s.platforms);
    await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: s.platforms.userId }] });
    const last = await waitFor(async () => (await cycle!.query(cycleStateQuery)).lastRun, 180_000, 'the day\'s run finished');
    const [runRow] = await s.stack.database.db.select().from(cycleRuns).where(eq(cycleRuns.workflowId, last.workflowId));
    const summary = runRow!.summary as unknown as DailyRunSummary;
    expect(summary.created.length).toBeGreaterThanOrEqual(1);
    // No image or video step failed: the summary's `failed` list is what the digest reports.
    expect(summary.failed).toEqual([]);

    const attached = await s.stack.database.db
      .select({ postId: postTargets.postId, platform: postTargets.platform, media: targetMedia })
      .from(targetMedia)
      .innerJoin(postTargets, eq(postTargets.id, targetMedia.targetId))
      .where(inArray(postTargets.postId, summary.created));
    expect(attached).toHaveLength(summary.created.length * 2);
    for (const postId of summary.created) {
      const videos = attached.filter((a) => a.postId === postId);
      expect(videos.map((v) => v.platform).sort()).toEqual(['tiktok', 'youtube']);
      // One video serves both platforms: made once, not twice.
      expect(new Set(videos.map((v) => v.media.mediaId)).size).toBe(1);
      expect(videos[0]!.media).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 1080, height: 1920 });
      expect(videos[0]!.media.durationSeconds).toBeGreaterThanOrEqual(3);
      expect(videos[0]!.media.durationSeconds).toBeLessThanOrEqual(60);
      expect(videos[0]!.media.altText).toBeTruthy();
    }

    // The 08:00 digest tells the approvers that TikTok posts need their choice of who sees them.
    const [digest] = await s.stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, s.platforms.orgId), eq(outboxEmails.kind, 'approval_digest')));
    expect(digest!.body).toMatch(/tiktok \[awaiting_approval\][^\n]*\(approve with your choice of who can see it\)/);
    expect(digest!.body).not.toMatch(/youtube [^\n]*who can see it/);

    // The file is a real vertical H.264 video the API serves.
    const res = await fetch(attached[0]!.media.url.replace(/^https?:\/\/[^/]+/, s.stack.baseUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'herald-video-')), 'short.mp4');
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    const probe = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]);
    expect(probe.stdout.trim()).toBe('h264,1080,1920');
    saveHistoryFixture('daily-run-videos', last.workflowId);
  });
});

describe('who may see a TikTok post is the approver\'s choice', () => {
  async function tiktokPost(creator?: { privacyLevelOptions: string[] }) {
    const name = `privacy-${Date.now()}`;
    // The creator's own settings on TikTok (creator_info), before Herald reads them.
    if (creator) await fetch(`${s.platforms.emulator.url}/tiktok/_emulator/creator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: name, ...creator }) });
    const account = await s.platforms.connect('tiktok', name);
    const clip = { kind: 'video' as const, url: `${media.url}/video.mp4?bytes=65536`, mimeType: 'video/mp4', durationSeconds: 12, width: 1080, height: 1920 };
    const target = await createTarget(s, 'tiktok', account, { media: [clip] });
    // Approval closes at publish time (lead 0), and the approval below goes through a CLI process:
    // leave room for both on a loaded machine, or the approval is refused as past its deadline.
    const handle = await startPostWorkflow(s.stack, { postId: target.postId, orgId: target.orgId, publishAt: new Date(Date.now() + 30_000).toISOString() });
    await waitFor(async () => ((await targetRow(s, target.targetId)).stage === 'awaiting_approval' ? true : undefined), 20_000, 'awaiting approval');
    return { ...target, handle };
  }
  const approve = (postId: string, body: unknown) =>
    approver.request(`/api/v1/orgs/${s.platforms.orgId}/posts/${postId}/approve`, { method: 'POST', json: body });

  it('is asked for, refused when missing or not one of TikTok\'s levels, and published with the choice', async () => {
    const post = await tiktokPost();
    const shown = await (await approver.request(`/api/v1/orgs/${s.platforms.orgId}/posts/${post.postId}`)).json();
    expect(shown.targets[0]).toMatchObject({ platform: 'tiktok', privacyLevel: null, privacyRequired: true, privacyOptionsFrom: 'account', privacyOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] });

    const missing = await approve(post.postId, {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toContain('choose who can see it (privacy.tiktok: one of PUBLIC_TO_EVERYONE');
    const wrong = await approve(post.postId, { privacy: { tiktok: 'everyone' } });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.message).toContain('SELF_ONLY');
    expect((await targetRow(s, post.targetId)).stage).toBe('awaiting_approval');

    const cli = await runCli(['post', 'approve', post.postId, '--privacy', 'tiktok=SELF_ONLY', '--org', s.platforms.orgId], { HERALD_API_URL: s.stack.baseUrl, HERALD_API_TOKEN: approver.token });
    expect(cli.stdout).toContain('Approved; the post is now approved');
    expect((await targetRow(s, post.targetId)).privacyLevel).toBe('SELF_ONLY');

    const published = await waitFor(async () => {
      const row = await targetRow(s, post.targetId);
      return row.stage === 'published' || row.stage === 'failed' ? row : undefined;
    }, 90_000, 'published');
    expect(published).toMatchObject({ stage: 'published', errorMessage: null });
    const onTikTok = (await s.platforms.posts('tiktok')).filter((p) => p.text.startsWith(published.text));
    expect(onTikTok).toHaveLength(1);
    expect(onTikTok[0]!.extra).toMatchObject({ privacyLevel: 'SELF_ONLY' });
    saveHistoryFixture('post-tiktok-privacy', post.handle.workflowId);
  }, 180_000);

  it('offers only the levels the creator\'s account allows, and refuses another before it reaches the workflow', async () => {
    const post = await tiktokPost({ privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] });
    const shown = await (await approver.request(`/api/v1/orgs/${s.platforms.orgId}/posts/${post.postId}`)).json();
    expect(shown.targets[0]).toMatchObject({ platform: 'tiktok', privacyOptionsFrom: 'account', privacyOptions: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] });

    const refused = await approve(post.postId, { privacy: { tiktok: 'PUBLIC_TO_EVERYONE' } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: 'privacy_level_not_offered', message: 'This TikTok account does not offer PUBLIC_TO_EVERYONE; choose one of FOLLOWER_OF_CREATOR, SELF_ONLY (privacy.tiktok).' });
    expect((await targetRow(s, post.targetId)).stage).toBe('awaiting_approval');
    expect(((await post.handle.query('state')) as { approvals: string[] }).approvals).toEqual([]);

    const accepted = await approve(post.postId, { privacy: { tiktok: 'FOLLOWER_OF_CREATOR' } });
    expect(accepted.status).toBe(200);
    expect((await targetRow(s, post.targetId)).privacyLevel).toBe('FOLLOWER_OF_CREATOR');
    await post.handle.terminate('test over');
  });

  it('the workflow itself refuses a TikTok approval without the choice, whoever sends it', async () => {
    const post = await tiktokPost();
    const refused = await post.handle.executeUpdate('approve', { args: [{ actorId: approver.userId }] }).then(
      () => 'approved',
      (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
    );
    expect(refused).toContain('This post goes to TikTok: choose who can see it');
    expect((await post.handle.query('state')) as { stage: string; approvals: string[] }).toMatchObject({ stage: 'awaiting_approval', approvals: [] });
    await post.handle.terminate('test over');
  });
});
