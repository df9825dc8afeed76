import { validateDraft } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';
import { postContentProblems } from './rules.js';
import { postContentSchema, type PlatformCopy, type PostContent } from './schemas.js';

/** "Adapt with AI": a person's own post, rewritten per platform within each platform's rules. */
export interface AdaptInput extends TaskInput {
  platforms: Platform[];
  text: string;
  hashtags: string[];
}

/** How many of the person's hashtags each platform gets offline (the prompt's ranges, upper end). */
const HASHTAGS: Record<Platform, number> = { x: 2, linkedin: 5, facebook: 3, instagram: 15, tiktok: 5, youtube: 5 };

const sentencesOf = (text: string) => (text.match(/[^.!?\n]+[.!?]*/g) ?? []).map((s) => s.trim()).filter(Boolean);

function fits(platform: Platform, text: string, hashtags: string[], title?: string): boolean {
  return validateDraft(platform, { text, hashtags, title, media: [] }).every((p) => !['text', 'hashtags', 'title'].includes(p.field));
}

/** Whole words up to what the platform takes, ending with an ellipsis. */
function cutToFit(platform: Platform, text: string, hashtags: string[], title?: string): string {
  const words = text.split(/\s+/);
  while (words.length > 1 && !fits(platform, `${words.join(' ')}…`, hashtags, title)) words.pop();
  return `${words.join(' ')}…`;
}

/** The offline editor: the person's own words, sentences dropped from the end (the opening stays) until the platform takes them. */
function adaptCopyOffline(input: AdaptInput, platform: Platform): PlatformCopy {
  const clean = platform === 'youtube' ? input.text.replace(/[<>]/g, '') : input.text;
  const sentences = sentencesOf(clean);
  const title = platform === 'youtube' ? (sentences[0] ?? 'Our latest video').slice(0, 100) : undefined;
  let hashtags = input.hashtags.map((h) => h.replace(/^#/, '')).slice(0, HASHTAGS[platform]);
  let text = clean.trim();
  let kept = sentences.length;
  while (!fits(platform, text, hashtags, title) && kept > 1) text = sentences.slice(0, --kept).join(' ');
  while (!fits(platform, text, hashtags, title) && hashtags.length > 0) hashtags = hashtags.slice(0, -1);
  if (!fits(platform, text, hashtags, title)) text = cutToFit(platform, text, hashtags, title);
  const callToAction = sentences.length > 1 ? sentences[sentences.length - 1]! : sentences[0] ?? text;
  return { platform, text, hashtags, callToAction, ...(title && { title }) };
}

export function adaptPostOffline(input: AdaptInput): PostContent {
  const topic = sentencesOf(input.text)[0] ?? input.text.slice(0, 80);
  return {
    variants: input.platforms.map((p) => adaptCopyOffline(input, p)),
    visual: {
      prompt: `A social media photo for ${input.profile.businessName} illustrating: "${topic.slice(0, 200)}". Natural light, clean composition, brand-consistent colours. No text in the image.`,
      altText: `${input.profile.businessName}: ${topic.slice(0, 200)}`,
      style: input.profile.brandVoice || 'natural',
    },
  };
}

export const adaptPostTask = defineTask<AdaptInput, PostContent>({
  name: 'content.adapt',
  tier: 'fast',
  prompt: loadPrompt('content.adapt', new URL('./prompts/adapt.v1.md', import.meta.url)),
  schema: postContentSchema,
  maxOutputTokens: 1800,
  repair: true,
  check: (output, input) => postContentProblems(output, { ...input, abVariant: false }),
  offline: adaptPostOffline,
});
