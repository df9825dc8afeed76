import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../../components/ui/alert.js';
import type { Overview } from '../api/analytics.js';
import { number, percent } from '../range.js';

type Answer = { data?: Overview; error: Error | null; isPending: boolean };

/** The range at a glance: totals as tiles, reach and engagements per platform as a chart. */
export function Summary({ overview }: { overview: Answer }) {
  if (overview.error) return <Alert>{overview.error.message}</Alert>;
  if (!overview.data) return <p role="status">Loading the overview…</p>;
  const o = overview.data.overview;
  const tiles = [
    ['Posts published', number(o.posts)],
    ['Reach', number(o.reach)],
    ['Engagements', number(o.engagements)],
    ['Engagement rate', percent(o.engagementRate)],
    ['Follower growth', o.followerGrowth === null ? 'not known' : `${o.followerGrowth >= 0 ? '+' : ''}${number(o.followerGrowth)}`],
  ] as const;
  const published = o.byPlatform.filter((p) => p.posts > 0);
  return (
    <>
      <dl className="tiles" aria-label="Totals for the range">
        {tiles.map(([label, value]) => (
          <div key={label} className="tile">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {published.length === 0 ? (
        <p className="empty">No post was published in this range, so there is nothing to chart yet.</p>
      ) : (
        <figure className="chart" role="img" aria-label={`Reach and engagements per platform: ${published.map((p) => `${p.key} ${number(p.reach)} reach, ${number(p.engagements)} engagements`).join('; ')}`}>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={published} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="key" />
              <YAxis width={48} />
              <Tooltip />
              <Legend />
              <Bar dataKey="reach" name="Reach" fill="#2b59c3" />
              <Bar dataKey="engagements" name="Engagements" fill="#1f7a45" />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
    </>
  );
}

/** Followers per connected platform: their count at the end of the range and the change over it. */
export function AccountMetrics({ overview }: { overview: Answer }) {
  if (overview.error) return <Alert>{overview.error.message}</Alert>;
  if (!overview.data) return <p role="status">Loading account metrics…</p>;
  const platforms = overview.data.overview.byPlatform;
  if (platforms.length === 0) return <p className="empty">No connected account has metrics for this range.</p>;
  return (
    <div className="table-wrap">
      <table className="figures">
        <caption className="muted">Follower counts as the platforms report them</caption>
        <thead>
          <tr>
            <th scope="col">Platform</th>
            <th scope="col">Followers</th>
            <th scope="col">Growth</th>
            <th scope="col">Account reach</th>
          </tr>
        </thead>
        <tbody>
          {platforms.map((p) => (
            <tr key={p.key}>
              <th scope="row">{p.key}</th>
              {p.accountMetricsUnavailable ? (
                <td colSpan={3} className="muted">
                  {p.accountMetricsUnavailable}
                </td>
              ) : (
                <>
                  <td>{p.followers === null ? '–' : number(p.followers)}</td>
                  <td>{p.followerGrowth === null ? '–' : `${p.followerGrowth >= 0 ? '+' : ''}${number(p.followerGrowth)}`}</td>
                  <td>{p.accountReach === null ? '–' : number(p.accountReach)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
