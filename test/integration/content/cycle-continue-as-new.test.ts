import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleRuns } from '../../../db/schema/index.js';
import { dailyRunId, workflowIds } from '../../../temporal-config/workflow-ids.js';
import { cycleStateQuery, pauseCycleUpdate, resumeCycleUpdate, runCycleNowUpdate } from '../../../workflows/cycle.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';
import { waitFor } from '../../support/processes.js';
import { startCycleOnTimeSkipping, startTimeSkipping, type TimeSkippingWorld } from '../../support/time-skipping.js';

const HOUR_MS = 3_600_000;
const ZONE = 'Asia/Tokyo'; // no daylight saving: 02:00 local is always 17:00 UTC the day before

/** The next 12:00 local (03:00 UTC) at least an hour after `now`. */
function nextNoonTokyo(now: Date): Date {
  const noon = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3));
  while (noon.getTime() < now.getTime() + HOUR_MS) noon.setTime(noon.getTime() + 24 * HOUR_MS);
  return noon;
}
const tokyoDate = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(instant);

/** The run-now Update answers once accepted; the daily run starts a moment later. */
async function resultOfRun(world: TimeSkippingWorld, workflowId: string): Promise<unknown> {
  const handle = world.env.client.workflow.getHandle(workflowId);
  await waitFor(() => handle.describe().then(() => true, () => undefined), 60_000, `daily run ${workflowId} to start`);
  return handle.result();
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('the daily cycle across continue-as-new (time-skipping server)', () => {
  it('a scheduled run continues as new keeping the manual-run count; paused, a run boundary passes without a run and the pause holds', async () => {
    const world: TimeSkippingWorld = await startTimeSkipping(stack);
    try {
      const user = await createTestUser(stack, { timeZone: ZONE });
      // No posts: an abandoned post workflow closing after its run would stall the test server (see time-skipping.ts).
      await createBrandProfile(stack, user, { timeZone: ZONE, platforms: ['linkedin'], postsPerDay: 0 });
      const day1Noon = nextNoonTokyo(await world.now());
      await world.sleepUntil(day1Noon);
      const cycle = await startCycleOnTimeSkipping(world, user);
      const firstRunId = cycle.firstExecutionRunId;
      const day1 = tokyoDate(day1Noon);

      // A manual run on day 1: the first manual run of the cycle's life.
      await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: user.userId }] });
      await resultOfRun(world, dailyRunId(user.orgId, user.userId, day1, 1));

      // Day 2's 02:00 run, then continue-as-new.
      const day2Noon = new Date(day1Noon.getTime() + 24 * HOUR_MS);
      const day2 = tokyoDate(day2Noon);
      await world.sleepUntil(day2Noon);
      const current = world.env.client.workflow.getHandle(workflowIds.cycle(user.orgId, user.userId));
      const afterRun = await current.describe();
      expect(afterRun.runId, 'a new run after the scheduled day').not.toBe(firstRunId);
      const carried = await current.query(cycleStateQuery);
      expect(carried).toMatchObject({ paused: false, lastRunLocalDate: day2, lastRun: { localDate: day2, kind: 'scheduled', failed: 0 } });

      // Paused in the new run, day 3's 02:00 passes: no run, no new execution, still paused.
      await current.executeUpdate(pauseCycleUpdate, { args: [{ actorId: user.userId }] });
      const day3Noon = new Date(day2Noon.getTime() + 24 * HOUR_MS);
      const day3 = tokyoDate(day3Noon);
      await world.sleepUntil(day3Noon);
      expect((await current.describe()).runId).toBe(afterRun.runId);
      expect(await current.query(cycleStateQuery)).toMatchObject({ paused: true, lastRunLocalDate: day2, lastRun: { localDate: day2, kind: 'scheduled' } });
      const day3Runs = await stack.database.db.select().from(cycleRuns).where(and(eq(cycleRuns.userId, user.userId), eq(cycleRuns.localDate, day3)));
      expect(day3Runs).toEqual([]);

      // Resumed, a manual run is numbered 2: the count crossed continue-as-new.
      await current.executeUpdate(resumeCycleUpdate, { args: [{ actorId: user.userId }] });
      await current.executeUpdate(runCycleNowUpdate, { args: [{ actorId: user.userId }] });
      const second = await resultOfRun(world, dailyRunId(user.orgId, user.userId, day3, 2));
      expect(second).toMatchObject({ localDate: day3, kind: 'manual', failed: [] });
      await current.terminate('test over');
    } finally {
      await world.stop();
    }
  });
});
