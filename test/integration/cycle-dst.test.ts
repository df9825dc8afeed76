import { eq } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleRuns } from '../../db/schema/index.js';
import { dailyRunId } from '../../temporal-config/workflow-ids.js';
import { cycleStateQuery } from '../../workflows/cycle.js';
import type { DailyRunSummary } from '../../workflows/daily-run.js';
import { createBrandProfile } from '../support/content.js';
import { createTestUser, startStack, type TestStack } from '../support/stack.js';
import { startCycleOnTimeSkipping, startTimeSkipping, type TimeSkippingWorld } from '../support/time-skipping.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A daylight-saving change and, written from the zone's law rather than from core/local-time,
 * the UTC offset (hours) that 02:00 local takes the day before, on the day and after:
 * - spring forward: 02:00 does not exist; the run is at 03:00 new time, the same instant as 02:00 old time;
 * - fall back: New York repeats 01:00-01:59, so 02:00 happens once, on standard time;
 *   Berlin repeats 02:00-02:59, and the run takes the first 02:00, still on summer time.
 */
interface DstChange {
  name: string;
  timeZone: string;
  /** The change's Sunday in `year`: month (1-12) and which Sunday (1 = first, -1 = last). */
  month: number;
  sunday: number;
  offsets: { before: number; onTheDay: number; after: number };
}

const CHANGES: DstChange[] = [
  { name: 'New York spring-forward', timeZone: 'America/New_York', month: 3, sunday: 2, offsets: { before: -5, onTheDay: -5, after: -4 } },
  { name: 'New York fall-back', timeZone: 'America/New_York', month: 11, sunday: 1, offsets: { before: -4, onTheDay: -5, after: -5 } },
  { name: 'Berlin spring-forward', timeZone: 'Europe/Berlin', month: 3, sunday: -1, offsets: { before: 1, onTheDay: 1, after: 2 } },
  { name: 'Berlin fall-back', timeZone: 'Europe/Berlin', month: 10, sunday: -1, offsets: { before: 2, onTheDay: 2, after: 1 } },
];

/** Midnight UTC of the change's Sunday in `year`, as a date-only epoch value. */
function changeDay(change: DstChange, year: number): number {
  if (change.sunday > 0) {
    const first = Date.UTC(year, change.month - 1, 1);
    return first + (((7 - new Date(first).getUTCDay()) % 7) + (change.sunday - 1) * 7) * DAY_MS;
  }
  const last = Date.UTC(year, change.month, 0);
  return last - new Date(last).getUTCDay() * DAY_MS;
}

const isoDate = (dayMs: number) => new Date(dayMs).toISOString().slice(0, 10);
/** The instant of `hour`:00 wall time on the date starting at `dayMs`, at a UTC offset in hours. */
const wallAt = (dayMs: number, hour: number, offset: number) => new Date(dayMs + (hour - offset) * HOUR_MS);

/** The next occurrence of the change at least three days after `now` (the cycle starts two days before it). */
function nextChange(change: DstChange, now: Date) {
  let year = now.getUTCFullYear();
  while (changeDay(change, year) - 3 * DAY_MS < now.getTime()) year++;
  const day = changeDay(change, year);
  const { before, onTheDay, after } = change.offsets;
  return {
    startAt: wallAt(day - 2 * DAY_MS, 12, before),
    stopAt: wallAt(day + 2 * DAY_MS, 12, after),
    expected: [
      { localDate: isoDate(day - DAY_MS), runAt: wallAt(day - DAY_MS, 2, before) },
      { localDate: isoDate(day), runAt: wallAt(day, 2, onTheDay) },
      { localDate: isoDate(day + DAY_MS), runAt: wallAt(day + DAY_MS, 2, after) },
      { localDate: isoDate(day + 2 * DAY_MS), runAt: wallAt(day + 2 * DAY_MS, 2, after) },
    ],
    nextRun: { localDate: isoDate(day + 3 * DAY_MS), runAt: wallAt(day + 3 * DAY_MS, 2, after) },
    untouched: [isoDate(day - 2 * DAY_MS), isoDate(day + 3 * DAY_MS)],
  };
}

/** On time: never early, and late only by the moments the worker takes to react (a DST slip is an hour). */
function expectOnTime(actual: Date, expected: Date) {
  expect(actual.getTime(), `${actual.toISOString()} vs ${expected.toISOString()}`).toBeGreaterThanOrEqual(expected.getTime());
  expect(actual.getTime() - expected.getTime(), `${actual.toISOString()} vs ${expected.toISOString()}`).toBeLessThan(60_000);
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('the daily cycle across daylight-saving changes (time-skipping server)', () => {
  it.each(CHANGES)('$name: one scheduled run per local date, at 02:00 local or the rule for the missing/repeated hour', async (change) => {
    const world: TimeSkippingWorld = await startTimeSkipping(stack);
    try {
      const plan = nextChange(change, await world.now());
      const user = await createTestUser(stack, { timeZone: change.timeZone });
      // No posts: each post workflow is an abandoned child that would outlive its daily run, which the test server cannot skip past.
      await createBrandProfile(stack, user, { timeZone: change.timeZone, platforms: ['linkedin'], postsPerDay: 0 });

      await world.sleepUntil(plan.startAt);
      const cycle = await startCycleOnTimeSkipping(world, user);
      await world.sleepUntil(plan.stopAt);
      const state = await cycle.query(cycleStateQuery);
      await cycle.terminate('test over');

      const runs = await stack.database.db.select().from(cycleRuns).where(eq(cycleRuns.userId, user.userId)).orderBy(cycleRuns.startedAt);
      expect(runs.map((r) => ({ localDate: r.localDate, kind: r.kind, status: r.status, timeZone: r.timeZone }))).toEqual(
        plan.expected.map(({ localDate }) => ({ localDate, kind: 'scheduled', status: 'completed', timeZone: change.timeZone })),
      );
      for (const [i, { localDate, runAt }] of plan.expected.entries()) {
        expectOnTime(runs[i]!.startedAt, runAt);
        // The latest execution under the date's id: a second run that day would be a later start that found the date taken.
        const daily = world.env.client.workflow.getHandle(dailyRunId(user.orgId, user.userId, localDate));
        expectOnTime((await daily.describe()).startTime, runAt);
        const summary: DailyRunSummary = await daily.result();
        expect(summary).toMatchObject({ localDate, kind: 'scheduled', failed: [] });
        expect(summary.alreadyRan).toBeUndefined();
      }
      for (const localDate of plan.untouched) {
        await expect(world.env.client.workflow.getHandle(dailyRunId(user.orgId, user.userId, localDate)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      }
      expect(state).toMatchObject({ lastRunLocalDate: plan.expected.at(-1)!.localDate, nextRunLocalDate: plan.nextRun.localDate, nextRunAt: plan.nextRun.runAt.toISOString(), running: false });
    } finally {
      await world.stop();
    }
  });
});
