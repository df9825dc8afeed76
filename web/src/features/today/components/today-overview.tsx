import { AlertsPanel } from './alerts-panel.js';
import { OutToday } from './out-today.js';
import '../today.css';

/** Beside the approval queue: what goes out today and what needs a look. */
export function TodayOverview({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  return (
    <div className="today-overview">
      <OutToday orgId={orgId} timeZone={timeZone} />
      <AlertsPanel orgId={orgId} timeZone={timeZone} />
    </div>
  );
}
