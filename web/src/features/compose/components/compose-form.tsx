import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Label, TextArea, TextField } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { instantOfLocal, intlOffsetAt } from '../../../../../core/local-time.js';
import { todayIn } from '../../../lib/local-dates.js';
import type { PlatformOverride } from '../../../../../core/own-posts.js';
import type { Platform } from '../../../../../core/platforms.js';
import { useAdapt, useCreatePost, useDraftWithMedia, useSaveDraft } from '../api/compose.js';
import { blockers, checkTargets, draftContentOf, emptyCompose, hashtagsOf, newPostOf, stateOfDraft, type ComposeState } from '../compose-state.js';
import { DraftsDialog } from './drafts-dialog.js';
import { MediaPicker } from './media-picker.js';
import { PlatformPicker } from './platform-picker.js';
import { PlatformPreview } from './platform-preview.js';
import { PublishTiming, type Timing } from './publish-timing.js';
import '../compose.css';

interface Props {
  orgId: string;
  timeZone: string;
  /** ?date=YYYY-MM-DD (from the calendar): schedule on that day. */
  initialDate: string | null;
  /** ?draft=<id>: the draft the form starts from. */
  draftId: string | null;
}

/** Writes the user's own post: copy, media, platforms, per-platform previews checked as you type, then a time or now. */
export function ComposeForm({ orgId, timeZone, initialDate, draftId }: Props) {
  const navigate = useNavigate();
  const [, setSearch] = useSearchParams();
  const [state, setState] = useState<ComposeState>(emptyCompose);
  const [timing, setTiming] = useState<Timing>(initialDate ? { mode: 'later', date: initialDate, time: '09:00' } : { mode: 'now' });
  const [shownDraft, setShownDraft] = useState<string | null>(null);
  const draft = useDraftWithMedia(orgId, draftId);
  const save = useSaveDraft(orgId);
  const adapt = useAdapt(orgId);
  const create = useCreatePost(orgId);

  // A draft opened from the library fills the form once; later edits are the user's.
  if (draft.data && shownDraft !== draft.data.draft.id) {
    setShownDraft(draft.data.draft.id);
    setState(stateOfDraft(draft.data.draft, draft.data.media));
  }

  const checked = useMemo(() => checkTargets(state), [state]);
  const reasons = blockers(state, checked);
  if (timing.mode === 'later' && (!timing.date || !timing.time)) reasons.push('Pick the date and time to publish.');
  else if (timing.mode === 'later' && timing.date < todayIn(timeZone)) reasons.push(`Pick today or a later day (${timeZone}).`);
  const change = (patch: Partial<ComposeState>) => setState((s) => ({ ...s, ...patch }));
  const setOverride = (platform: Platform, override: PlatformOverride | undefined) =>
    setState((s) => {
      const { [platform]: _old, ...rest } = s.overrides;
      return { ...s, overrides: override ? { ...rest, [platform]: override } : rest };
    });

  function publish() {
    const when = timing.mode === 'now' ? ({ publishNow: true } as const) : { scheduledAt: new Date(instantOfLocal(timing.date, timing.time, intlOffsetAt(timeZone))).toISOString() };
    create.mutate(newPostOf(state, when), { onSuccess: ({ postId }) => navigate(`/posts/${postId}`) });
  }

  function saveDraft() {
    save.mutate(
      { draftId: shownDraft, content: draftContentOf(state) },
      {
        onSuccess: ({ draft: saved }) => {
          setShownDraft(saved.id);
          setSearch((q) => ({ ...Object.fromEntries(q), draft: saved.id }), { replace: true });
        },
      },
    );
  }

  function adaptWithAi() {
    adapt.mutate(
      { platforms: state.platforms, text: state.text, hashtags: hashtagsOf(state.hashtags) },
      { onSuccess: (answer) => setState((s) => ({ ...s, overrides: { ...s.overrides, ...(answer.overrides as ComposeState['overrides']) }, aiOutputId: answer.aiOutputId })) },
    );
  }

  if (draft.isPending && draftId) return <p role="status">Opening the draft…</p>;

  return (
    <div className="compose">
      {draft.error && <Alert>{draft.error.message}</Alert>}
      <div className="compose-bar actions">
        <DraftsDialog orgId={orgId} timeZone={timeZone} />
        {shownDraft && <span className="meta">Editing the draft “{draft.data?.draft.name ?? save.data?.draft.name}”</span>}
      </div>
      <div className="compose-grid">
        <div className="stack compose-inputs">
          <PlatformPicker orgId={orgId} value={state.platforms} onChange={(platforms) => change({ platforms })} />
          <TextField className="field" value={state.text} onChange={(text) => change({ text })}>
            <Label>Post text</Label>
            <TextArea rows={7} />
          </TextField>
          <Field label="Hashtags" description="Words separated by spaces, with or without #." value={state.hashtags} onChange={(hashtags) => change({ hashtags })} />
          <MediaPicker orgId={orgId} platforms={state.platforms} media={state.media} onChange={(media) => change({ media })} />
          <div className="actions">
            <Button variant="secondary" isDisabled={state.platforms.length === 0 || !state.text.trim()} isPending={adapt.isPending} onPress={adaptWithAi}>
              Adapt with AI
            </Button>
            {adapt.isPending && <span role="status">Rewriting for each platform…</span>}
          </div>
          {adapt.error && <Alert>{adapt.error.message}</Alert>}
          {adapt.data && !adapt.isPending && (
            <Alert tone="success">
              Adapted for each platform{adapt.data.offlineWritten ? ' by the offline editor (no AI key is set)' : ''}; edit any version below.
            </Alert>
          )}
        </div>
        <section className="compose-previews" aria-labelledby="previews-heading">
          <h2 id="previews-heading">Previews</h2>
          {checked.length === 0 ? (
            <p className="empty">Choose a platform to see how the post looks there.</p>
          ) : (
            <div className="targets">
              {checked.map((c) => (
                <PlatformPreview
                  key={c.target.platform}
                  checked={c}
                  override={state.overrides[c.target.platform]}
                  onOverride={(o) => setOverride(c.target.platform, o)}
                  privacy={state.privacy[c.target.platform as keyof ComposeState['privacy']]}
                  onPrivacy={(level) => change({ privacy: { ...state.privacy, [c.target.platform]: level } })}
                />
              ))}
            </div>
          )}
        </section>
      </div>
      <section className="compose-finish" aria-labelledby="finish-heading">
        <h2 id="finish-heading">Publish</h2>
        <PublishTiming value={timing} onChange={setTiming} timeZone={timeZone} />
        {reasons.length > 0 && (
          <ul className="blockers" aria-label="Before it can go out">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        {create.error && <Alert>{create.error.message}</Alert>}
        {save.error && <Alert>{save.error.message}</Alert>}
        {save.isSuccess && !save.isPending && <Alert tone="success">Draft saved.</Alert>}
        <div className="actions">
          <Button isDisabled={reasons.length > 0} isPending={create.isPending} onPress={publish}>
            {timing.mode === 'now' ? 'Publish now' : 'Schedule'}
          </Button>
          <Button variant="secondary" isPending={save.isPending} onPress={saveDraft}>
            Save as draft
          </Button>
        </div>
      </section>
    </div>
  );
}
