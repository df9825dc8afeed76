import { describe, expect, it } from 'vitest';
import { digestDueAt } from '../../activities/content/notify.js';

/**
 * When a reader's approval digest of a day is due: their hour, in their zone, on the date it is for
 * them when the day begins in the run's zone. Zones without daylight saving in December.
 */
describe('the digest of a day is due at its reader\'s hour on the reader\'s date of that day', () => {
  it.each([
    // Reader and run in one zone: their 08:00 of the day.
    { day: 'Europe/Berlin', reader: 'Europe/Berlin', hour: null, due: '2026-12-10T07:00:00.000Z' },
    { day: 'Asia/Tokyo', reader: 'Asia/Tokyo', hour: 7, due: '2026-12-09T22:00:00.000Z' },
    // A reader ahead of the run's zone: the same date.
    { day: 'Europe/Berlin', reader: 'Asia/Kolkata', hour: null, due: '2026-12-10T02:30:00.000Z' },
    // A reader behind: the date it still is for them when the day begins, so it is not a day late.
    // UTC+14's 10 December begins at 10:00 UTC on the 9th; the UTC reader's 08:00 of the 9th has passed.
    { day: 'Pacific/Kiritimati', reader: 'UTC', hour: null, due: '2026-12-09T08:00:00.000Z' },
    { day: 'Europe/Berlin', reader: 'America/New_York', hour: 11, due: '2026-12-09T16:00:00.000Z' },
  ])('a $day day read in $reader at ${hour}:00', ({ day, reader, hour, due }) => {
    expect(new Date(digestDueAt('2026-12-10', day, { timeZone: reader, digestHour: hour })).toISOString()).toBe(due);
  });

  it('never leaves a reader waiting past the day\'s own end for the digest of its posts', () => {
    const dayEnd = Date.parse('2026-12-10T10:00:00Z'); // 11 December 00:00 in UTC+14
    for (const reader of ['UTC', 'America/New_York', 'Pacific/Honolulu', 'Pacific/Pago_Pago'])
      for (const hour of [0, 8, 23]) expect(digestDueAt('2026-12-10', 'Pacific/Kiritimati', { timeZone: reader, digestHour: hour })).toBeLessThan(dayEnd);
  });
});
