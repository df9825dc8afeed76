import { useSearchParams } from 'react-router';
import { analyticsPath, useAccountReads, useOverview, useTopPosts, useWeeklyAnalyses, type DateRange } from '../api/analytics.js';
import { addDays, DEFAULT_RANGE_DAYS, rangeProblem, todayIn } from '../range.js';
import '../analytics.css';
import { Comparison } from './comparison.js';
import { CsvLink } from './csv-link.js';
import { DateRangeForm } from './date-range-form.js';
import { FollowersChart } from './followers-chart.js';
import { AccountMetrics, Summary } from './summary.js';
import { TopPosts } from './top-posts.js';
import { WeeklyInsights } from './weekly-insights.js';

/** Analytics for a range kept in the address (?from=&to=), so a reload or a shared link shows the same days. */
export function AnalyticsScreen({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? todayIn(timeZone);
  const from = params.get('from') ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const range: DateRange | null = rangeProblem(from, to) ? null : { from, to, timeZone };
  const overview = useOverview(orgId, range);
  const topPosts = useTopPosts(orgId, range);
  const weekly = useWeeklyAnalyses(orgId, range);
  const reads = useAccountReads(orgId, range);
  const csv = (table: string, what: string, extra: Record<string, string> = {}) => range && <CsvLink path={analyticsPath(orgId, table, range, extra, true)} what={what} />;

  return (
    <div className="analytics">
      <DateRangeForm from={from} to={to} timeZone={timeZone} onChange={(f, t) => setParams({ from: f, to: t }, { replace: true })} />
      {overview.isFetching && overview.data && (
        <p role="status" className="muted">
          Updating for the new range…
        </p>
      )}
      <section aria-labelledby="overview-heading">
        <div className="section-bar">
          <h2 id="overview-heading">Overview</h2>
          {csv('overview', 'the overview')}
        </div>
        <Summary overview={overview} />
      </section>
      <section aria-labelledby="insights-heading">
        <div className="section-bar">
          <h2 id="insights-heading">This week's insights</h2>
          {csv('weekly-analyses', 'the insights')}
        </div>
        <WeeklyInsights answer={weekly} />
      </section>
      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading">Comparisons</h2>
        <Comparison orgId={orgId} range={range} />
      </section>
      <section aria-labelledby="top-heading">
        <div className="section-bar">
          <h2 id="top-heading">Top posts</h2>
          {csv('posts', 'the top posts', { order: 'top', limit: '100' })}
        </div>
        <TopPosts answer={topPosts} timeZone={timeZone} />
      </section>
      <section aria-labelledby="accounts-heading">
        <div className="section-bar">
          <h2 id="accounts-heading">Account metrics</h2>
          {csv('accounts', 'the daily account reads')}
        </div>
        <AccountMetrics overview={overview} />
        <FollowersChart answer={reads} />
      </section>
    </div>
  );
}
