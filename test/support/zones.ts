/** A zone where it is between 09:00 and 22:59 now: past 08:00, and hours from the 02:00 scheduled run (which would refuse a run now) and from midnight. */
export function zonePastDigestTime(now = new Date()): string {
  const candidates = ['Pacific/Kiritimati', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
  const hour = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  return candidates.find((z) => hour(z) >= 9 && hour(z) <= 22)!;
}

/** Zones a whole hour apart (December offsets +14 to -11), so every hour of the day is somewhere. */
const EVERY_HOUR = ['Pacific/Kiritimati', 'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Karachi', 'Asia/Dubai', 'Europe/Moscow', 'Africa/Cairo', 'Europe/Berlin', 'UTC', 'Atlantic/Azores', 'America/Noronha', 'America/Sao_Paulo', 'America/Halifax', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'Pacific/Pago_Pago'];

/**
 * A zone where it is between 03:00 and 06:59 now: after the 02:00 scheduled run, before the 08:00
 * digest (and not within an hour of either).
 */
export function zoneBeforeDigestTime(now = new Date()): string {
  const hour = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  return EVERY_HOUR.find((z) => hour(z) >= 3 && hour(z) <= 6)!;
}
