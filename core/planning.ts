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

/** The month (YYYY-MM) whose 30-day themes a week starting on `weekStart` follows. */
export const themeMonthOf = (weekStart: string): string => weekStart.slice(0, 7);

/** Which of the month's weekly themes (1-based) a week follows: the week its first day falls in, the last theme for day 29 on. */
export function themeWeekOf(weekStart: string, themeCount: number): number {
  const dayOfMonth = Number(weekStart.slice(8, 10));
  return Math.min(Math.ceil(dayOfMonth / 7), Math.max(themeCount, 1));
}

/** Where a strategy's decision stands, as a user reads it. */
export type StrategyDecisionState =
  | { state: 'waiting'; expiresAt: string | null }
  | { state: 'approved'; by: string | null; at: string | null }
  | { state: 'modified'; instructions: string | null; by: string | null; at: string | null }
  | { state: 'regenerated'; by: string | null; at: string | null }
  | { state: 'expired'; at: string | null };

export interface StrategyDecisionFacts {
  status: 'presented' | 'approved' | 'superseded' | 'expired' | 'default';
  decision: 'approve_all' | 'modify_strategy' | 'reject_and_regenerate' | null;
  decisionInstructions: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * A presentation is waiting until someone answers or it expires; a superseded one was modified
 * (with the instructions it was given) or rejected and regenerated. A batch strategy, made from an
 * approved or expired plan, reads as approved.
 */
export function strategyDecisionState(f: StrategyDecisionFacts): StrategyDecisionState {
  const by = f.decidedBy;
  const at = f.decidedAt?.toISOString() ?? null;
  switch (f.status) {
    case 'presented':
      return { state: 'waiting', expiresAt: f.expiresAt?.toISOString() ?? null };
    case 'superseded':
      return f.decision === 'modify_strategy' ? { state: 'modified', instructions: f.decisionInstructions, by, at } : { state: 'regenerated', by, at };
    case 'expired':
    case 'default':
      return { state: 'expired', at };
    default:
      return { state: 'approved', by, at };
  }
}
