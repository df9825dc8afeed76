import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishContent } from '../../../activities/platforms/types.js';
import { CHECKPOINTS } from '../../../core/monitoring.js';
import type { Platform } from '../../../core/platforms.js';
import { posts, postTargets } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import type { CheckpointResult } from '../../../workflows/monitor.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { monitoringHarness, type MonitoringHarness } from './harness.js';

/**
 * Posts a platform gives no figures for (a private TikTok video; LinkedIn for an app without
 * r_member_social) are recorded as 'unavailable' with the reason: not missed, not retried all window.
 */

let m: MonitoringHarness;
let media: MediaServer;
const OFFSETS = [4, 6, 8, 10, 12].map((s) => s * 1_000);

beforeAll(async () => {
  [m, media] = await Promise.all([monitoringHarness(), startMediaServer()]);
});
afterAll(async () => {
  await m?.close();
  await media?.close();
});

async function publishedTarget(platform: Platform, content: PublishContent) {
  const accountId = await m.h.connect(platform, `unavailable-${platform}-${randomUUID().slice(0, 8)}`);
  const published = await m.h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content, { idempotencyKey: randomUUID() }));
  const publishedAt = new Date();
  const db = m.stack.database.db;
  const [post] = await db.insert(posts).values({ orgId: m.h.orgId, userId: m.h.userId, scheduledAt: publishedAt, stage: 'published', brief: { topic: 'Bread', brief: 'Morning bake', contentType: 'announcement' } }).returning();
  const [target] = await db
    .insert(postTargets)
    .values({ postId: post!.id, orgId: m.h.orgId, platform, socialAccountId: accountId, stage: 'published', text: content.text, hashtags: [], privacyLevel: content.privacyLevel, platformPostId: published.platformPostId, platformPostUrl: published.url, publishedAt })
    .returning();
  return { targetId: target!.id, postId: post!.id, publishedAt };
}

async function monitor(platform: Platform, target: Awaited<ReturnType<typeof publishedTarget>>): Promise<CheckpointResult[]> {
  const handle = await m.stack.temporal.workflow.start('monitorTargetWorkflow', {
    workflowId: workflowIds.monitor(target.targetId),
    taskQueue: m.stack.queues.main,
    args: [{ targetId: target.targetId, postId: target.postId, orgId: m.h.orgId, platform, publishedAt: target.publishedAt.toISOString(), offsets: OFFSETS }],
  });
  return handle.result();
}

describe('metrics a platform does not give', () => {
  it('a private (SELF_ONLY) TikTok video: every checkpoint "unavailable" with "not available for private posts"', async () => {
    const clip = { kind: 'video' as const, url: `${media.url}/video.mp4?bytes=65536`, mimeType: 'video/mp4', durationSeconds: 12, width: 1080, height: 1920 };
    const target = await publishedTarget('tiktok', { text: 'Only me', hashtags: [], media: [clip], privacyLevel: 'SELF_ONLY' });
    const results = await monitor('tiktok', target);
    expect(results.map((r) => [r.checkpoint, r.status])).toEqual(CHECKPOINTS.map((c) => [c, 'unavailable']));
    const rows = await m.snapshots(target.targetId);
    expect(rows).toHaveLength(CHECKPOINTS.length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'unavailable', metrics: null });
      expect(row.missedReason).toContain('not available for private TikTok posts');
    }
  }, 120_000);

  it('LinkedIn for an app without r_member_social: every checkpoint "unavailable" with "not available for this app"', async () => {
    const target = await publishedTarget('linkedin', { text: `Member post ${randomUUID().slice(0, 6)}`, hashtags: [], media: [] });
    const results = await monitor('linkedin', target);
    expect(results.map((r) => r.status)).toEqual(CHECKPOINTS.map(() => 'unavailable'));
    const rows = await m.snapshots(target.targetId);
    expect(rows.map((r) => r.status)).toEqual(CHECKPOINTS.map(() => 'unavailable'));
    expect(rows[0]!.missedReason).toContain('LinkedIn metrics are not available for this app');
  }, 120_000);
});
