/**
 * Time-zone arithmetic for Herald's daily cycle (02:00 run, 08:00 digest, in each user's IANA zone).
 * Pure: the zone's offsets come in as an `OffsetAt` function, so tests and workflows stay
 * deterministic; `intlOffsetAt` is the default provider built from the runtime's zone data.
 */

/** Offset of the zone from UTC at an instant, in minutes (e.g. +60 for Berlin in winter, -240 for New York in summer). */
export type OffsetAt = (instantMs: number) => number;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Wall-clock fields read as if they were UTC; setUTCFullYear because Date.UTC maps years 0-99 to 19xx. */
function wallMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

function formatDate(ms: number): string {
  const t = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function parseDate(localDate: string): number {
  const m = DATE_RE.exec(localDate);
  const ms = m ? wallMs(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
  // The round trip rejects dates that Date would silently roll over, like 2027-02-30.
  if (!m || formatDate(ms) !== localDate) {
    throw new Error(`Invalid local date ${JSON.stringify(localDate)}: expected a calendar date as YYYY-MM-DD`);
  }
  return ms;
}

function parseTime(time: string): { h: number; mi: number } {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`Invalid local time ${JSON.stringify(time)}: expected HH:MM, 24-hour, 00:00 to 23:59`);
  return { h: Number(m[1]), mi: Number(m[2]) };
}

function checkInstant(instantMs: number): void {
  if (!Number.isFinite(instantMs)) throw new Error(`Invalid instant ${instantMs}: expected epoch milliseconds`);
}

/** One formatter per zone, made once: building an Intl.DateTimeFormat costs far more than using it (seen in the API's CPU profile). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  const known = formatters.get(timeZone);
  if (known) return known;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new Error(`Unknown time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "Europe/Berlin"`);
  }
  // Bounded: zone names are case-insensitive, so a caller could spell one many ways.
  if (formatters.size >= 1_000) formatters.clear();
  formatters.set(timeZone, fmt);
  return fmt;
}

export function intlOffsetAt(timeZone: string): OffsetAt {
  const fmt = zoneFormatter(timeZone);
  return (instantMs) => {
    checkInstant(instantMs);
    const f: Record<string, number> = {};
    for (const p of fmt.formatToParts(instantMs)) f[p.type] = Number(p.value);
    // The formatter drops milliseconds, so compare against the instant truncated to the second.
    const wall = wallMs(f.year!, f.month!, f.day!, f.hour!, f.minute!, f.second!);
    return (wall - Math.floor(instantMs / 1000) * 1000) / MINUTE_MS;
  };
}

export function localDateOf(instantMs: number, offsetAt: OffsetAt): string {
  checkInstant(instantMs);
  return formatDate(instantMs + offsetAt(instantMs) * MINUTE_MS);
}

/** ISO weekday, 1 = Monday .. 7 = Sunday. */
export function localWeekday(localDate: string): number {
  return new Date(parseDate(localDate)).getUTCDay() || 7;
}

export function addLocalDays(localDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new Error(`Invalid day count ${days}: expected an integer`);
  return formatDate(parseDate(localDate) + days * DAY_MS);
}

/** The instant at which local wall time `HH:MM` on `localDate` happens.
 *  Gap (spring forward, the wall time does not exist): the first valid local time after it (e.g. New York 2027-03-14 02:00 -> 03:00 EDT = 07:00Z).
 *  Overlap (fall back, the wall time happens twice): the first occurrence (e.g. Berlin 2027-10-31 02:00 -> 02:00 CEST = 00:00Z). */
export function instantOfLocal(localDate: string, time: string, offsetAt: OffsetAt): number {
  const { h, mi } = parseTime(time);
  const wall = parseDate(localDate) + (h * 60 + mi) * MINUTE_MS;
  // Real offsets lie within ±14 h, so the offsets a day either side cover every candidate instant
  // (assuming at most one transition in those 48 h, true of every zone Herald serves).
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  // A candidate is real when the zone actually has that offset at the instant it names.
  const valid = [before, after].filter((o) => offsetAt(wall - o * MINUTE_MS) === o).map((o) => wall - o * MINUTE_MS);
  if (valid.length > 0) return Math.min(...valid); // two in an overlap: the earlier is the first occurrence
  // Gap: neither offset yields this wall time. The transition lies between the two candidates;
  // the instant it happens is the first valid local time after the missing one.
  let lo = wall - after * MINUTE_MS; // still on the old offset
  let hi = wall - before * MINUTE_MS; // already on the new offset
  const old = offsetAt(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === old) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Next daily run: the earliest local date D >= localDateOf(nowMs) with D !== lastRunLocalDate (and D > lastRunLocalDate when given)
 *  whose instantOfLocal(D, time) is strictly after nowMs. Returns { localDate, runAtMs }. Never two runs on one local date, never a skipped date. */
export function nextDailyRun(input: { nowMs: number; time: string; offsetAt: OffsetAt; lastRunLocalDate?: string }): {
  localDate: string;
  runAtMs: number;
} {
  const { nowMs, time, offsetAt, lastRunLocalDate } = input;
  parseTime(time);
  let localDate = localDateOf(nowMs, offsetAt);
  if (lastRunLocalDate !== undefined) {
    parseDate(lastRunLocalDate);
    // The guard matters when the wall time repeats or the user moves the run time later the same day.
    if (localDate <= lastRunLocalDate) localDate = addLocalDays(lastRunLocalDate, 1); // YYYY-MM-DD sorts as dates
  }
  // Today's time may have passed, tomorrow's cannot have; the bound only guards a broken OffsetAt.
  for (let i = 0; i < 3; i++, localDate = addLocalDays(localDate, 1)) {
    const runAtMs = instantOfLocal(localDate, time, offsetAt);
    if (runAtMs > nowMs) return { localDate, runAtMs };
  }
  throw new Error(`No run time found after ${new Date(nowMs).toISOString()}: the OffsetAt function looks inconsistent`);
}

/** Wall-clock time `HH:MM` of an instant in the zone. */
export function localTimeOf(instantMs: number, offsetAt: OffsetAt): string {
  checkInstant(instantMs);
  const t = new Date(instantMs + offsetAt(instantMs) * MINUTE_MS);
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

/** The local days `from`..`to` (both included) as [start, end) instants: 23 or 25 hours for a day with a DST change. */
export function localDaysSpan(from: string, to: string, offsetAt: OffsetAt): { startMs: number; endMs: number } {
  return { startMs: instantOfLocal(from, '00:00', offsetAt), endMs: instantOfLocal(addLocalDays(to, 1), '00:00', offsetAt) };
}

/** Days from `from` to `to` (0 for the same day, negative when `to` is earlier). */
export function localDaysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}
