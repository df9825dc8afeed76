/** Date-range rules for the analytics screen; the API enforces the same (422), this says it before asking. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Today's date (YYYY-MM-DD) in a zone. */
export const todayIn = (timeZone: string, now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

export const addDays = (date: string, days: number) => new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);

/** What is wrong with a range, in words, or null when the API will take it. */
export function rangeProblem(from: string, to: string): string | null {
  if (!DATE.test(from) || Number.isNaN(dayNumber(from))) return 'Enter the first day of the range.';
  if (!DATE.test(to) || Number.isNaN(dayNumber(to))) return 'Enter the last day of the range.';
  const span = dayNumber(to) - dayNumber(from);
  if (span < 0) return `The first day (${from}) comes after the last (${to}): swap them.`;
  if (span >= MAX_RANGE_DAYS) return `A range may span at most ${MAX_RANGE_DAYS} days; this one spans ${span + 1}.`;
  return null;
}

export const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;
export const number = (n: number) => n.toLocaleString();
