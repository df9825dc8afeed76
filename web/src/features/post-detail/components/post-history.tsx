import { inZone } from '../../../lib/time.js';
import type { PostAnswer } from '../api/post-detail.js';

/** What the post workflow notes, as words after the actor's name ("Herald" when nobody acted). */
const ACTIONS: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  edit: 'edited the copy',
  'locked-edit': 'moved the time or changed hashtags after lock',
  replacement: 'wrote a replacement',
  'emergency-replacement': 'wrote an emergency replacement',
  locked: 'locked the post for publishing',
  due: 'started publishing',
};
const REVISION_KINDS: Record<string, string> = {
  generated: 'Written',
  replacement: 'Replacement after a rejection',
  emergency: 'Emergency replacement',
  edit: 'Edited',
  timing: 'Time moved',
  hashtags: 'Hashtags changed',
  optimised: 'Optimised',
};

/** The approval history (from the post's workflow) and the revisions (from the database), each in the user's zone. */
export function PostHistory({ answer, timeZone, nameOf }: { answer: PostAnswer; timeZone: string; nameOf: (actor: string | undefined) => string }) {
  const decisions = answer.workflow?.history ?? [];
  return (
    <div className="history-grid">
      <section aria-labelledby="approvals-heading">
        <h2 id="approvals-heading">Approval history</h2>
        {answer.workflow === null ? (
          <p className="muted">The approval history cannot be read just now; reload in a moment.</p>
        ) : decisions.length === 0 ? (
          <p className="empty">No decision yet.</p>
        ) : (
          <ol className="rows" aria-label="Approval history">
            {decisions.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                <span className="name">
                  {nameOf(h.actorId)} {ACTIONS[h.action] ?? h.action.replaceAll('_', ' ')}
                </span>
                <span className="meta">
                  revision {h.revision} · <time dateTime={h.at}>{inZone(h.at, timeZone)}</time>
                </span>
                {h.reason && <span className="reason">“{h.reason}”</span>}
              </li>
            ))}
          </ol>
        )}
        {answer.workflow && (
          <p className="meta">
            {answer.workflow.approvals.length} of {answer.workflow.approvalsNeeded} approval{answer.workflow.approvalsNeeded === 1 ? '' : 's'} given.
          </p>
        )}
      </section>
      <section aria-labelledby="revisions-heading">
        <h2 id="revisions-heading">Revisions</h2>
        {answer.revisions.length === 0 ? (
          <p className="empty">This post has its first version only.</p>
        ) : (
          <ol className="rows" aria-label="Revisions">
            {answer.revisions.map((r) => (
              <li key={r.revision}>
                <span className="name">
                  {r.revision}. {REVISION_KINDS[r.kind] ?? r.kind}
                </span>
                <span className="meta">
                  by {nameOf(r.actor)} · <time dateTime={r.at}>{inZone(r.at, timeZone)}</time>
                </span>
                {r.reason && <span className="reason">“{r.reason}”</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
