import { Alert } from '../../../components/ui/alert.js';
import { useMonthlyThemes } from '../api/strategy.js';
import { monthLabel } from '../../../lib/local-dates.js';
import { words } from '../format.js';

/** The month's 30-day themes, one per week, with the week this plan follows marked. */
export function MonthThemes({ orgId, month, currentWeek }: { orgId: string; month: string; currentWeek?: number }) {
  const themes = useMonthlyThemes(orgId, month);
  return (
    <section aria-labelledby="month-heading">
      <h2 id="month-heading">Themes for {monthLabel(`${month}-01`)}</h2>
      {themes.isPending ? (
        <p role="status">Loading the month's themes…</p>
      ) : themes.error ? (
        <Alert>{themes.error.message}</Alert>
      ) : !themes.data || themes.data.themes.length === 0 ? (
        <p className="empty">No themes for {monthLabel(`${month}-01`)} yet: Herald plans them on the month's first planning day.</p>
      ) : (
        <ol className="month-themes">
          {themes.data.themes.map((t) => (
            <li key={t.week} className={t.week === currentWeek ? 'theme current' : 'theme'} aria-current={t.week === currentWeek ? 'true' : undefined}>
              <p>
                <strong>Week {t.week}: {t.title}</strong>
                {t.week === currentWeek && <span className="pill">this week</span>}
              </p>
              <p>{t.angle}</p>
              {t.contentTypes.length > 0 && <p className="muted">Content: {t.contentTypes.map(words).join(', ')}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
