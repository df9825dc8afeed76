import { Alert } from '../../../components/ui/alert.js';
import { inZone } from '../../../lib/time.js';
import { isRewriting, useCurrentStrategy, type Strategy } from '../api/strategy.js';
import { dayLabel } from '../../../lib/local-dates.js';
import '../strategy.css';
import { DecisionBar } from './decision-bar.js';
import { MonthThemes } from './month-themes.js';
import { PredictionRecord } from './prediction-record.js';
import { WeekPlan } from './week-plan.js';

/** Where the week's decision stands, in words. */
function decisionWords(strategy: Strategy, timeZone: string): string {
  const d = strategy.decision;
  switch (d.state) {
    case 'waiting':
      return d.expiresAt ? `Waiting for your decision until ${inZone(d.expiresAt, timeZone)}` : 'Waiting for your decision';
    case 'approved':
      return 'Approved: Herald writes the week\'s posts from this plan.';
    case 'expired':
      return 'No decision in time: Herald follows this plan as written.';
    case 'modified':
      return `Being rewritten with your instructions: “${d.instructions ?? ''}”`;
    case 'regenerated':
      return 'Being written again from scratch.';
  }
}

/** The user's current weekly strategy: themes, the day-by-day plan and predictions, the decision, the month's themes. */
export function StrategyView({ orgId, timeZone, canDecide }: { orgId: string; timeZone: string; canDecide: boolean }) {
  const current = useCurrentStrategy(orgId);
  if (current.isPending) return <p role="status">Loading this week's plan…</p>;
  if (current.error) return <Alert>{current.error.message}</Alert>;
  const strategy = current.data;
  if (!strategy) {
    return (
      <>
        <p className="empty">No weekly plan yet: Herald presents the first one on your planning day and e-mails you when it is ready.</p>
        <PredictionRecord orgId={orgId} />
      </>
    );
  }
  const rewriting = isRewriting(strategy);
  return (
    <>
      <section aria-labelledby="week-heading" className="strategy">
        <header className="strategy-head">
          <h2 id="week-heading">Week of {dayLabel(strategy.weekStart)}</h2>
          <p className={`decision-state state-${strategy.decision.state}`} data-testid="decision-state">
            {decisionWords(strategy, timeZone)}
          </p>
          {rewriting && (
            <p role="status" className="progress">
              <span className="spinner" aria-hidden="true" /> Herald is writing version {strategy.version + 1}; it appears here in a moment.
            </p>
          )}
          <p className="muted">
            Version {strategy.version}
            {strategy.regeneratedWith && <> · written with your instructions “{strategy.regeneratedWith}”</>}
            {strategy.writtenBy?.offlineWritten && <> · planned offline (no AI provider configured)</>}
          </p>
        </header>
        {strategy.decision.state === 'waiting' && canDecide && <DecisionBar key={strategy.id} orgId={orgId} strategy={strategy} />}
        {strategy.decision.state === 'waiting' && !canDecide && <p className="muted">An owner, admin, editor or approver of this organization decides on the plan.</p>}
        <h3>This week's themes</h3>
        {strategy.themes.length ? (
          <ul className="themes">
            {strategy.themes.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">No themes named.</p>
        )}
        {strategy.monthTheme?.title && (
          <p>
            Follows the month's theme <strong>{strategy.monthTheme.title}</strong>
            {strategy.monthTheme.angle && <>: {strategy.monthTheme.angle}</>}
          </p>
        )}
        {strategy.learning?.analysis.headline && <p className="learning">What Herald learned last week: {strategy.learning.analysis.headline}</p>}
        <h3>Day by day</h3>
        <WeekPlan days={strategy.days} timeZone={timeZone} />
      </section>
      <MonthThemes orgId={orgId} month={strategy.monthTheme?.month ?? strategy.weekStart.slice(0, 7)} currentWeek={strategy.monthTheme?.week} />
      <PredictionRecord orgId={orgId} />
    </>
  );
}
