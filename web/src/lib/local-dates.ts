/**
 * Calendar arithmetic on local dates (YYYY-MM-DD, a day on the wall calendar, no zone) and the
 * wall-clock date and time of an instant in a named zone, from the browser's own zone data.
 */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const utcOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => dateOf(utcOf(date) + days * DAY_MS);

/** 0 for Monday .. 6 for Sunday: weeks start on Monday. */
export const weekdayOf = (date: string) => (new Date(utcOf(date)).getUTCDay() + 6) % 7;

export const weekStartOf = (date: string) => addDays(date, -weekdayOf(date));

export const daysFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => addDays(first, i));

/** The Monday-to-Sunday weeks that show the whole month of `date`. */
export function monthGridOf(date: string): { first: string; last: string; days: string[] } {
  const monthStart = `${date.slice(0, 7)}-01`;
  const next = new Date(utcOf(monthStart));
  next.setUTCMonth(next.getUTCMonth() + 1);
  const monthEnd = addDays(dateOf(next.getTime()), -1);
  const first = weekStartOf(monthStart);
  const last = addDays(weekStartOf(monthEnd), 6);
  return { first, last, days: daysFrom(first, Math.round((utcOf(last) - utcOf(first)) / DAY_MS) + 1) };
}

export const addMonths = (date: string, months: number) => {
  const d = new Date(utcOf(`${date.slice(0, 7)}-01`));
  d.setUTCMonth(d.getUTCMonth() + months);
  return dateOf(d.getTime());
};

/** The wall-clock date and time (24 h) of an instant in a zone. */
export function wallClockOf(instant: string | number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

export const todayIn = (timeZone: string, nowMs = Date.now()) => wallClockOf(nowMs, timeZone).date;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The zone's offset from UTC at an instant, in minutes, read from its wall clock. */
function offsetMinutesAt(ms: number, timeZone: string): number {
  const { date, time } = wallClockOf(ms, timeZone);
  return (Date.parse(`${date}T${time}:00Z`) - Math.floor(ms / MINUTE_MS) * MINUTE_MS) / MINUTE_MS;
}

/**
 * How many minutes `time` (HH:MM on the wall clock) lies from the instant `from`, taking the
 * nearest day: 00:10 is 20 minutes after 23:50. Real minutes: across a daylight-saving change the
 * wall clock jumps, so 01:40 is 30 minutes before 03:10 on a spring-forward night, not 90.
 */
export function minutesFromWallClock(from: string, time: string, timeZone: string): number {
  const fromMs = Date.parse(from);
  const onTheWall = ((((minutesOf(time) - minutesOf(wallClockOf(fromMs, timeZone).time) + 720) % 1440) + 1440) % 1440) - 720;
  return onTheWall - (offsetMinutesAt(fromMs + onTheWall * MINUTE_MS, timeZone) - offsetMinutesAt(fromMs, timeZone));
}

/** "Mon 7 Dec" for a local date. */
export const dayLabel = (date: string, locale?: string) => new Date(utcOf(date)).toLocaleDateString(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** "December 2026" for the month of a local date. */
export const monthLabel = (date: string, locale?: string) => new Date(utcOf(date)).toLocaleDateString(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** The instant a wall-clock date and time (HH:MM) names in a zone; a time a DST change skips moves on by the gap. */
export function instantOfWallClock(date: string, time: string, timeZone: string): number {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  let guess = asUtc;
  // Twice: the zone's offset at the first guess may differ from the offset at the answer.
  for (let i = 0; i < 2; i++) {
    const wall = wallClockOf(guess, timeZone);
    guess += asUtc - Date.parse(`${wall.date}T${wall.time}:00Z`);
  }
  return guess;
}
