import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../../components/ui/alert.js';
import type { AccountReads } from '../api/analytics.js';

const COLOURS = ['#2b59c3', '#1f7a45', '#b42318', '#7a3fb4', '#a15c00', '#0b6e79'];

/** Followers per account and day, from the daily account reads. */
export function FollowersChart({ answer }: { answer: { data?: AccountReads; error: Error | null } }) {
  if (answer.error) return <Alert>{answer.error.message}</Alert>;
  if (!answer.data) return <p role="status">Loading follower counts…</p>;
  const taken = answer.data.reads.filter((r) => r.followers !== null);
  if (taken.length === 0) return <p className="empty">No follower count was read in this range.</p>;
  const seriesOf = (r: (typeof taken)[number]) => `${r.platform}${r.account ? ` ${r.account}` : ''}`;
  const series = [...new Set(taken.map(seriesOf))];
  const byDay = new Map<string, Record<string, string | number>>();
  for (const r of taken) byDay.set(r.day, { ...byDay.get(r.day), day: r.day, [seriesOf(r)]: r.followers! });
  const days = [...byDay.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
  return (
    <figure className="chart" role="img" aria-label={`Followers per day for ${series.join(', ')}, from ${days[0]!.day} to ${days.at(-1)!.day}`}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={days} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis width={56} />
          <Tooltip />
          <Legend />
          {series.map((name, i) => (
            <Line key={name} type="monotone" dataKey={name} stroke={COLOURS[i % COLOURS.length]} connectNulls dot={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
