import { useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useApprove, type PrivacyChoice } from '../api/decisions.js';
import { usePostDetail, type QueuedPost } from '../api/queue.js';
import { inZone } from '../../../lib/time.js';
import { Countdown } from './countdown.js';
import { RejectDialog } from './reject-dialog.js';
import { platformName, TargetCard } from './target-card.js';

interface Props {
  orgId: string;
  post: QueuedPost;
  timeZone: string;
  selected: boolean;
  onSelected: (selected: boolean) => void;
}

/** A post waiting for approval: its platforms' versions side by side, the deadline, the decision. */
export function PostCard({ orgId, post, timeZone, selected, onSelected }: Props) {
  const detail = usePostDetail(orgId, post.id, post.revision);
  const approve = useApprove(orgId);
  const [privacy, setPrivacy] = useState<PrivacyChoice>({});
  const targets = detail.data?.targets ?? post.targets;
  const missingChoice = detail.data?.targets.find((t) => t.privacyRequired && !privacy[t.platform as keyof PrivacyChoice]);
  const when = inZone(post.scheduledAt, timeZone);
  const label = `the ${post.targets.map((t) => platformName(t.platform)).join(' and ')} post for ${when}`;
  const headingId = `post-${post.id}`;

  return (
    <article className="post-card" aria-labelledby={headingId} data-testid="post-card">
      <header>
        <Checkbox className="checkbox" isSelected={selected} onChange={onSelected} aria-label={`Select ${label}`}>
          <span className="box" aria-hidden="true" />
        </Checkbox>
        <div>
          <h2 id={headingId}>Publishes {when}</h2>
          {detail.data?.workflow && <Countdown deadline={detail.data.workflow.deadline} timeZone={timeZone} />}
          {post.revision > 1 && <p className="muted">Replacement (revision {post.revision})</p>}
        </div>
      </header>
      {detail.error && <Alert>{detail.error.message}</Alert>}
      <div className="targets">
        {targets.map((t) => (
          <TargetCard
            key={t.platform}
            target={t}
            privacy={privacy[t.platform as keyof PrivacyChoice]}
            onPrivacy={(level) => setPrivacy((p) => ({ ...p, [t.platform]: level }))}
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
        <RejectDialog orgId={orgId} postId={post.id} label={label} />
        {missingChoice && <span className="muted">Choose who can see it on {platformName(missingChoice.platform)} first.</span>}
      </div>
    </article>
  );
}
