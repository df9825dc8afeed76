import { describe, expect, it } from 'vitest';
import { batchDates } from '../../core/planning.js';

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
