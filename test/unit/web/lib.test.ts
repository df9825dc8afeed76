import { describe, expect, it } from 'vitest';
import { instantOfWallClock } from '../../../web/src/lib/local-dates.js';
import { safeNext } from '../../../web/src/lib/safe-next.js';
import { inZone, timeLeft } from '../../../web/src/lib/time.js';
import { tokenFromHash } from '../../../web/src/lib/url-token.js';

describe('the web app\'s small rules', () => {
  it('the countdown reads in hours far out and in seconds near the deadline, never below zero', () => {
    expect(timeLeft(65 * 60_000)).toBe('1 h 05 min');
    expect(timeLeft(4 * 60_000 + 9_000)).toBe('4 min 09 s');
    expect(timeLeft(-5_000)).toBe('0 min 00 s');
  });

  it('a time is shown in the user\'s zone with the zone named', () => {
    expect(inZone('2026-12-03T08:30:00Z', 'Europe/Berlin', 'en-GB')).toBe('Thu 3 Dec, 09:30 (Europe/Berlin)');
  });

  it('after logging in, only a path on this site is followed', () => {
    expect(safeNext('/invitation#token=abc')).toBe('/invitation#token=abc');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('an e-mail link\'s token is read from after the #', () => {
    expect(tokenFromHash('#token=abc-DEF_1')).toBe('abc-DEF_1');
    expect(tokenFromHash('')).toBeNull();
  });

  it('a wall-clock date and time in a zone is the instant it names there, in winter and summer', () => {
    expect(new Date(instantOfWallClock('2026-12-03', '09:30', 'Europe/Berlin')).toISOString()).toBe('2026-12-03T08:30:00.000Z');
    expect(new Date(instantOfWallClock('2026-07-03', '09:30', 'Europe/Berlin')).toISOString()).toBe('2026-07-03T07:30:00.000Z');
    expect(new Date(instantOfWallClock('2026-12-03', '23:30', 'America/New_York')).toISOString()).toBe('2026-12-04T04:30:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: the clock jumps from 02:00 to 03:00.
    expect(new Date(instantOfWallClock('2026-03-29', '02:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
