import type { Platform } from '../platforms.js';

/**
 * The platforms' content rules, pure. Used before approval (content agent, approval edits) and
 * again by the adapters at publish time. The platform-adapters work owns refining these.
 */

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

export interface PlatformLimits {
  label: string;
  maxTextLength: number;
  maxHashtags?: number;
  maxMentions?: number;
  maxImages: number;
  maxVideos: number;
  videoRequired: boolean;
  titleRequired: boolean;
  maxTitleLength?: number;
}

export const PLATFORM_LIMITS: Record<Platform, PlatformLimits> = {
  x: { label: 'X', maxTextLength: 280, maxImages: 4, maxVideos: 1, videoRequired: false, titleRequired: false },
  linkedin: { label: 'LinkedIn', maxTextLength: 3000, maxImages: 9, maxVideos: 1, videoRequired: false, titleRequired: false },
  facebook: { label: 'Facebook', maxTextLength: 63206, maxImages: 10, maxVideos: 1, videoRequired: false, titleRequired: false },
  instagram: { label: 'Instagram', maxTextLength: 2200, maxHashtags: 30, maxMentions: 20, maxImages: 10, maxVideos: 1, videoRequired: false, titleRequired: false },
  tiktok: { label: 'TikTok', maxTextLength: 2200, maxImages: 0, maxVideos: 1, videoRequired: true, titleRequired: false },
  youtube: { label: 'YouTube', maxTextLength: 5000, maxImages: 0, maxVideos: 1, videoRequired: true, titleRequired: true, maxTitleLength: 100 },
};

/** The text as published: copy followed by its hashtags. */
export function composeText(draft: Pick<ContentDraft, 'text' | 'hashtags'>): string {
  const tags = draft.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`));
  return tags.length === 0 ? draft.text : `${draft.text}\n\n${tags.join(' ')}`;
}

/** Characters as a person sees them (grapheme clusters). */
export function visibleLength(text: string): number {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;
}

export function countHashtags(text: string): number {
  return (text.match(/(^|\s)#[\p{L}\p{N}_]+/gu) ?? []).length;
}

export function countMentions(text: string): number {
  return (text.match(/(^|\s)@[\w.]+/g) ?? []).length;
}

export function validateDraft(platform: Platform, draft: ContentDraft): RuleProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  const problems: RuleProblem[] = [];
  const full = composeText(draft);
  const length = visibleLength(full);
  if (length > limits.maxTextLength) {
    problems.push({ field: 'text', message: `${limits.label} allows ${limits.maxTextLength} characters; this post has ${length}.` });
  }
  const hashtags = countHashtags(full);
  if (limits.maxHashtags !== undefined && hashtags > limits.maxHashtags) {
    problems.push({ field: 'hashtags', message: `${limits.label} allows ${limits.maxHashtags} hashtags; this post has ${hashtags}.` });
  }
  const mentions = countMentions(full);
  if (limits.maxMentions !== undefined && mentions > limits.maxMentions) {
    problems.push({ field: 'text', message: `${limits.label} allows ${limits.maxMentions} @-mentions; this post has ${mentions}.` });
  }
  const images = draft.media.filter((m) => m.kind === 'image').length;
  const videos = draft.media.filter((m) => m.kind === 'video').length;
  if (images > limits.maxImages) {
    problems.push({ field: 'media', message: `${limits.label} allows ${limits.maxImages} images per post; this post has ${images}.` });
  }
  if (videos > limits.maxVideos) {
    problems.push({ field: 'media', message: `${limits.label} allows ${limits.maxVideos} video per post; this post has ${videos}.` });
  }
  if (limits.videoRequired && videos === 0) {
    problems.push({ field: 'media', message: `${limits.label} posts need a video.` });
  }
  if (limits.titleRequired && !draft.title?.trim()) {
    problems.push({ field: 'title', message: `${limits.label} needs a title.` });
  }
  if (limits.maxTitleLength !== undefined && draft.title && visibleLength(draft.title) > limits.maxTitleLength) {
    problems.push({ field: 'title', message: `${limits.label} titles allow ${limits.maxTitleLength} characters; this one has ${visibleLength(draft.title)}.` });
  }
  return problems;
}
