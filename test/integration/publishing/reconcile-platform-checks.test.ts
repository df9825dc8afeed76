import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets, publishAttempts } from '../../../db/schema/index.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { attemptsOf, auditRowsFor, createTarget, publishAndWait, publishingRoutes, startPublishingStack, targetRow, type PublishingStack } from '../../support/publishing.js';

/**
 * Reconciling through what each platform really lets Herald see: TikTok's status/fetch on the
 * stored publish_id (its video list shows neither private posts nor ones in moderation), and
 * LinkedIn without r_member_social, where the check is impossible and nothing is posted blindly.
 */

let s: PublishingStack;
let media: MediaServer;

beforeAll(async () => {
  [s, media] = await Promise.all([startPublishingStack(), startMediaServer()]);
}, 60_000);

afterAll(async () => {
  await s?.stop();
  await media?.close();
});

const onPlatform = async (platform: 'tiktok' | 'linkedin', text: string) => (await s.platforms.posts(platform)).filter((p) => p.text.startsWith(text));

describe('TikTok: an unconfirmed publish is reconciled through its publish_id', () => {
  for (const privacyLevel of ['SELF_ONLY', 'PUBLIC_TO_EVERYONE']) {
    it(`a ${privacyLevel} post whose last chunk lost its answer is found${privacyLevel === 'SELF_ONLY' ? '' : ' while in moderation'} and never posted twice`, async () => {
      const account = await s.platforms.connect('tiktok', `reconcile-${privacyLevel.toLowerCase()}`);
      const clip = { kind: 'video' as const, url: `${media.url}/video.mp4?bytes=65536`, mimeType: 'video/mp4', durationSeconds: 12, width: 1080, height: 1920 };
      const target = await createTarget(s, 'tiktok', account, { media: [clip] });
      await s.stack.database.db.update(postTargets).set({ privacyLevel }).where(eq(postTargets.id, target.targetId));
      await s.platforms.fault({ platform: 'tiktok', route: 'PUT /upload/', kind: 'drop_response' });

      const result = await publishAndWait(s, target);

      const row = await targetRow(s, target.targetId);
      const posted = await onPlatform('tiktok', row.text);
      expect(posted).toHaveLength(1);
      expect(result).toMatchObject({ outcome: 'published', platformPostId: posted[0]!.extra!.publishId });
      expect((await attemptsOf(s, target.targetId)).map((a) => a.status)).toEqual(['published']);
    }, 120_000);
  }
});

describe('LinkedIn without r_member_social: reconcile cannot check, so it does not post again', () => {
  it('a lost answer ends unconfirmed with the reason, the post is on LinkedIn once, and a replay is refused', async () => {
    const account = await s.platforms.connect('linkedin', 'reconcile-no-member-social');
    const target = await createTarget(s, 'linkedin', account);
    await s.platforms.fault({ platform: 'linkedin', route: 'POST /rest/posts', kind: 'drop_response' });

    const result = await publishAndWait(s, target);

    expect(result.outcome).toBe('unconfirmed');
    expect(result.message).toContain('r_member_social');
    const row = await targetRow(s, target.targetId);
    expect(row).toMatchObject({ stage: 'unconfirmed', errorKind: 'unconfirmed' });
    expect((await attemptsOf(s, target.targetId)).map((a) => a.status)).toEqual(['unconfirmed']);
    expect(await onPlatform('linkedin', row.text)).toHaveLength(1);

    const res = await s.support.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'customer asks whether it went out' } });
    const body = (await res.json()) as { outcome: string; message: string };
    expect(body.outcome).toBe('refused');
    expect(body.message).toContain('Could not check the platform, so nothing was posted');
    expect((await auditRowsFor(s, target.targetId))[0]!.details).toMatchObject({ outcome: 'refused' });
    expect(await onPlatform('linkedin', row.text)).toHaveLength(1);
    expect((await targetRow(s, target.targetId)).stage).toBe('unconfirmed');
  }, 120_000);

  it('an attempt that stored the URN LinkedIn answered is recorded as published without asking LinkedIn', async () => {
    const account = await s.platforms.connect('linkedin', 'reconcile-known-urn');
    const target = await createTarget(s, 'linkedin', account);
    const row = await targetRow(s, target.targetId);
    const post = await s.platforms.platforms.sessions.run(account, (session, adapter) => adapter.publish(session, { text: row.text, hashtags: row.hashtags, media: [] }, { idempotencyKey: `${target.targetId}:1` }));
    // What a worker killed right after storing LinkedIn's answer leaves behind.
    await s.stack.database.db.insert(publishAttempts).values({ targetId: target.targetId, orgId: target.orgId, attempt: 1, idempotencyKey: `${target.targetId}:1`, run: 1, workflowId: `publish-${target.targetId}`, status: 'sending', step: 'published', platformPostId: post.platformPostId, committed: true });

    const result = await publishAndWait(s, target);

    expect(result).toMatchObject({ outcome: 'published', platformPostId: post.platformPostId });
    expect(await onPlatform('linkedin', row.text)).toHaveLength(1);
  }, 120_000);
});
