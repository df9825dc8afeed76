/** A zone where it is between 09:00 and 22:59 now, so a manual run sends its 08:00 digest at once. */
export function zonePastDigestTime(now = new Date()): string {
  const candidates = ['Pacific/Kiritimati', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
  const hour = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  return candidates.find((z) => hour(z) >= 9 && hour(z) <= 22)!;
}
