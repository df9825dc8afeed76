import { ownPostProblems, targetsOf, type OwnMedia, type OwnTarget, type PlatformOverride } from '../../../../core/own-posts.js';
import { textLength } from '../../../../core/platform-rules/index.js';
import type { Platform } from '../../../../core/platforms.js';
import { PRIVACY_REQUIRED, isPrivacyPlatform, type PrivacyChoice } from '../../../../core/privacy.js';
import type { Draft, DraftContent, Media, NewPost } from './api/compose.js';

/**
 * What the compose form holds, and what it means: each platform's copy and the rules it breaks,
 * computed by the same pure rules the API checks (core/), so the screen and the server agree.
 */
export interface ComposeState {
  platforms: Platform[];
  text: string;
  /** As typed: words separated by spaces or commas, with or without '#'. */
  hashtags: string;
  overrides: Partial<Record<Platform, PlatformOverride>>;
  media: Media[];
  privacy: PrivacyChoice;
  /** The "Adapt with AI" answer the overrides came from. */
  aiOutputId?: string;
}

export const emptyCompose: ComposeState = { platforms: [], text: '', hashtags: '', overrides: {}, media: [], privacy: {} };

export const hashtagsOf = (typed: string) =>
  typed
    .split(/[\s,]+/)
    .map((t) => t.replace(/^#+/, ''))
    .filter(Boolean);

export interface CheckedTarget {
  target: OwnTarget;
  length: { used: number; max: number; unit: string };
  problems: string[];
  media: Media[];
}

const contentOf = (state: ComposeState) => ({
  platforms: state.platforms,
  text: state.text,
  hashtags: hashtagsOf(state.hashtags),
  // Overrides of platforms no longer chosen are kept in the form but never sent.
  overrides: Object.fromEntries(Object.entries(state.overrides).filter(([p]) => state.platforms.includes(p as Platform))),
  mediaIds: state.media.map((m) => m.id),
});

/** Each chosen platform's version: its copy, its length as the platform counts it, what it breaks. */
export function checkTargets(state: ComposeState): CheckedTarget[] {
  const media = new Map<string, OwnMedia & Media>(state.media.map((m) => [m.id, m]));
  return targetsOf(contentOf(state)).map((target) => ({
    target,
    length: textLength(target.platform, target),
    problems: ownPostProblems([target], media).map((p) => p.message),
    media: target.mediaIds.map((id) => media.get(id)).filter((m): m is OwnMedia & Media => m !== undefined),
  }));
}

/** Platforms whose audience must be chosen before the post can go out (TikTok: never preselected). */
export const missingPrivacy = (state: ComposeState) => PRIVACY_REQUIRED.filter((p) => state.platforms.includes(p) && !state.privacy[p]);

/** Why the post cannot be scheduled yet, in words; empty when it can. */
export function blockers(state: ComposeState, checked: CheckedTarget[]): string[] {
  const reasons: string[] = [];
  if (state.platforms.length === 0) reasons.push('Choose at least one platform.');
  if (!state.text.trim()) reasons.push('Write the post\'s text.');
  const broken = checked.filter((c) => c.problems.length > 0).length;
  if (broken > 0) reasons.push(`Fix what ${broken === 1 ? 'one platform does' : `${broken} platforms do`} not accept (shown under each preview).`);
  for (const p of missingPrivacy(state)) reasons.push(`Choose who can see it on ${p === 'tiktok' ? 'TikTok' : p}.`);
  return reasons;
}

export function newPostOf(state: ComposeState, when: { publishNow: true } | { scheduledAt: string }): NewPost {
  const privacy = Object.fromEntries(Object.entries(state.privacy).filter(([p, level]) => level && isPrivacyPlatform(p) && state.platforms.includes(p as Platform)));
  return {
    ...contentOf(state),
    ...when,
    ...(Object.keys(privacy).length > 0 && { privacy: privacy as NewPost['privacy'] }),
    ...(state.aiOutputId && { aiOutputId: state.aiOutputId }),
  };
}

export const draftContentOf = (state: ComposeState): DraftContent => contentOf(state);

export function stateOfDraft(draft: Draft, media: Media[]): ComposeState {
  return {
    ...emptyCompose,
    platforms: draft.platforms as Platform[],
    text: draft.text,
    hashtags: draft.hashtags.join(' '),
    overrides: draft.overrides as ComposeState['overrides'],
    media,
  };
}
