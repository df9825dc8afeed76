import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { Select } from '../../../components/ui/select.js';
import { audienceWords, platformName } from '../../../lib/platforms.js';
import type { PrivacyChoice } from '../api/decisions.js';
import { usePostDetail, type QueuedPost } from '../api/queue.js';
import { missingChoices, postLabel } from '../post-label.js';

interface Props {
  orgId: string;
  timeZone: string;
  /** The posts about to be approved, as they were when the person pressed the button. */
  batch: QueuedPost[];
  choices: Record<string, PrivacyChoice>;
  onChoice: (postId: string, platform: string, level: string) => void;
  onApprove: () => void;
  onCancel: () => void;
}

/** One post's question: who can see it on each platform that asks, from that account's own options. */
function AudienceQuestion({ orgId, timeZone, post, privacy, onChoice }: { orgId: string; timeZone: string; post: QueuedPost; privacy: PrivacyChoice; onChoice: (platform: string, level: string) => void }) {
  const detail = usePostDetail(orgId, post.id, post.revision);
  const asking = detail.data?.targets.filter((t) => t.privacyRequired && t.privacyOptions) ?? [];
  return (
    <li className="bulk-audience">
      <p className="bulk-audience-post">
        <strong>{postLabel(post, timeZone).replace(/^the /, 'The ')}</strong>
        <span className="muted">{post.targets.find((t) => t.platform === 'tiktok')?.text ?? post.targets[0]?.text}</span>
      </p>
      {detail.isPending && <p role="status">Loading what this account offers…</p>}
      {detail.error && <Alert>{detail.error.message}</Alert>}
      {asking.map((t) => (
        <Select
          key={t.platform}
          label={`Who can see it on ${platformName(t.platform)}`}
          placeholder="Choose…"
          options={t.privacyOptions!.map((level) => ({ id: level, label: audienceWords(level) }))}
          value={privacy[t.platform as keyof PrivacyChoice] ?? null}
          onChange={(level) => onChoice(t.platform, level)}
        />
      ))}
    </li>
  );
}

/**
 * Before a bulk approval with TikTok posts: TikTok lets the creator choose who sees each post and
 * never preselects it, so every TikTok post of the batch asks here, and Approve waits for all.
 */
export function BulkPrivacyDialog({ orgId, timeZone, batch, choices, onChoice, onApprove, onCancel }: Props) {
  const asking = batch.filter((post) => post.targets.some((t) => t.platform === 'tiktok'));
  const left = asking.filter((post) => missingChoices(post, choices[post.id] ?? {}).length > 0).length;
  const others = batch.length - asking.length;
  return (
    <Dialog title={`Who can see ${asking.length === 1 ? 'this TikTok post' : `these ${asking.length} TikTok posts`}?`} size="wide" isOpen onOpenChange={(open) => !open && onCancel()}>
      <p>
        TikTok asks you to choose for each post; nothing is chosen for you.
        {others > 0 && ` The other ${others === 1 ? 'post' : `${others} posts`} of your selection need no choice.`}
      </p>
      <ul className="bulk-audiences">
        {asking.map((post) => (
          <AudienceQuestion key={post.id} orgId={orgId} timeZone={timeZone} post={post} privacy={choices[post.id] ?? {}} onChoice={(platform, level) => onChoice(post.id, platform, level)} />
        ))}
      </ul>
      <div className="actions">
        <Button variant="secondary" onPress={onCancel}>
          Cancel
        </Button>
        <Button isDisabled={left > 0} onPress={onApprove}>
          Approve {batch.length === 1 ? 'the post' : `${batch.length} posts`}
        </Button>
        {left > 0 && <span className="muted">Choose who can see {left === 1 ? 'one more TikTok post' : `${left} more TikTok posts`} first.</span>}
      </div>
    </Dialog>
  );
}
