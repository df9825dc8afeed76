import { useId, useState } from 'react';
import { Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Dialog, DialogTrigger } from '../../../components/ui/dialog.js';
import { Select } from '../../../components/ui/select.js';
import { instantOfWallClock, wallClockOf } from '../../../lib/local-dates.js';
import { inZone } from '../../../lib/time.js';
import { useEditPost, type PostEditBody } from '../api/edit.js';
import type { PostDetail, TargetDetail } from '../api/queue.js';
import { checkDraft, parseHashtags } from '../rules.js';
import { platformName } from './target-card.js';
import '../approvals.css';

/** Approved content may move this far from its approved time (core/approval.ts, APPROVAL_RULES). */
const LOCKED_MINUTES = 30;
const SHIFTS = Array.from({ length: (2 * LOCKED_MINUTES) / 5 + 1 }, (_, i) => i * 5 - LOCKED_MINUTES);

interface Draft {
  text: string;
  hashtags: string;
  title: string;
}

type TargetEdit = NonNullable<PostEditBody['targets']>[number];

const draftOf = (t: TargetDetail): Draft => ({ text: t.text, hashtags: t.hashtags.map((h) => `#${h.replace(/^#/, '')}`).join(' '), title: t.title ?? '' });

/** The post's time as a datetime-local input shows it, in the user's zone. */
const localInputOf = (iso: string, timeZone: string) => {
  const { date, time } = wallClockOf(iso, timeZone);
  return `${date}T${time}`;
};

/**
 * The changes to send: only what differs from the post as it is, and after lock only hashtags and
 * time. `when` is the time typed before approval (datetime-local, in `timeZone`), `shift` the move after.
 */
function changesOf(targets: TargetDetail[], drafts: Record<string, Draft>, locked: boolean, scheduledAt: string, shift: number, when: string, timeZone: string): PostEditBody | null {
  const edits = targets.flatMap((t) => {
    const d = drafts[t.platform]!;
    const hashtags = parseHashtags(d.hashtags);
    const edit: TargetEdit = { platform: t.platform as TargetEdit['platform'] };
    if (hashtags.join(' ') !== t.hashtags.map((h) => h.replace(/^#/, '')).join(' ')) edit.hashtags = hashtags;
    if (!locked && d.text !== t.text) edit.text = d.text;
    if (!locked && t.title !== null && d.title !== t.title) edit.title = d.title;
    return Object.keys(edit).length > 1 ? [edit] : [];
  });
  const body: PostEditBody = {};
  if (edits.length) body.targets = edits;
  if (locked && shift !== 0) body.scheduledAt = new Date(Date.parse(scheduledAt) + shift * 60_000).toISOString();
  if (!locked && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(when) && when !== localInputOf(scheduledAt, timeZone)) {
    body.scheduledAt = new Date(instantOfWallClock(when.slice(0, 10), when.slice(11), timeZone)).toISOString();
  }
  return body.targets || body.scheduledAt ? body : null;
}

/**
 * Edits a post with the platform rules checked as the person types. Before approval the copy,
 * title, hashtags and publish time change; once approved the content is locked and only the time
 * (+-30 min) and hashtags may, and the dialog says so.
 */
export function EditDialog({ orgId, detail, label, timeZone }: { orgId: string; detail: PostDetail; label: string; timeZone: string }) {
  const edit = useEditPost(orgId, detail.post.id);
  const locked = Boolean(detail.workflow?.locked);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(detail.targets.map((t) => [t.platform, draftOf(t)])));
  const [shift, setShift] = useState(0);
  const whenId = useId();
  const [when, setWhen] = useState(() => localInputOf(detail.post.scheduledAt, timeZone));
  const leadMinutes = detail.workflow ? Math.round((Date.parse(detail.workflow.publishAt) - Date.parse(detail.workflow.deadline)) / 60_000) : undefined;
  const checks = detail.targets.map((t) => {
    const d = drafts[t.platform]!;
    return { target: t, draft: d, check: checkDraft(t.platform, { text: d.text, hashtags: parseHashtags(d.hashtags), title: t.title === null ? null : d.title }) };
  });
  const blocked = checks.some((c) => c.check.problems.length > 0);
  const changes = changesOf(detail.targets, drafts, locked, detail.post.scheduledAt, shift, when, timeZone);
  const setField = (platform: string, field: keyof Draft, value: string) => setDrafts((all) => ({ ...all, [platform]: { ...all[platform]!, [field]: value } }));

  return (
    <DialogTrigger onOpenChange={(open) => open && (edit.reset(), setDrafts(Object.fromEntries(detail.targets.map((t) => [t.platform, draftOf(t)]))), setShift(0), setWhen(localInputOf(detail.post.scheduledAt, timeZone)))}>
      <Button variant="secondary" aria-label={`Edit ${label}`}>
        Edit…
      </Button>
      <Dialog title={`Edit ${label}`} size="wide">
        {({ close }) => (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              if (changes) edit.mutate(changes, { onSuccess: close });
            }}
          >
            {locked && (
              <Alert tone="info">
                This post is approved, so its content is locked: the words can no longer change. You can still move it by up to {LOCKED_MINUTES} minutes from its approved time and change
                its hashtags.
              </Alert>
            )}
            {locked && (
              <Select
                label={`Publish time (${timeZone})`}
                options={SHIFTS.map((m) => ({ id: String(m), label: `${inZone(new Date(Date.parse(detail.post.scheduledAt) + m * 60_000).toISOString(), timeZone)}${m === 0 ? ' (as now)' : ` (${m > 0 ? '+' : ''}${m} min)`}` }))}
                value={String(shift)}
                onChange={(id) => setShift(Number(id))}
              />
            )}
            {!locked && (
              <div className="field">
                <label htmlFor={`${whenId}-input`}>Publish time ({timeZone})</label>
                <input id={`${whenId}-input`} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required aria-describedby={`${whenId}-help`} />
                <span className="muted" id={`${whenId}-help`}>
                  {leadMinutes !== undefined && leadMinutes > 0 ? `Approval closes ${leadMinutes} minutes before it, so pick a time at least that far ahead. ` : ''}Once approved it can still move {LOCKED_MINUTES} minutes
                  either way.
                </span>
              </div>
            )}
            {checks.map(({ target, draft, check }) => (
              <fieldset key={target.platform} className="edit-target">
                <legend>{platformName(target.platform)}</legend>
                {target.title !== null && (
                  <TextField className="field" value={draft.title} onChange={(v) => setField(target.platform, 'title', v)} isReadOnly={locked}>
                    <Label>Title</Label>
                    <Input />
                  </TextField>
                )}
                <TextField className="field" value={draft.text} onChange={(v) => setField(target.platform, 'text', v)} isReadOnly={locked}>
                  <Label>Text</Label>
                  <TextArea rows={5} />
                  {locked && <Text slot="description">Locked since approval.</Text>}
                </TextField>
                <TextField className="field" value={draft.hashtags} onChange={(v) => setField(target.platform, 'hashtags', v)}>
                  <Label>Hashtags</Label>
                  <Input />
                  <Text slot="description">Separated by spaces, e.g. #bread #bakery</Text>
                </TextField>
                {check.length && (
                  <p className={check.length.used > check.length.max ? 'length over' : 'length'} aria-live="polite" data-testid="edit-length">
                    {check.length.used} / {check.length.max} {check.length.unit}
                  </p>
                )}
                <ul className="problems" aria-live="polite" aria-label={`${platformName(target.platform)} rule problems`}>
                  {check.problems.map((p) => (
                    <li key={p} className="problem">
                      {p}
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
            {edit.error && <Alert>{edit.error.message}</Alert>}
            <div className="actions">
              <Button variant="secondary" onPress={close}>
                Cancel
              </Button>
              <Button type="submit" isPending={edit.isPending} isDisabled={blocked || !changes}>
                Save changes
              </Button>
              {blocked && <span className="muted">Fix the problems above to save.</span>}
            </div>
          </form>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
