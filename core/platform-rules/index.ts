import type { Platform } from '../platforms.js';
import { countHashtags, countMentions, measureText } from './counting.js';
import { lengthUnit, PLATFORM_LIMITS } from './limits.js';
import { mediaProblems } from './media.js';

/**
 * The platforms' content rules, pure. Used before approval (content agent, approval edits) and
 * again by the adapters at publish time, so a post that passes here is one the platform accepts.
 */

export { countHashtags, countMentions, findUrls, measureText, visibleLength, xWeightedLength, type LengthCounting } from './counting.js';
export { PLATFORM_LIMITS, type AspectRange, type PlatformLimits } from './limits.js';

export interface ContentDraft {
  text: string;
  hashtags: string[];
  media: { kind: 'image' | 'video'; width?: number; height?: number; durationSeconds?: number; mimeType?: string }[];
  link?: string;
  title?: string;
  privacyLevel?: string;
}

export interface RuleProblem {
  field: 'text' | 'hashtags' | 'media' | 'title' | 'privacyLevel' | 'link';
  message: string;
}

/** What the target account itself allows, read from the platform (TikTok's creator info). */
export interface RuleContext {
  /** TikTok `privacy_level_options` of this creator. */
  privacyLevelOptions?: string[];
  /** TikTok `max_video_post_duration_sec` of this creator. */
  maxVideoDurationSec?: number;
}

/** The text as published: copy followed by its hashtags. */
export function composeText(draft: Pick<ContentDraft, 'text' | 'hashtags'>): string {
  const tags = draft.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`));
  return tags.length === 0 ? draft.text : `${draft.text}\n\n${tags.join(' ')}`;
}

/**
 * The exact text sent to the platform: composeText plus the link where it has no link field. A
 * link field (LinkedIn's article, Facebook's `link`) makes a link post, which cannot carry media,
 * so a post with media carries its link in the text there too.
 */
export function publishedText(platform: Platform, draft: Pick<ContentDraft, 'text' | 'hashtags' | 'link'> & { media?: readonly unknown[] }): string {
  const text = composeText(draft);
  const linkInText = PLATFORM_LIMITS[platform].linkInText || (draft.media?.length ?? 0) > 0;
  if (!draft.link || !linkInText || text.includes(draft.link)) return text;
  return text ? `${text}\n\n${draft.link}` : draft.link;
}

/** How long the published text is as the platform counts it, against its limit (the approval card's counter). */
export function textLength(platform: Platform, draft: Pick<ContentDraft, 'text' | 'hashtags' | 'link'>): { used: number; max: number; unit: string } {
  const limits = PLATFORM_LIMITS[platform];
  return { used: measureText(publishedText(platform, draft), limits.counting), max: limits.maxTextLength, unit: lengthUnit(limits.counting) };
}

function textProblems(platform: Platform, draft: ContentDraft): RuleProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  const problems: RuleProblem[] = [];
  const full = publishedText(platform, draft);
  const length = measureText(full, limits.counting);
  if (length > limits.maxTextLength) {
    const unit = lengthUnit(limits.counting);
    const how = limits.counting === 'x-weighted' ? ' (links count 23, emoji and CJK characters count 2)' : '';
    problems.push({ field: 'text', message: `${limits.label} allows ${limits.maxTextLength} ${unit}${how}; this post has ${length}.` });
  }
  const hashtags = countHashtags(full);
  if (limits.maxHashtags !== undefined && hashtags > limits.maxHashtags) {
    problems.push({ field: 'hashtags', message: `${limits.label} allows ${limits.maxHashtags} hashtags; this post has ${hashtags}.` });
  }
  const mentions = countMentions(full);
  if (limits.maxMentions !== undefined && mentions > limits.maxMentions) {
    problems.push({ field: 'text', message: `${limits.label} allows ${limits.maxMentions} @-mentions; this post has ${mentions}.` });
  }
  for (const char of limits.forbiddenCharacters ?? []) {
    if (full.includes(char)) problems.push({ field: 'text', message: `${limits.label} does not accept "${char}" in the text; remove it.` });
  }
  if (draft.link !== undefined && !/^https?:\/\/\S+$/i.test(draft.link)) {
    problems.push({ field: 'link', message: `The link must be a full http(s) address; "${draft.link}" is not.` });
  }
  return problems;
}

function titleProblems(platform: Platform, title: string | undefined): RuleProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  if (!limits.titleRequired) return [];
  if (!title?.trim()) return [{ field: 'title', message: `${limits.label} needs a title.` }];
  const problems: RuleProblem[] = [];
  const length = measureText(title, 'code-points');
  if (limits.maxTitleLength !== undefined && length > limits.maxTitleLength) {
    problems.push({ field: 'title', message: `${limits.label} titles allow ${limits.maxTitleLength} characters; this one has ${length}.` });
  }
  for (const char of limits.forbiddenCharacters ?? []) {
    if (title.includes(char)) problems.push({ field: 'title', message: `${limits.label} does not accept "${char}" in a title; remove it.` });
  }
  return problems;
}

function privacyProblems(platform: Platform, draft: ContentDraft, context: RuleContext): RuleProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  if (!limits.privacyLevelRequired) return [];
  if (!draft.privacyLevel) {
    return [{ field: 'privacyLevel', message: `Choose who can see this ${limits.label} post; ${limits.label} requires the choice to be yours.` }];
  }
  const options = context.privacyLevelOptions;
  if (options && !options.includes(draft.privacyLevel)) {
    return [{ field: 'privacyLevel', message: `This ${limits.label} account offers ${options.join(', ')}; "${draft.privacyLevel}" is not one of them.` }];
  }
  return [];
}

/** Every rule the platform would enforce, as sentences a user can act on; empty means it passes. */
export function validateDraft(platform: Platform, draft: ContentDraft, context: RuleContext = {}): RuleProblem[] {
  return [
    ...textProblems(platform, draft),
    ...mediaProblems(PLATFORM_LIMITS[platform], draft, context),
    ...titleProblems(platform, draft.title),
    ...privacyProblems(platform, draft, context),
  ];
}
