import { useEffect, useState } from 'react';
import { inZone, timeLeft } from '../../../lib/time.js';

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
