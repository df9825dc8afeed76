/** "1 h 05 min" far from the deadline, "4 min 09 s" close to it; never negative. */
export function timeLeft(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(m)} min` : `${m} min ${pad(s)} s`;
}

/** A moment in the user's zone, with the zone named: times are never shown without it. */
export const inZone = (iso: string, timeZone: string, locale?: string) =>
  `${new Date(iso).toLocaleString(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} (${timeZone})`;
