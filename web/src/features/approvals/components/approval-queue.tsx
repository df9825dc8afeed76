import { useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { messageOf } from '../../../lib/api-client.js';
import { useApprove } from '../api/decisions.js';
import { useApprovalQueue } from '../api/queue.js';
import { PostCard } from './post-card.js';

/** Posts waiting for approval in the org, soonest first; approve one, several, or reject with a reason. */
export function ApprovalQueue({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const queue = useApprovalQueue(orgId);
  const approve = useApprove(orgId);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState<{ pending: boolean; failures: string[]; approved: number }>();

  if (queue.isPending) return <p role="status">Loading the posts waiting for you…</p>;
  if (queue.error) return <Alert>{queue.error.message}</Alert>;

  const posts = queue.data.posts;
  const chosen = posts.filter((p) => selected.has(p.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function approveSelected() {
    setBulk({ pending: true, failures: [], approved: 0 });
    const failures: string[] = [];
    let approved = 0;
    // One at a time: each approval is an Update to that post's workflow and answers for itself.
    for (const post of chosen) {
      try {
        await approve.mutateAsync({ postId: post.id });
        approved++;
        toggle(post.id, false);
      } catch (err) {
        failures.push(messageOf(err));
      }
    }
    setBulk({ pending: false, failures, approved });
  }

  return (
    <section aria-labelledby="queue-heading">
      <div className="queue-bar">
        <h2 id="queue-heading">Waiting for your approval ({posts.length})</h2>
        {posts.length > 1 && (
          <Button variant="secondary" isDisabled={chosen.length === 0} isPending={bulk?.pending} onPress={approveSelected}>
            Approve selected ({chosen.length})
          </Button>
        )}
      </div>
      {queue.data.budget.reason && <Alert tone="info">{queue.data.budget.reason}</Alert>}
      {bulk && !bulk.pending && bulk.approved > 0 && <Alert tone="success">Approved {bulk.approved} {bulk.approved === 1 ? 'post' : 'posts'}.</Alert>}
      {bulk?.failures.map((f) => <Alert key={f}>{f}</Alert>)}
      {posts.length === 0 ? (
        <p className="empty">Nothing waits for you. New posts arrive after tonight's run; we e-mail you when they do.</p>
      ) : (
        <div className="queue">
          {posts.map((post) => (
            <PostCard key={post.id} orgId={orgId} post={post} timeZone={timeZone} selected={selected.has(post.id)} onSelected={(on) => toggle(post.id, on)} />
          ))}
        </div>
      )}
    </section>
  );
}
