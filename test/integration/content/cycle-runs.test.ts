import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleActivities } from '../../../activities/content/cycle.js';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { createUserWithOrg } from '../../../db/queries/identity.js';
import { cycleRuns } from '../../../db/schema/index.js';
import { dailyRunId } from '../../../temporal-config/workflow-ids.js';
import { testDatabaseUrl } from '../../support/database.js';

/** The claim on a local date a scheduled daily run makes first (startCycleRun), against real Postgres. */
let database: DatabaseHandle;
beforeAll(() => {
  database = openDatabase(testDatabaseUrl(), 3);
});
afterAll(() => database?.close());

async function newUser() {
  const { user, orgId } = await createUserWithOrg(database.db, { email: `${Math.random().toString(36).slice(2)}@example.test`, name: 'Runner', timeZone: 'Europe/Berlin', role: 'owner' });
  return { orgId, userId: user.id };
}

describe('one scheduled run per local date', () => {
  it('a retried claim (its first attempt committed, the answer was lost) still runs, and the date is claimed once', async () => {
    const account = await newUser();
    const acts = cycleActivities(database.db);
    const claim = { ...account, localDate: '2026-11-23', kind: 'scheduled' as const, timeZone: 'Europe/Berlin', workflowId: dailyRunId(account.orgId, account.userId, '2026-11-23'), startedAtMs: Date.now() };
    expect(await acts.startCycleRun(claim)).toEqual({ alreadyRan: false });
    expect(await acts.startCycleRun({ ...claim, startedAtMs: Date.now() + 1_000 })).toEqual({ alreadyRan: false });
    expect(await database.db.select().from(cycleRuns).where(eq(cycleRuns.userId, account.userId))).toHaveLength(1);
  });

  it('another scheduled run for the same date finds it taken; a manual run that day is not held back', async () => {
    const account = await newUser();
    const acts = cycleActivities(database.db);
    const base = { ...account, localDate: '2026-11-24', timeZone: 'Europe/Berlin', startedAtMs: Date.now() };
    expect(await acts.startCycleRun({ ...base, kind: 'scheduled', workflowId: dailyRunId(account.orgId, account.userId, '2026-11-24') })).toEqual({ alreadyRan: false });
    // A second cycle run (say, after a restart under another id) for the same local date.
    expect(await acts.startCycleRun({ ...base, kind: 'scheduled', workflowId: `${dailyRunId(account.orgId, account.userId, '2026-11-24')}-again` })).toEqual({ alreadyRan: true });
    expect(await acts.startCycleRun({ ...base, kind: 'manual', workflowId: dailyRunId(account.orgId, account.userId, '2026-11-24', 1) })).toEqual({ alreadyRan: false });
    const rows = await database.db.select().from(cycleRuns).where(eq(cycleRuns.userId, account.userId));
    expect(rows.map((r) => r.kind).sort()).toEqual(['manual', 'scheduled']);
  });
});
