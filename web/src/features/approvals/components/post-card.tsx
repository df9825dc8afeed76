import { Checkbox } from 'react-aria-components';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useApprove, type PrivacyChoice } from '../api/decisions.js';
import { usePostDetail, type QueuedPost } from '../api/queue.js';
import { inZone } from '../../../lib/time.js';
import { postLabel } from '../post-label.js';
import { Countdown } from './countdown.js';
import { EditDialog } from './edit-dialog.js';
import { RejectDialog } from './reject-dialog.js';
import { platformName, TargetCard } from './target-card.js';

interface Props {
  orgId: string;
  post: QueuedPost;
  timeZone: string;
  selected: boolean;
  onSelected: (selected: boolean) => void;
  /** Who may see it where the platform asks; kept by the queue so a bulk approval uses the same choice. */
  privacy: PrivacyChoice;
  onPrivacy: (platform: string, level: string) => void;
}

/** A post waiting for approval: its platforms' versions side by side, the deadline, the decision. */
export function PostCard({ orgId, post, timeZone, selected, onSelected, privacy, onPrivacy }: Props) {
  const detail = usePostDetail(orgId, post.id, post.revision);
  const approve = useApprove(orgId);
  const targets = detail.data?.targets ?? post.targets;
  const missingChoice = detail.data?.targets.find((t) => t.privacyRequired && !privacy[t.platform as keyof PrivacyChoice]);
  const when = inZone(post.scheduledAt, timeZone);
  const label = postLabel(post, timeZone);
  const headingId = `post-${post.id}`;
  const emergency = Boolean(post.approval?.emergencyWindow || post.approval?.skipWindow);

  return (
    <article className={emergency ? 'post-card emergency' : 'post-card'} aria-labelledby={headingId} data-testid="post-card">
      <header>
        <Checkbox className="checkbox" isSelected={selected} onChange={onSelected} aria-label={`Select ${label}`}>
          <span className="box" aria-hidden="true" />
        </Checkbox>
        <div>
          <h2 id={headingId}>Publishes {when}</h2>
          {detail.data?.workflow && <Countdown deadline={detail.data.workflow.deadline} timeZone={timeZone} />}
          {emergency && (
            <p className="emergency-note">
              {post.approval?.skipWindow ? 'Last minutes: rejecting now skips this slot.' : 'Emergency window: rejecting now gets one quick replacement.'}
            </p>
          )}
          {post.revision > 1 && <p className="muted">Replacement (revision {post.revision})</p>}
          <Link className="post-link" to={`/posts/${post.id}`}>
            Details and history
          </Link>
        </div>
      </header>
      {detail.error && <Alert>{detail.error.message}</Alert>}
      <div className="targets">
        {targets.map((t) => (
          <TargetCard
            key={t.platform}
            target={t}
            privacy={privacy[t.platform as keyof PrivacyChoice]}
            onPrivacy={(level) => onPrivacy(t.platform, level)}
          />
        ))}
      </div>
      {approve.error && <Alert>{approve.error.message}</Alert>}
      <div className="actions">
        <Button
          isPending={approve.isPending}
          isDisabled={Boolean(missingChoice)}
          aria-label={`Approve ${label}`}
          onPress={() => approve.mutate({ postId: post.id, privacy })}
        >
          Approve
        </Button>
        {detail.data && <EditDialog key={post.revision} orgId={orgId} detail={detail.data} label={label} timeZone={timeZone} />}
        <RejectDialog orgId={orgId} postId={post.id} label={label} />
        {missingChoice && <span className="muted">Choose who can see it on {platformName(missingChoice.platform)} first.</span>}
      </div>
    </article>
  );
}
