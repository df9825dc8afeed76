import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { useOutToday } from '../api/today.js';

const PLATFORM_NAMES: Record<string, string> = { x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', tiktok: 'TikTok', youtube: 'YouTube' };

const STAGE_WORDS: Record<string, string> = {
  drafted: 'being written',
  awaiting_approval: 'waiting for approval',
  returned: 'returned to its author',
  approved: 'approved',
  publishing: 'publishing',
  published: 'published',
  failed: 'failed',
  rejected: 'rejected',
  skipped: 'skipped',
  expired: 'expired',
};

const timeOf = (iso: string, timeZone: string) => new Date(iso).toLocaleTimeString(undefined, { timeZone, hour: '2-digit', minute: '2-digit' });

/** Every post of today in the person's zone, by time, with its state. */
export function OutToday({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const today = useOutToday(orgId, timeZone);
  return (
    <section aria-labelledby="out-today-heading" className="today-panel">
      <h2 id="out-today-heading">Going out today</h2>
      <p className="muted">Times in {timeZone}</p>
      {today.isPending && <p role="status">Loading today's posts…</p>}
      {today.error && <Alert>{today.error.message}</Alert>}
      {today.data?.length === 0 && <p className="empty">Nothing is scheduled for today.</p>}
      {today.data && today.data.length > 0 && (
        <ol className="day-list">
          {today.data.map((post) => (
            <li key={post.id} className={`day-post stage-${post.stage}`}>
              <time dateTime={post.scheduledAt}>{timeOf(post.scheduledAt, timeZone)}</time>
              <Link to={`/posts/${post.id}`}>{post.targets.map((t) => PLATFORM_NAMES[t.platform] ?? t.platform).join(', ') || 'Post'}</Link>
              <span className="pill">{STAGE_WORDS[post.stage] ?? post.stage}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
