import { and, asc, eq } from 'drizzle-orm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import { loadAiConfig } from '../../../config/ai.js';
import { cycleRuns } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, uniquePrefix, type TestStack, type TestUser } from '../../support/stack.js';
import { startTimeSkippingEnv } from '../../support/time-skipping.js';

/**
 * Days pass on Temporal's time-skipping server: each user's cycle runs through the spring-forward
 * and fall-back days of America/New_York and Europe/Berlin, and every scheduled run is checked
 * against the instant a person in that zone would expect.
 */
let stack: TestStack;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `${uniquePrefix()}-main`;
const users: Record<'ny' | 'berlin', TestUser> = {} as never;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  env = await startTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({ db: stack.database.db, ai: loadAiConfig({}) }),
  });
  running = worker.run();
  for (const [key, timeZone] of [['ny', 'America/New_York'], ['berlin', 'Europe/Berlin']] as const) {
    users[key] = await createTestUser(stack, { timeZone });
    await createBrandProfile(stack, users[key], { timeZone, platforms: ['linkedin'], postsPerDay: 1 });
  }
}, 300_000);
afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
  await stack?.stop();
});

async function advanceTo(iso: string) {
  const now = await env.currentTimeMs();
  await env.sleep(Date.parse(iso) - now);
}

/** Runs one user's cycle from `from` to `until` (time-skipped), then ends it. */
async function runCycle(user: TestUser, from: string, until: string) {
  await advanceTo(from);
  const handle = await env.client.workflow.start('cycleWorkflow', {
    workflowId: workflowIds.cycle(user.userId),
    taskQueue,
    args: [{ orgId: user.orgId, userId: user.userId, weeklyPlanning: false }],
  });
  await advanceTo(until);
  await env.client.workflow.getHandle(handle.workflowId).terminate('window over');
}

async function scheduledRuns(user: TestUser, from: string, to: string) {
  const rows = await stack.database.db
    .select({ localDate: cycleRuns.localDate, startedAt: cycleRuns.startedAt })
    .from(cycleRuns)
    .where(and(eq(cycleRuns.userId, user.userId), eq(cycleRuns.kind, 'scheduled')))
    .orderBy(asc(cycleRuns.startedAt));
  return rows.filter((r) => r.localDate >= from && r.localDate <= to).map((r) => `${r.localDate} ${r.startedAt.toISOString().slice(11, 16)}Z`);
}

function expected(from: string, to: string, utcTimeOf: (date: string) => string) {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    out.push(`${date} ${utcTimeOf(date)}`);
  }
  return out;
}

describe('the daily cycle across daylight-saving changes', () => {
  it('New York spring forward: 02:00 does not exist on 2027-03-14, so that run is at 03:00 EDT; one run per date', { timeout: 600_000 }, async () => {
    await runCycle(users.ny, '2027-03-12T12:00:00Z', '2027-03-16T12:00:00Z');
    // 02:00 EST = 07:00Z; on 03-14 the first valid time after 02:00 is 03:00 EDT = 07:00Z; then 02:00 EDT = 06:00Z.
    expect(await scheduledRuns(users.ny, '2027-03-13', '2027-03-16')).toEqual(
      expected('2027-03-13', '2027-03-16', (d) => (d <= '2027-03-14' ? '07:00Z' : '06:00Z')),
    );
  });

  it('Berlin spring forward: 02:00 does not exist on 2027-03-28, so that run is at 03:00 CEST; one run per date', { timeout: 600_000 }, async () => {
    await runCycle(users.berlin, '2027-03-26T12:00:00Z', '2027-03-30T12:00:00Z');
    expect(await scheduledRuns(users.berlin, '2027-03-27', '2027-03-30')).toEqual(
      expected('2027-03-27', '2027-03-30', (d) => (d <= '2027-03-28' ? '01:00Z' : '00:00Z')),
    );
  });

  it('Berlin fall back: 02:00 happens twice on 2027-10-31 and the cycle runs once, at the first', { timeout: 600_000 }, async () => {
    await runCycle(users.berlin, '2027-10-29T12:00:00Z', '2027-11-02T12:00:00Z');
    expect(await scheduledRuns(users.berlin, '2027-10-30', '2027-11-02')).toEqual(
      expected('2027-10-30', '2027-11-02', (d) => (d <= '2027-10-31' ? '00:00Z' : '01:00Z')),
    );
  });

  it('New York fall back: 2027-11-07 repeats 01:00-02:00; the 02:00 run happens once, at 02:00 EST', { timeout: 600_000 }, async () => {
    await runCycle(users.ny, '2027-11-05T12:00:00Z', '2027-11-09T12:00:00Z');
    expect(await scheduledRuns(users.ny, '2027-11-06', '2027-11-09')).toEqual(
      expected('2027-11-06', '2027-11-09', (d) => (d < '2027-11-07' ? '06:00Z' : '07:00Z')),
    );
  });
});
