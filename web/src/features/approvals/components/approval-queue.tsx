import { useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useBulkApprove, type BulkResult } from '../api/bulk.js';
import type { PrivacyChoice } from '../api/decisions.js';
import { useApprovalQueue, type QueuedPost } from '../api/queue.js';
import { missingChoices, postLabel } from '../post-label.js';
import { BulkPrivacyDialog } from './bulk-privacy-dialog.js';
import { PostCard } from './post-card.js';
import '../approvals.css';

/** What a bulk approval did, post by post: approved, or refused and why (in the server's words). */
function BulkOutcome({ results, labels }: { results: BulkResult[]; labels: Map<string, string> }) {
  const approved = results.filter((r) => r.done).length;
  const refused = results.length - approved;
  return (
    <section className="bulk-outcome" aria-label="What the approval did">
      {approved > 0 && <Alert tone="success">Approved {approved} {approved === 1 ? 'post' : 'posts'}.</Alert>}
      {refused > 0 && <Alert>{refused === 1 ? 'One post was' : `${refused} posts were`} not approved; the reason is below.</Alert>}
      <ul className="bulk-results">
        {results.map((r) => (
          <li key={r.postId} className={r.done ? 'approved' : 'refused'}>
            <strong>{r.done ? (r.stage === 'approved' ? 'Approved' : 'Your approval is recorded') : 'Not approved'}</strong>: {labels.get(r.postId) ?? `post ${r.postId}`}
            {(!r.done || r.stage !== 'approved') && <span className="reason"> {r.message}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Posts waiting for approval in the org, soonest deadline first; approve all, several, one, or reject with a reason. */
export function ApprovalQueue({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const queue = useApprovalQueue(orgId);
  const bulk = useBulkApprove(orgId);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Who may see each post (TikTok, YouTube), chosen on its card or in the bulk dialog; never preselected.
  const [choices, setChoices] = useState<Record<string, PrivacyChoice>>({});
  // A bulk approval waiting for TikTok choices: the posts as they were when the button was pressed.
  const [asking, setAsking] = useState<QueuedPost[] | null>(null);
  const [labels, setLabels] = useState<Map<string, string>>(new Map());

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
  const choose = (postId: string, platform: string, level: string) => setChoices((all) => ({ ...all, [postId]: { ...all[postId], [platform]: level } }));

  const send = (batch: QueuedPost[]) => {
    setAsking(null);
    setLabels(new Map(batch.map((p) => [p.id, postLabel(p, timeZone)])));
    bulk.mutate(
      batch.map((p) => ({ postId: p.id, privacy: choices[p.id] })),
      {
        onSuccess: (results) => {
          const decided = new Set(results.filter((r) => r.done).map((r) => r.postId));
          setSelected((s) => new Set([...s].filter((id) => !decided.has(id))));
          setChoices((all) => Object.fromEntries(Object.entries(all).filter(([id]) => !decided.has(id))));
        },
      },
    );
  };
  // TikTok posts ask who may see them first; a batch without one goes at once.
  const approve = (batch: QueuedPost[]) => (batch.some((p) => missingChoices(p, choices[p.id] ?? {}).length > 0) ? setAsking(batch) : send(batch));

  return (
    <section aria-labelledby="queue-heading">
      <div className="queue-bar">
        <h2 id="queue-heading">Waiting for your approval ({posts.length})</h2>
        {posts.length > 1 && (
          <div className="actions">
            <Button variant="secondary" isDisabled={chosen.length === 0 || bulk.isPending} onPress={() => approve(chosen)}>
              Approve selected ({chosen.length})
            </Button>
            <Button isDisabled={bulk.isPending} onPress={() => approve(posts)}>
              Approve all ({posts.length})
            </Button>
          </div>
        )}
      </div>
      {asking && <BulkPrivacyDialog orgId={orgId} timeZone={timeZone} batch={asking} choices={choices} onChoice={choose} onApprove={() => send(asking)} onCancel={() => setAsking(null)} />}
      {bulk.isPending && <p role="status">Approving… each post is locked as it is approved.</p>}
      {queue.data.budget.reason && <Alert tone="info">{queue.data.budget.reason}</Alert>}
      {bulk.error && <Alert>{bulk.error.message}</Alert>}
      {bulk.data && <BulkOutcome results={bulk.data} labels={labels} />}
      {posts.length === 0 ? (
        <p className="empty">Nothing waits for you. New posts arrive after tonight's run; we e-mail you when they do.</p>
      ) : (
        <div className="queue">
          {posts.map((post) => (
            <PostCard
              key={post.id}
              orgId={orgId}
              post={post}
              timeZone={timeZone}
              selected={selected.has(post.id)}
              onSelected={(on) => toggle(post.id, on)}
              privacy={choices[post.id] ?? {}}
              onPrivacy={(platform, level) => choose(post.id, platform, level)}
            />
          ))}
        </div>
      )}
    </section>
  );
}
