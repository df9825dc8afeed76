import type { WorkflowHandle } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandProfiles, cycleRuns, outboxEmails, posts, postTargets, targetMedia } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { cycleStateQuery, pauseCycleUpdate, profileChangedSignal, resumeCycleUpdate, runCycleNowUpdate, type CycleState } from '../../../workflows/cycle.js';
import { postStateQuery } from '../../../workflows/post.js';
import { createBrandProfile, startCycle } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { refusalOf } from '../../support/updates.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';
import { zonePastDigestTime } from '../../support/zones.js';

let stack: TestStack;
let user: TestUser;
let cycle: WorkflowHandle;
const timeZone = zonePastDigestTime();

beforeAll(async () => {
  stack = await startStack();
  user = await createTestUser(stack, { name: 'Mara', timeZone });
  await createBrandProfile(stack, user, { timeZone, platforms: ['linkedin', 'x'], postsPerDay: 1 });
  cycle = await startCycle(stack, user);
});
afterAll(async () => {
  await cycle?.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

const state = () => cycle.query(cycleStateQuery);

/**
 * The run is at the first minute the zone's clock shows 02:00 or later: 02:00, or 03:00 on a
 * spring-forward night where 02:00-02:59 does not exist (Berlin, picked 17:30-19:00 UTC, on the
 * Saturday before the last Sunday of March; Los Angeles after a zone change the same way).
 */
function expectAtTwoLocal(nextRunAt: string, zone: string) {
  const local = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const at = Date.parse(nextRunAt);
  expect(local(at - 60_000)).toBe('01:59');
  expect(['02:00', '03:00']).toContain(local(at));
}

describe('the daily cycle', () => {
  it('sleeps until the next 02:00 in the user\'s zone', async () => {
    const s = await waitFor(async () => ((await state()).nextRunAt ? state() : undefined), 20_000, 'next run planned');
    expect(s.timeZone).toBe(timeZone);
    expectAtTwoLocal(s.nextRunAt!, timeZone);
    expect(Date.parse(s.nextRunAt!)).toBeGreaterThan(Date.now());
  });

  it('runs now on request: posts for today and tomorrow wait for approval, one digest goes out', async () => {
    const answer = await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: user.userId }] });
    expect(answer.accepted).toBe(true);
    const last = await waitFor(async () => (await state()).lastRun, 90_000, 'manual run finished');
    expect(last.kind).toBe('manual');
    // Tomorrow's slot always; today's only where its approval is still open.
    expect(last.created).toBeGreaterThanOrEqual(1);

    const [run] = await stack.database.db.select().from(cycleRuns).where(eq(cycleRuns.workflowId, last.workflowId));
    expect(run).toMatchObject({ kind: 'manual', status: 'completed' });
    const created = (run!.summary as { created: string[] }).created;
    for (const postId of created) {
      const handle = stack.temporal.workflow.getHandle(workflowIds.post(postId));
      expect((await handle.query(postStateQuery)).stage).toBe('awaiting_approval');
    }
    // Ops find them in the Temporal UI by search attributes.
    const listed = await waitFor(async () => {
      const ids: string[] = [];
      for await (const wf of stack.temporal.workflow.list({ query: `Stage="awaiting_approval" AND OrgId="${user.orgId}"` })) ids.push(wf.workflowId);
      return ids.length === created.length ? ids : undefined;
    }, 20_000, 'visibility');
    expect(listed.sort()).toEqual(created.map((id) => workflowIds.post(id)).sort());

    // Each platform's copy got its image, made from the visual brief, ready for publishing.
    const images = await stack.database.db
      .select({ platform: postTargets.platform, url: targetMedia.url, altText: targetMedia.altText })
      .from(targetMedia)
      .innerJoin(postTargets, eq(postTargets.id, targetMedia.targetId))
      .where(inArray(postTargets.postId, created));
    expect(images).toHaveLength(created.length * 2);
    for (const image of images) {
      expect(image.altText).toBeTruthy();
      const res = await fetch(image.url.replace(/^https?:\/\/[^/]+/, stack.baseUrl));
      expect(res.headers.get('content-type')).toBe('image/jpeg');
    }
    // Recorded after the patch local-db-steps (daily-run-manual.json stays as recorded before it).
    saveHistoryFixture('daily-run-local-db-steps', last.workflowId);
    const digests = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, user.orgId), eq(outboxEmails.kind, 'approval_digest')));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toContain(`${created.length} new post(s)`);
    // Per post Approve / Reject links signed for this recipient, and one Approve all.
    const actions = digests[0]!.data.actions as { posts: { postId: string; approveUrl: string }[]; approveAllUrl?: string };
    expect(actions.posts.length).toBeGreaterThan(0);
    for (const linked of actions.posts) expect(created).toContain(linked.postId);
    expect(digests[0]!.body).toContain(`Approve: ${actions.posts[0]!.approveUrl}`);
    if (actions.posts.length > 1) expect(digests[0]!.body).toContain(`waiting posts: ${actions.approveAllUrl}`);
  });

  it('running again fills no slot twice: the same slots keep their one post', async () => {
    const before = await stack.database.db.select().from(posts).where(eq(posts.orgId, user.orgId));
    await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: user.userId }] });
    await waitFor(async () => ((await state()).lastRun?.workflowId.endsWith('-manual-2') && !(await state()).running ? true : undefined), 90_000, 'second run');
    const after = await stack.database.db.select().from(posts).where(eq(posts.orgId, user.orgId));
    expect(after.map((p) => p.slotKey).sort()).toEqual(before.map((p) => p.slotKey).sort());
  });

  it('pauses and resumes, and refuses to resume a cycle that is not paused', async () => {
    const paused: CycleState = await cycle.executeUpdate(pauseCycleUpdate, { args: [{ actorId: user.userId }] });
    expect(paused.paused).toBe(true);
    const resumed = await cycle.executeUpdate(resumeCycleUpdate, { args: [{ actorId: user.userId }] });
    expect(resumed.paused).toBe(false);
    expect(await refusalOf(cycle.executeUpdate(resumeCycleUpdate, { args: [{ actorId: user.userId }] }))).toContain('not paused');
  });

  it('takes a time-zone change from the profile from the next run on', async () => {
    const newZone = timeZone === 'Asia/Tokyo' ? 'America/Los_Angeles' : 'Asia/Tokyo';
    await stack.database.db.update(brandProfiles).set({ timeZone: newZone }).where(eq(brandProfiles.userId, user.userId));
    await cycle.signal(profileChangedSignal);
    const s = await waitFor(async () => ((await state()).timeZone === newZone ? state() : undefined), 20_000, 'zone change');
    expectAtTwoLocal(s.nextRunAt!, newZone);
    saveHistoryFixture('cycle-paused-resumed-zone-changed', cycle.workflowId);
  });
});
// Continue-as-new carrying the pause and the counters: cycle-continue-as-new.test.ts (time-skipping server).
