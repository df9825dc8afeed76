import { Alert } from '../../../components/ui/alert.js';
import type { WeeklyAnalyses } from '../api/analytics.js';

const weekOf = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', dateStyle: 'medium' });

/** The learning agent's weekly analysis in plain words, newest week first. */
export function WeeklyInsights({ answer }: { answer: { data?: WeeklyAnalyses; error: Error | null } }) {
  if (answer.error) return <Alert>{answer.error.message}</Alert>;
  if (!answer.data) return <p role="status">Loading the weekly insights…</p>;
  const weeks = [...answer.data.weeks].sort((a, b) => b.weekStart.localeCompare(a.weekStart));
  if (weeks.length === 0) return <p className="empty">No weekly analysis covers this range yet: Herald writes one after each week with published posts.</p>;
  return (
    <div className="insights">
      {weeks.map((w) => (
        <article key={w.weekStart} aria-labelledby={`week-${w.weekStart}`}>
          <h3 id={`week-${w.weekStart}`}>Week of {weekOf(w.weekStart)}</h3>
          {w.offlineWritten && <p className="muted">Written offline, without an AI model.</p>}
          <ul>
            {w.inWords.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </article>
      ))}
    </div>
  );
}
