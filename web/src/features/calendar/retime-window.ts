import { wallClockOf } from '../../lib/local-dates.js';

const MINUTE = 60_000;
/** Moves snap to whole 5 minutes from the approved time, on the calendar and on the slider alike. */
export const RETIME_STEP_MINUTES = 5;

/** An approved post's window: the API's `retimeWindow`, read as the approved time and the minutes either way. */
export interface RetimeWindow {
  approvedMs: number;
  earliestMs: number;
  latestMs: number;
  /** Minutes the post may move either way (30). */
  span: number;
}

export function retimeWindowOf(window: { earliest: string; latest: string }): RetimeWindow {
  const earliestMs = Date.parse(window.earliest);
  const latestMs = Date.parse(window.latest);
  const approvedMs = (earliestMs + latestMs) / 2;
  return { approvedMs, earliestMs, latestMs, span: Math.round((latestMs - approvedMs) / MINUTE) };
}

/** The instant `minutes` from the approved time. */
export const instantAt = (w: RetimeWindow, minutes: number) => w.approvedMs + minutes * MINUTE;

/** Minutes from the approved time, snapped to the step, of an instant a drag points at. */
export const snappedOffset = (w: RetimeWindow, instantMs: number) => Math.round((instantMs - w.approvedMs) / MINUTE / RETIME_STEP_MINUTES) * RETIME_STEP_MINUTES;

export const insideWindow = (w: RetimeWindow, minutes: number) => Math.abs(minutes) <= w.span;

/** "between 09:30 and 10:30 (Europe/Berlin)" */
export const windowInWords = (w: RetimeWindow, timeZone: string) => `between ${wallClockOf(w.earliestMs, timeZone).time} and ${wallClockOf(w.latestMs, timeZone).time} (${timeZone})`;

/** Why a time `minutes` from the approved time is refused, in words the user can act on. */
export function beyondWindowMessage(w: RetimeWindow, minutes: number, timeZone: string): string {
  const clock = (ms: number) => wallClockOf(ms, timeZone).time;
  return `${clock(instantAt(w, minutes))} is ${Math.abs(minutes)} minutes from the approved time ${clock(w.approvedMs)}: an approved post may move at most ${w.span} minutes, ${windowInWords(w, timeZone)}. To publish at another time, reject it and plan a new post.`;
}
