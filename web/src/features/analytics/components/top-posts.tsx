import { Link } from 'react-router';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../../components/ui/alert.js';
import { inZone } from '../../../lib/time.js';
import type { RankedPosts } from '../api/analytics.js';
import { number, percent } from '../range.js';

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** The best posts of the range by engagement rate, each linking to its detail. */
export function TopPosts({ answer, timeZone }: { answer: { data?: RankedPosts; error: Error | null }; timeZone: string }) {
  if (answer.error) return <Alert>{answer.error.message}</Alert>;
  if (!answer.data) return <p role="status">Loading top posts…</p>;
  const posts = answer.data.posts;
  if (posts.length === 0) return <p className="empty">No published post in this range yet.</p>;
  const bars = posts.map((p, i) => ({ name: `#${i + 1} ${p.platform}`, ratePercent: Number((p.engagementRate * 100).toFixed(2)) }));
  return (
    <>
      <figure className="chart" role="img" aria-label={`Engagement rate of the top ${posts.length} posts: ${posts.map((p, i) => `#${i + 1} ${percent(p.engagementRate)}`).join('; ')}`}>
        <ResponsiveContainer width="100%" height={Math.max(120, posts.length * 32)}>
          <BarChart data={bars} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16 }}>
            <XAxis type="number" unit="%" />
            <YAxis type="category" dataKey="name" width={96} />
            <Tooltip />
            <Bar dataKey="ratePercent" name="Engagement rate (%)" fill="#2b59c3" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <ol className="rows top-posts" aria-label="Top posts">
        {posts.map((p) => (
          <li key={p.targetId}>
            <Link className="name" to={`/posts/${p.postId}`}>
              {excerpt(p.text) || 'Untitled post'}
            </Link>
            <span className="pill">{p.platform}</span>
            <span className="muted">{inZone(p.publishedAt, timeZone)}</span>
            <span>
              {percent(p.engagementRate)} · {number(p.reach)} reach · {number(p.engagements)} engagements
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
