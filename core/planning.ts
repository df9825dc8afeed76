import { addLocalDays } from './local-time.js';

/**
 * The weekly batch schedule (seed 000), relative to the plan's first day (day 1 = the planning
 * day): on day 3 the content for days 8-14 is created, on day 6 for 15-21, on day 9 for 22-28 and
 * on day 12 for 29-35.
 */
export const BATCH_SCHEDULE = [
  { createOnDay: 3, fromDay: 8, toDay: 14 },
  { createOnDay: 6, fromDay: 15, toDay: 21 },
  { createOnDay: 9, fromDay: 22, toDay: 28 },
  { createOnDay: 12, fromDay: 29, toDay: 35 },
] as const;

/** The strategy presentation waits this long for a decision, reminding along the way. */
export const STRATEGY_RULES = {
  reminderAfterHours: [12, 24],
  expireAfterHours: 48,
  /** Batches are made at this local time, after the 02:00 daily run. */
  batchTime: '03:00',
} as const;

export interface BatchDates {
  createOn: string;
  weekStart: string;
  weekEnd: string;
}

/** Local dates of each batch for a plan starting on `planStart` (YYYY-MM-DD). */
export function batchDates(planStart: string): BatchDates[] {
  const day = (n: number) => addLocalDays(planStart, n - 1);
  return BATCH_SCHEDULE.map((b) => ({ createOn: day(b.createOnDay), weekStart: day(b.fromDay), weekEnd: day(b.toDay) }));
}
