import { textLength, validateDraft } from '../../../../core/platform-rules/index.js';
import { isPlatform } from '../../../../core/platforms.js';

/**
 * The platform rules the API and the publishers enforce (core/platform-rules), run in the browser
 * as the person types: the same code, so the editor and the server never disagree.
 */
export interface DraftCheck {
  length: { used: number; max: number; unit: string } | null;
  problems: string[];
}

/** Hashtags typed as "#bread sourdough, #bakery" become ["bread", "sourdough", "bakery"]. */
export function parseHashtags(typed: string): string[] {
  return typed
    .split(/[\s,]+/)
    .map((tag) => tag.replace(/^#+/, ''))
    .filter(Boolean);
}

const HASHTAG = /^[\p{L}\p{N}_]+$/u;

/** Length and rule problems of one platform's copy; media is not edited here, so its rules are left to the server. */
export function checkDraft(platform: string, draft: { text: string; hashtags: string[]; title?: string | null }): DraftCheck {
  const badTags = draft.hashtags.filter((tag) => !HASHTAG.test(tag)).map((tag) => `"#${tag}" is not a hashtag: one word of letters, digits or _.`);
  if (!isPlatform(platform)) return { length: null, problems: badTags };
  const content = { text: draft.text, hashtags: draft.hashtags, media: [], title: draft.title ?? undefined };
  const problems = validateDraft(platform, content)
    .filter((p) => p.field === 'text' || p.field === 'hashtags' || p.field === 'title')
    .map((p) => p.message);
  if (!draft.text.trim()) problems.unshift('The post needs some text.');
  return { length: textLength(platform, content), problems: [...badTags, ...problems] };
}
