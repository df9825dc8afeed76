import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSnapshots, postAlerts, posts, postTargets } from '../../../db/schema/index.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

let stack: TestStack;
let owner: TestUser;
let outsider: TestUser;
let postId: string;

/** A published X post of `user`'s org with a missed 15m checkpoint, a taken 1h one and a viral alert. */
async function monitoredPost(user: TestUser) {
  const db = stack.database.db;
  const publishedAt = new Date(Date.now() - 2 * 3_600_000);
  const [post] = await db.insert(posts).values({ orgId: user.orgId, userId: user.userId, scheduledAt: publishedAt, stage: 'published' }).returning();
  const [target] = await db.insert(postTargets).values({ postId: post!.id, orgId: user.orgId, platform: 'x', stage: 'published', platformPostId: 'x-1', publishedAt }).returning();
  const base = { orgId: user.orgId, postId: post!.id, targetId: target!.id, platform: 'x' };
  await db.insert(metricSnapshots).values([
    { ...base, checkpoint: '1h', status: 'taken', dueAt: new Date(publishedAt.getTime() + 3_600_000), recordedAt: new Date(), reach: 900, engagements: 80, engagementRatio: 2.9, reachRatio: 6 },
    { ...base, checkpoint: '15m', status: 'missed', dueAt: new Date(publishedAt.getTime() + 900_000), recordedAt: new Date(), missedReason: 'X is having trouble (HTTP 503)' },
  ]);
  await db.insert(postAlerts).values({ ...base, kind: 'viral', checkpoint: '1h', engagementRatio: 2.9, reachRatio: 6, subject: 'Your X post is taking off', body: '...' });
  return post!.id;
}

beforeAll(async () => {
  stack = await startStack({ worker: false });
  owner = await createTestUser(stack, { name: 'Rosa' });
  outsider = await createTestUser(stack, { name: 'Mallory' });
  postId = await monitoredPost(owner);
});
afterAll(() => stack?.stop());

describe('monitoring API', () => {
  it('lists the org\'s alerts, filterable by kind', async () => {
    const all = await (await owner.request(`/api/v1/orgs/${owner.orgId}/monitoring/alerts`)).json();
    expect(all.alerts).toEqual([expect.objectContaining({ postId, kind: 'viral', checkpoint: '1h', subject: 'Your X post is taking off' })]);
    const under = await (await owner.request(`/api/v1/orgs/${owner.orgId}/monitoring/alerts?kind=underperformance`)).json();
    expect(under.alerts).toEqual([]);
    const bad = await owner.request(`/api/v1/orgs/${owner.orgId}/monitoring/alerts?kind=meh`);
    expect(bad.status).toBe(422);
  });

  it('shows a post\'s snapshots in checkpoint order, a missed one with its reason', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/monitoring/posts/${postId}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.snapshots.map((s: { checkpoint: string; status: string }) => [s.checkpoint, s.status])).toEqual([['15m', 'missed'], ['1h', 'taken']]);
    expect(body.snapshots[0].missedReason).toContain('HTTP 503');
    expect(body.alerts).toHaveLength(1);
  });

  it('keeps other organisations out', async () => {
    expect((await outsider.request(`/api/v1/orgs/${owner.orgId}/monitoring/alerts`)).status).toBe(404);
    expect((await outsider.request(`/api/v1/orgs/${outsider.orgId}/monitoring/posts/${postId}`)).status).toBe(404);
    expect((await (await outsider.request(`/api/v1/orgs/${outsider.orgId}/monitoring/alerts`)).json()).alerts).toEqual([]);
  });
});
