import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountReadActivities } from '../../../activities/analytics/account-reads.js';
import { PLATFORMS, type Platform } from '../../../core/platforms.js';
import { accountMetricReads } from '../../../db/schema/index.js';
import { platformHarness, type PlatformHarness } from '../../support/platforms.js';

let h: PlatformHarness;
const accounts = new Map<Platform, string>();

beforeAll(async () => {
  h = await platformHarness();
  for (const platform of PLATFORMS) accounts.set(platform, await h.connect(platform));
});
afterAll(() => h?.close());

const readsOn = async (day: string) => {
  const rows = await h.database.db.select().from(accountMetricReads).where(eq(accountMetricReads.day, day));
  return new Map(rows.map((r) => [r.platform as Platform, r]));
};

describe('daily account reads', () => {
  it('stores each platform\'s followers (and reach where it has one) as the emulator answers them on the wire', async () => {
    const read = accountReadActivities(h.database.db, h.platforms);
    const outcome = await read.readAccountMetrics({ orgId: h.orgId, day: '2026-03-02' });
    expect(outcome).toEqual({ taken: 5, unavailable: 1, missed: 0 });
    const rows = await readsOn('2026-03-02');
    for (const platform of ['x', 'facebook', 'instagram', 'tiktok', 'youtube'] as const) {
      const account = await h.accountRow(accounts.get(platform)!);
      expect(rows.get(platform), platform).toMatchObject({ status: 'taken', followers: h.emulator.state.accountFigures(platform, account.externalId).followers });
    }
    expect(rows.get('facebook')!.reach).toBe(0);
    expect(rows.get('instagram')!.reach).toBe(0);
    expect(rows.get('x')!.reach).toBeNull();
    expect(rows.get('linkedin')).toMatchObject({ status: 'unavailable', followers: null, reason: expect.stringContaining('r_member_followers') });
  });

  it('reads each account once a day, and reads a missed one again', async () => {
    await h.fault({ platform: 'x', route: 'GET /2/users/me', kind: 'server_error', status: 500, times: 10 });
    const read = accountReadActivities(h.database.db, h.platforms);
    const first = await read.readAccountMetrics({ orgId: h.orgId, day: '2026-03-03' });
    expect(first).toMatchObject({ taken: 4, missed: 1 });
    expect((await readsOn('2026-03-03')).get('x')).toMatchObject({ status: 'missed', reason: expect.stringMatching(/X/) });

    // X is back: the missed read is made again the same day; the others are not read twice.
    while (h.emulator.state.queuedFaults('x') > 0) h.emulator.state.takeFault('x', 'GET', '/2/users/me');
    const again = await read.readAccountMetrics({ orgId: h.orgId, day: '2026-03-03' });
    expect(again).toEqual({ taken: 1, unavailable: 0, missed: 0 });
    expect((await readsOn('2026-03-03')).get('x')).toMatchObject({ status: 'taken', reason: null });
  });

  it('says why when the worker cannot reach platforms at all', async () => {
    const outcome = await accountReadActivities(h.database.db, undefined).readAccountMetrics({ orgId: h.orgId, day: '2026-03-04' });
    expect(outcome.skipped).toContain('without platform services');
  });
});
