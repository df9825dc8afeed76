/** Times in a mail are the recipient's local time with the zone named: "Thu 10 Dec, 09:30 (Europe/Berlin)". */
export function localTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const clock = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  return `${clock.format(at)} (${timeZone})`;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Mail bodies written by workflows carry UTC instants; the reader sees them in their own zone. */
export function localizeInstants(text: string, timeZone: string): string {
  return text.replace(ISO_INSTANT, (iso) => localTime(iso, timeZone));
}
