import { useEffect, useState } from 'react';

/** Under this many minutes to the deadline the card is highlighted: the emergency window. */
const URGENT_MINUTES = 15;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function timeLeft(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(m)} min` : `${m} min ${pad(s)} s`;
}

export const inZone = (iso: string, timeZone: string) =>
  `${new Date(iso).toLocaleString(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} (${timeZone})`;

/** A live countdown to the approval deadline, named in the user's zone. */
export function Countdown({ deadline, timeZone }: { deadline: string; timeZone: string }) {
  const now = useNow(1000);
  const left = Date.parse(deadline) - now;
  const state = left <= 0 ? 'closed' : left < URGENT_MINUTES * 60_000 ? 'urgent' : 'open';
  return (
    <p className={`countdown ${state}`} data-testid="countdown">
      {state === 'closed' ? 'Approval closed at ' : 'Approve within '}
      {state !== 'closed' && <strong>{timeLeft(left)}</strong>}
      <span className="muted">
        {state === 'closed' ? '' : ' · closes '}
        <time dateTime={deadline}>{inZone(deadline, timeZone)}</time>
      </span>
    </p>
  );
}
