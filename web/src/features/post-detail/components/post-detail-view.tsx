import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { inZone } from '../../../lib/time.js';
import { useCheckpoints, useMembers, usePost } from '../api/post-detail.js';
import { CheckpointChart } from './checkpoint-chart.js';
import { PostHistory } from './post-history.js';
import { PublishStatus, stageWords } from './publish-status.js';
import '../post-detail.css';

/** One post: where it went and how it does there, and how it got approved. */
export function PostDetailView({ orgId, postId, timeZone, me }: { orgId: string; postId: string; timeZone: string; me: string }) {
  const post = usePost(orgId, postId);
  const published = post.data?.targets.filter((t) => t.publishedAt).length ?? 0;
  const checkpoints = useCheckpoints(orgId, postId, published);
  const members = useMembers(orgId);

  if (post.isPending) return <p role="status">Loading the post…</p>;
  if (post.error) {
    return (
      <>
        <Alert>{post.error.message}</Alert>
        <p>
          <Link to="/">Back to Today</Link>
        </p>
      </>
    );
  }
  const { post: row, targets } = post.data;
  const nameOf = (actor: string | undefined) => {
    if (!actor) return 'Herald';
    if (actor === me) return 'You';
    return members.data?.members.find((m) => m.userId === actor)?.name ?? (actor.includes(':') ? 'Herald' : 'A former member');
  };
  const snapshots = checkpoints.data?.snapshots ?? [];

  return (
    <div className="post-detail">
      <p className="post-summary">
        <span className={`stage stage-${row.stage}`} data-testid="post-stage">
          {stageWords(row.stage)}
        </span>
        <span className="meta">
          {row.stage === 'published' ? 'Scheduled for' : 'Publishes'} <time dateTime={row.scheduledAt}>{inZone(row.scheduledAt, timeZone)}</time> · revision {row.revision}
        </span>
      </p>
      {row.stage === 'returned' && (
        <Alert tone="info">
          Rejected and returned to its author: {row.outcomeReason}. Edit it and resubmit it before its approval deadline, or it will not be published.
        </Alert>
      )}
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">On each platform</h2>
        <PublishStatus targets={targets} timeZone={timeZone} />
      </section>
      <section aria-labelledby="performance-heading">
        <h2 id="performance-heading">Performance</h2>
        {checkpoints.error && <Alert>{checkpoints.error.message}</Alert>}
        {published === 0 ? (
          <p className="empty">Checkpoints are read 15 min, 1 h, 4 h, 12 h and 24 h after the post is published.</p>
        ) : checkpoints.isPending ? (
          <p role="status">Loading the checkpoints…</p>
        ) : snapshots.length === 0 ? (
          <p className="empty">Published; the first checkpoint is read 15 minutes after publishing.</p>
        ) : (
          <div className="charts">
            {targets
              .filter((t) => snapshots.some((s) => s.platform === t.platform))
              .map((t) => (
                <CheckpointChart key={t.platform} platform={t.platform} snapshots={snapshots.filter((s) => s.platform === t.platform)} timeZone={timeZone} />
              ))}
          </div>
        )}
        {checkpoints.data?.alerts.map((a) => (
          <Alert key={a.id} tone="info">
            {String(a.subject ?? a.kind)}
          </Alert>
        ))}
      </section>
      <PostHistory answer={post.data} timeZone={timeZone} nameOf={nameOf} />
    </div>
  );
}
