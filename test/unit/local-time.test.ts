import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  instantOfLocal,
  intlOffsetAt,
  localDateOf,
  localWeekday,
  nextDailyRun,
} from '../../core/local-time.js';

const NEW_YORK = intlOffsetAt('America/New_York');
const BERLIN = intlOffsetAt('Europe/Berlin');
const KOLKATA = intlOffsetAt('Asia/Kolkata');
const CHATHAM = intlOffsetAt('Pacific/Chatham');
const UTC = intlOffsetAt('UTC');

const ms = (iso: string) => Date.parse(iso);
const iso = (instantMs: number) => new Date(instantMs).toISOString();

/** Consecutive calendar dates computed without the module under test. */
function datesFrom(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

describe('intlOffsetAt', () => {
  it('reports standard and daylight offsets in minutes', () => {
    expect(BERLIN(ms('2027-01-15T12:00:00Z'))).toBe(60);
    expect(BERLIN(ms('2027-07-15T12:00:00Z'))).toBe(120);
    expect(NEW_YORK(ms('2027-01-15T12:00:00Z'))).toBe(-300);
    expect(NEW_YORK(ms('2027-07-15T12:00:00Z'))).toBe(-240);
  });

  it('switches offset exactly at the transition instant, to the millisecond', () => {
    expect(NEW_YORK(ms('2027-03-14T06:59:59.999Z'))).toBe(-300);
    expect(NEW_YORK(ms('2027-03-14T07:00:00.000Z'))).toBe(-240);
    expect(BERLIN(ms('2027-10-31T00:59:59.999Z'))).toBe(120);
    expect(BERLIN(ms('2027-10-31T01:00:00.000Z'))).toBe(60);
  });

  it('handles offsets with minutes: Kolkata +05:30, Chatham +12:45 and +13:45, UTC 0', () => {
    expect(KOLKATA(ms('2027-01-15T12:00:00Z'))).toBe(330);
    expect(KOLKATA(ms('2027-07-15T12:00:00Z'))).toBe(330);
    expect(CHATHAM(ms('2027-07-15T12:00:00Z'))).toBe(765);
    expect(CHATHAM(ms('2027-01-15T12:00:00Z'))).toBe(825);
    expect(UTC(ms('2027-07-15T12:00:00Z'))).toBe(0);
  });
});

describe('local calendar dates', () => {
  it('gives the local date, which can differ from the UTC date', () => {
    expect(localDateOf(ms('2027-03-13T18:29:59.999Z'), KOLKATA)).toBe('2027-03-13');
    expect(localDateOf(ms('2027-03-13T18:30:00Z'), KOLKATA)).toBe('2027-03-14');
    expect(localDateOf(ms('2027-01-15T10:15:00Z'), CHATHAM)).toBe('2027-01-16');
    expect(localDateOf(ms('2027-01-15T10:14:59Z'), CHATHAM)).toBe('2027-01-15');
    expect(localDateOf(ms('2027-03-14T03:59:00Z'), NEW_YORK)).toBe('2027-03-13');
    expect(localDateOf(ms('2027-03-14T23:59:00Z'), UTC)).toBe('2027-03-14');
  });

  it('numbers weekdays ISO style, Monday 1 to Sunday 7', () => {
    expect(localWeekday('2027-03-14')).toBe(7);
    expect(localWeekday('2027-03-15')).toBe(1);
    expect(localWeekday('2027-03-20')).toBe(6);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addLocalDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addLocalDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addLocalDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addLocalDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addLocalDays('2027-03-14', 0)).toBe('2027-03-14');
  });
});

describe('instantOfLocal', () => {
  it('New York spring forward: a missing 02:00 or 02:30 runs at 03:00 EDT = 07:00Z', () => {
    expect(iso(instantOfLocal('2027-03-14', '02:00', NEW_YORK))).toBe('2027-03-14T07:00:00.000Z');
    expect(iso(instantOfLocal('2027-03-14', '02:30', NEW_YORK))).toBe('2027-03-14T07:00:00.000Z');
    expect(iso(instantOfLocal('2027-03-14', '01:59', NEW_YORK))).toBe('2027-03-14T06:59:00.000Z');
    expect(iso(instantOfLocal('2027-03-14', '03:00', NEW_YORK))).toBe('2027-03-14T07:00:00.000Z');
  });

  it('New York fall back: 02:00 EST happens once at 07:00Z, a repeated 01:30 gives the first occurrence 05:30Z', () => {
    expect(iso(instantOfLocal('2027-11-07', '02:00', NEW_YORK))).toBe('2027-11-07T07:00:00.000Z');
    expect(iso(instantOfLocal('2027-11-07', '01:30', NEW_YORK))).toBe('2027-11-07T05:30:00.000Z');
    expect(iso(instantOfLocal('2027-11-07', '01:00', NEW_YORK))).toBe('2027-11-07T05:00:00.000Z');
  });

  it('Berlin spring forward: a missing 02:00 runs at 03:00 CEST = 01:00Z', () => {
    expect(iso(instantOfLocal('2027-03-28', '02:00', BERLIN))).toBe('2027-03-28T01:00:00.000Z');
    expect(iso(instantOfLocal('2027-03-28', '02:59', BERLIN))).toBe('2027-03-28T01:00:00.000Z');
    expect(iso(instantOfLocal('2027-03-28', '03:00', BERLIN))).toBe('2027-03-28T01:00:00.000Z');
  });

  it('Berlin fall back: a repeated 02:00 gives the first occurrence, 02:00 CEST = 00:00Z', () => {
    expect(iso(instantOfLocal('2027-10-31', '02:00', BERLIN))).toBe('2027-10-31T00:00:00.000Z');
    expect(iso(instantOfLocal('2027-10-31', '02:59', BERLIN))).toBe('2027-10-31T00:59:00.000Z');
    expect(iso(instantOfLocal('2027-10-31', '03:00', BERLIN))).toBe('2027-10-31T02:00:00.000Z');
  });

  it('Chatham spring forward at 02:45: a missing 03:00 runs at 03:45 CHADT = 14:00Z the day before', () => {
    expect(iso(instantOfLocal('2027-09-26', '03:00', CHATHAM))).toBe('2027-09-25T14:00:00.000Z');
  });

  it('places local times in zones with minute offsets and in UTC', () => {
    expect(iso(instantOfLocal('2027-03-14', '02:00', KOLKATA))).toBe('2027-03-13T20:30:00.000Z');
    expect(iso(instantOfLocal('2027-07-01', '08:00', CHATHAM))).toBe('2027-06-30T19:15:00.000Z');
    expect(iso(instantOfLocal('2027-01-16', '08:00', CHATHAM))).toBe('2027-01-15T18:15:00.000Z');
    expect(iso(instantOfLocal('2027-03-14', '02:00', UTC))).toBe('2027-03-14T02:00:00.000Z');
  });
});

describe('nextDailyRun over a daily loop across each transition', () => {
  const cases = [
    // before / at / after: the UTC time of the run on days before, on, and after the transition date
    { name: 'New York spring forward, 02:00', zone: 'America/New_York', time: '02:00', transition: '2027-03-14', first: '2027-03-14', before: '07:00', at: '07:00', after: '06:00' },
    { name: 'New York fall back, 02:00', zone: 'America/New_York', time: '02:00', transition: '2027-11-07', first: '2027-11-07', before: '06:00', at: '07:00', after: '07:00' },
    { name: 'Berlin spring forward, 02:00', zone: 'Europe/Berlin', time: '02:00', transition: '2027-03-28', first: '2027-03-28', before: '01:00', at: '01:00', after: '00:00' },
    { name: 'Berlin fall back, 02:00', zone: 'Europe/Berlin', time: '02:00', transition: '2027-10-31', first: '2027-10-31', before: '00:00', at: '00:00', after: '01:00' },
    // 08:00 digest: noon UTC is still before 08:00 in New York, so the loop starts the day before.
    { name: 'New York spring forward, 08:00 digest', zone: 'America/New_York', time: '08:00', transition: '2027-03-14', first: '2027-03-13', before: '13:00', at: '12:00', after: '12:00' },
    // Noon UTC the day before is exactly 08:00 EDT: strictly after means that day is not run.
    { name: 'New York fall back, 08:00 digest', zone: 'America/New_York', time: '08:00', transition: '2027-11-07', first: '2027-11-07', before: '12:00', at: '13:00', after: '13:00' },
    { name: 'Berlin spring forward, 08:00 digest', zone: 'Europe/Berlin', time: '08:00', transition: '2027-03-28', first: '2027-03-28', before: '07:00', at: '06:00', after: '06:00' },
    { name: 'Berlin fall back, 08:00 digest', zone: 'Europe/Berlin', time: '08:00', transition: '2027-10-31', first: '2027-10-31', before: '06:00', at: '07:00', after: '07:00' },
  ];

  for (const c of cases) {
    it(`${c.name}: one run per local date for 10 days, none skipped, each at the expected instant`, () => {
      const offsetAt = intlOffsetAt(c.zone);
      const startMs = ms(`${c.transition}T12:00:00Z`) - 86_400_000; // noon UTC the day before
      const runs: { localDate: string; runAtMs: number }[] = [];
      let nowMs = startMs;
      let lastRunLocalDate: string | undefined;
      for (let i = 0; i < 10; i++) {
        const run = nextDailyRun({ nowMs, time: c.time, offsetAt, lastRunLocalDate });
        runs.push(run);
        nowMs = run.runAtMs + 1;
        lastRunLocalDate = run.localDate;
      }
      const dates = datesFrom(c.first, 10);
      expect(runs.map((r) => r.localDate)).toEqual(dates);
      const expected = dates.map((d) => {
        const hhmm = d < c.transition ? c.before : d === c.transition ? c.at : c.after;
        return `${d}T${hhmm}:00.000Z`;
      });
      expect(runs.map((r) => iso(r.runAtMs))).toEqual(expected);
      for (const r of runs) expect(localDateOf(r.runAtMs, offsetAt)).toBe(r.localDate);
    });
  }
});

describe('nextDailyRun', () => {
  it('does not return a run again when now is exactly its instant', () => {
    const runAtMs = ms('2027-10-31T00:00:00Z');
    expect(nextDailyRun({ nowMs: runAtMs - 1, time: '02:00', offsetAt: BERLIN })).toEqual({ localDate: '2027-10-31', runAtMs });
    const next = nextDailyRun({ nowMs: runAtMs, time: '02:00', offsetAt: BERLIN });
    expect(next.localDate).toBe('2027-11-01');
    expect(iso(next.runAtMs)).toBe('2027-11-01T01:00:00.000Z');
  });

  it('does not run again when the wall clock shows 02:00 a second time on a fall-back night', () => {
    // Ran at 02:00 CEST (00:00Z); at 01:00Z the clock reads 02:00 CET.
    const next = nextDailyRun({ nowMs: ms('2027-10-31T01:00:00Z'), time: '02:00', offsetAt: BERLIN, lastRunLocalDate: '2027-10-31' });
    expect(next).toEqual({ localDate: '2027-11-01', runAtMs: ms('2027-11-01T01:00:00Z') });
  });

  it('lastRunLocalDate prevents a second run inside the repeated hour when the run time moves later', () => {
    // Ran at 02:00 CEST; the user then moved the run to 02:30, which still lies ahead (00:30Z).
    const nowMs = ms('2027-10-31T00:00:00Z') + 1;
    expect(nextDailyRun({ nowMs, time: '02:30', offsetAt: BERLIN }).localDate).toBe('2027-10-31');
    const guarded = nextDailyRun({ nowMs, time: '02:30', offsetAt: BERLIN, lastRunLocalDate: '2027-10-31' });
    expect(guarded).toEqual({ localDate: '2027-11-01', runAtMs: ms('2027-11-01T01:30:00Z') });
  });

  it('New York 01:30 on fall-back night runs once, at the first occurrence', () => {
    const first = nextDailyRun({ nowMs: ms('2027-11-06T12:00:00Z'), time: '01:30', offsetAt: NEW_YORK, lastRunLocalDate: '2027-11-06' });
    expect(first).toEqual({ localDate: '2027-11-07', runAtMs: ms('2027-11-07T05:30:00Z') });
    const second = nextDailyRun({ nowMs: first.runAtMs + 1, time: '01:30', offsetAt: NEW_YORK, lastRunLocalDate: first.localDate });
    expect(second).toEqual({ localDate: '2027-11-08', runAtMs: ms('2027-11-08T06:30:00Z') });
  });

  it('schedules in Kolkata, Chatham and UTC on the local date, not the UTC date', () => {
    expect(nextDailyRun({ nowMs: ms('2027-03-13T20:00:00Z'), time: '02:00', offsetAt: KOLKATA })).toEqual({
      localDate: '2027-03-14',
      runAtMs: ms('2027-03-13T20:30:00Z'),
    });
    expect(nextDailyRun({ nowMs: ms('2027-01-15T12:00:00Z'), time: '02:00', offsetAt: CHATHAM })).toEqual({
      localDate: '2027-01-16',
      runAtMs: ms('2027-01-15T12:15:00Z'),
    });
    expect(nextDailyRun({ nowMs: ms('2027-07-15T12:00:00Z'), time: '02:00', offsetAt: CHATHAM })).toEqual({
      localDate: '2027-07-16',
      runAtMs: ms('2027-07-15T13:15:00Z'),
    });
    expect(nextDailyRun({ nowMs: ms('2027-05-01T02:00:00Z'), time: '02:00', offsetAt: UTC })).toEqual({
      localDate: '2027-05-02',
      runAtMs: ms('2027-05-02T02:00:00Z'),
    });
  });

  it('starts after lastRunLocalDate even when that date is ahead of today', () => {
    const next = nextDailyRun({ nowMs: ms('2027-05-01T00:00:00Z'), time: '02:00', offsetAt: UTC, lastRunLocalDate: '2027-05-03' });
    expect(next).toEqual({ localDate: '2027-05-04', runAtMs: ms('2027-05-04T02:00:00Z') });
  });
});

describe('invalid input', () => {
  it('rejects malformed or impossible dates, naming the YYYY-MM-DD format', () => {
    for (const bad of ['2027-3-14', '14.03.2027', '2027-02-30', '2027-02-29', '2027-13-01', '']) {
      expect(() => instantOfLocal(bad, '02:00', UTC)).toThrow(/expected a calendar date as YYYY-MM-DD/);
    }
    expect(() => localWeekday('tomorrow')).toThrow(/YYYY-MM-DD/);
    expect(() => addLocalDays('2027/03/14', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => nextDailyRun({ nowMs: 0, time: '02:00', offsetAt: UTC, lastRunLocalDate: '31/10/2027' })).toThrow(/YYYY-MM-DD/);
  });

  it('rejects malformed times, naming the HH:MM format', () => {
    for (const bad of ['2:00', '24:00', '02:60', '02:00:00', '0200', '']) {
      expect(() => instantOfLocal('2027-03-14', bad, UTC)).toThrow(/expected HH:MM, 24-hour/);
    }
    expect(() => nextDailyRun({ nowMs: 0, time: '8am', offsetAt: UTC })).toThrow(/HH:MM/);
  });

  it('rejects unknown zones, non-finite instants and fractional day counts', () => {
    expect(() => intlOffsetAt('Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus": expected an IANA name/);
    expect(() => localDateOf(Number.NaN, UTC)).toThrow(/expected epoch milliseconds/);
    expect(() => nextDailyRun({ nowMs: Number.POSITIVE_INFINITY, time: '02:00', offsetAt: UTC })).toThrow(/epoch milliseconds/);
    expect(() => addLocalDays('2027-03-14', 1.5)).toThrow(/expected an integer/);
  });
});
