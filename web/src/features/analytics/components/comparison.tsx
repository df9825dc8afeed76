import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../../components/ui/alert.js';
import { Select } from '../../../components/ui/select.js';
import { analyticsPath, useComparison, type CompareBy, type DateRange } from '../api/analytics.js';
import { number, percent } from '../range.js';
import { CsvLink } from './csv-link.js';

const BY_WORDS: Record<CompareBy, string> = {
  platform: 'Platform',
  contentType: 'Content type',
  hour: 'Hour of day',
  weekday: 'Day of week',
  hashtag: 'Hashtag',
};
const BY_OPTIONS = (Object.keys(BY_WORDS) as CompareBy[]).map((id) => ({ id, label: BY_WORDS[id] }));

/** Engagement rate grouped by one dimension, as a bar chart with its figures in a table. */
export function Comparison({ orgId, range }: { orgId: string; range: DateRange | null }) {
  const [by, setBy] = useState<CompareBy>('platform');
  const comparison = useComparison(orgId, range, by);
  const groups = comparison.data?.groups.map((g) => ({ ...g, key: String(g.key ?? '–'), ratePercent: Number((g.engagementRate * 100).toFixed(2)) })) ?? [];
  return (
    <>
      <div className="section-bar">
        <Select label="Compare by" options={BY_OPTIONS} value={by} onChange={(id) => setBy(id as CompareBy)} />
        {range && <CsvLink path={analyticsPath(orgId, 'compare', range, { by }, true)} what={`the comparison by ${BY_WORDS[by].toLowerCase()}`} />}
      </div>
      {comparison.error ? (
        <Alert>{comparison.error.message}</Alert>
      ) : !comparison.data ? (
        <p role="status">Loading the comparison…</p>
      ) : groups.length === 0 ? (
        <p className="empty">Nothing to compare: no post was published in this range.</p>
      ) : (
        <>
          <figure className="chart" role="img" aria-label={`Engagement rate by ${BY_WORDS[by].toLowerCase()}: ${groups.map((g) => `${g.key} ${percent(g.engagementRate)}`).join('; ')}`}>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={groups} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="key" />
                <YAxis width={48} unit="%" />
                <Tooltip />
                <Bar dataKey="ratePercent" name="Engagement rate (%)" fill="#2b59c3" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <div className="table-wrap">
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">{BY_WORDS[by]}</th>
                  <th scope="col">Posts</th>
                  <th scope="col">Reach</th>
                  <th scope="col">Engagement rate</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{g.key}</th>
                    <td>{number(g.posts)}</td>
                    <td>{number(g.reach)}</td>
                    <td>{percent(g.engagementRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
