import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../core/platforms.js';
import { dailyRunId } from '../../../temporal-config/workflow-ids.js';
import type { DailyRunInput, DailyRunSummary } from '../../../workflows/daily-run.js';
import { createBrandProfile } from '../../support/content.js';
import { startPublishingStack, type PublishingStack } from '../../support/publishing.js';
import { createTestUser, type TestUser } from '../../support/stack.js';

/**
 * End to end: the daily run's account-figures step reads each connected account's followers (and
 * reach) from the platform emulator over the wire, and the analytics overview's follower growth
 * is made of those reads.
 */
let s: PublishingStack;
let owner: TestUser;
let orgId: string;
const accounts = new Map<Platform, string>();
const DAYS = ['2026-03-02', '2026-03-03'] as const;

beforeAll(async () => {
  s = await startPublishingStack();
  orgId = s.platforms.orgId;
  owner = await createTestUser(s.stack, { orgId, role: 'owner', name: 'Rosa', timeZone: 'UTC' });
  // Past days: no slot is left to fill, so each run is mostly its account reads.
  await createBrandProfile(s.stack, owner, { timeZone: 'UTC', platforms: ['x'], postsPerDay: 1 });
  for (const platform of ['x', 'instagram'] as const) accounts.set(platform, await s.platforms.connect(platform, `rosa-${platform}`));
}, 120_000);
afterAll(() => s?.stop());

async function dailyRun(localDate: string): Promise<DailyRunSummary> {
  return s.stack.temporal.workflow.execute<(input: DailyRunInput) => Promise<DailyRunSummary>>('dailyRunWorkflow', {
    workflowId: dailyRunId(orgId, owner.userId, localDate, 1),
    taskQueue: s.stack.queues.main,
    args: [{ orgId, userId: owner.userId, localDate, kind: 'manual' }],
  });
}

const followersNow = async (platform: Platform) => s.platforms.emulator.state.accountFigures(platform, (await s.platforms.accountRow(accounts.get(platform)!)).externalId).followers;

describe('the daily run\'s account figures', () => {
  it('reads followers from the emulator for each connected account on each run, and the overview\'s follower growth is made of them', async () => {
    const first = await dailyRun(DAYS[0]);
    expect(first.failed.filter((f) => f.step === 'read account figures')).toEqual([]);
    const before = { x: await followersNow('x'), instagram: await followersNow('instagram') };

    // The X account gains followers: a post of its own reaches people for a day.
    const x = await s.platforms.accountRow(accounts.get('x')!);
    s.platforms.emulator.state.acceptPost({ platform: 'x', accountExternalId: x.externalId, id: 'x-post-growth', url: 'https://x.test/x-post-growth', text: 'Fresh rye at 7', mediaCount: 0 });
    await s.platforms.advanceClock(24 * 3_600_000);
    const after = { x: await followersNow('x'), instagram: await followersNow('instagram') };
    expect(after.x).toBeGreaterThan(before.x);

    const second = await dailyRun(DAYS[1]);
    expect(second.failed.filter((f) => f.step === 'read account figures')).toEqual([]);

    const res = await owner.request(`/api/v1/orgs/${orgId}/analytics/overview?from=${DAYS[0]}&to=${DAYS[1]}`);
    expect(res.status).toBe(200);
    const { overview } = await res.json();
    const byKey = Object.fromEntries(overview.byPlatform.map((p: { key: string }) => [p.key, p]));
    expect(byKey.x).toMatchObject({ followers: after.x, followerGrowth: after.x - before.x });
    expect(byKey.instagram).toMatchObject({ followers: after.instagram, followerGrowth: after.instagram - before.instagram });
    expect(overview.followerGrowth).toBe(after.x - before.x + after.instagram - before.instagram);

    // Each run read each account once, on its own day.
    const reads = await (await owner.request(`/api/v1/orgs/${orgId}/analytics/accounts?from=${DAYS[0]}&to=${DAYS[1]}&format=csv`)).text();
    for (const day of DAYS) for (const platform of ['x', 'instagram']) expect(reads).toMatch(new RegExp(`^${day},${platform},[^,]*,taken,`, 'm'));
  }, 300_000);
});
