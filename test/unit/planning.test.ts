import { describe, expect, it } from 'vitest';
import { batchDates, strategyDecisionState, themeMonthOf, themeWeekOf } from '../../core/planning.js';

describe('weekly batch schedule', () => {
  it('creates days 8-14 on day 3, 15-21 on day 6, 22-28 on day 9 and 29-35 on day 12 of the plan', () => {
    expect(batchDates('2026-11-23')).toEqual([
      { createOn: '2026-11-25', weekStart: '2026-11-30', weekEnd: '2026-12-06' },
      { createOn: '2026-11-28', weekStart: '2026-12-07', weekEnd: '2026-12-13' },
      { createOn: '2026-12-01', weekStart: '2026-12-14', weekEnd: '2026-12-20' },
      { createOn: '2026-12-04', weekStart: '2026-12-21', weekEnd: '2026-12-27' },
    ]);
  });

  it('counts calendar days across a month and year end', () => {
    expect(batchDates('2026-12-28')[3]).toEqual({ createOn: '2027-01-08', weekStart: '2027-01-25', weekEnd: '2027-01-31' });
  });
});

describe('which of the month\'s themes a week follows', () => {
  it('follows the theme of the week its first day falls in, and the last theme from day 29 on', () => {
    expect(['2027-03-01', '2027-03-07', '2027-03-08', '2027-03-22', '2027-03-29'].map((d) => themeWeekOf(d, 4))).toEqual([1, 1, 2, 4, 4]);
    expect(themeWeekOf('2027-03-29', 5)).toBe(5);
  });

  it('belongs to the month its first day is in', () => {
    expect(themeMonthOf('2027-03-29')).toBe('2027-03');
  });
});

describe('a strategy\'s decision state', () => {
  const facts = { decision: null, decisionInstructions: null, decidedBy: null, decidedAt: null, expiresAt: null } as const;
  const at = new Date('2027-03-02T10:00:00Z');

  it('waits until its expiry, and reads modified with the instructions it was given', () => {
    expect(strategyDecisionState({ ...facts, status: 'presented', expiresAt: at })).toEqual({ state: 'waiting', expiresAt: at.toISOString() });
    expect(strategyDecisionState({ ...facts, status: 'superseded', decision: 'modify_strategy', decisionInstructions: 'More croissants', decidedBy: 'u1', decidedAt: at })).toEqual({
      state: 'modified',
      instructions: 'More croissants',
      by: 'u1',
      at: at.toISOString(),
    });
  });

  it('reads a rejection as regenerated, a lapse as expired, and a batch as approved', () => {
    expect(strategyDecisionState({ ...facts, status: 'superseded', decision: 'reject_and_regenerate' }).state).toBe('regenerated');
    expect(strategyDecisionState({ ...facts, status: 'expired', decidedAt: at }).state).toBe('expired');
    expect(strategyDecisionState({ ...facts, status: 'approved' }).state).toBe('approved');
  });
});
