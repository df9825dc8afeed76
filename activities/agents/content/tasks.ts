import { postLinkFor, type PostLink } from '../../../core/brand-profile.js';
import type { Platform } from '../../../core/platforms.js';
import type { AgentProfile } from '../profile.js';
import { stableHash } from './patterns.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';
import { writePostOffline } from './offline.js';
import { postContentProblems } from './rules.js';
import { postContentSchema } from './schemas.js';

export interface PostBrief {
  topic: string;
  brief: string;
  contentType: string;
  callToAction?: string;
}

export interface PostInput extends TaskInput {
  platforms: Platform[];
  post: PostBrief;
  abVariant: boolean;
  /** Per platform, the page to link to (UTM parameters included); only platforms whose captions make links clickable. */
  links?: Partial<Record<Platform, PostLink>>;
}

/** The pages a post links to: the profile's promotions in turn (chosen by the topic), else its website. */
export function linksForPost(profile: AgentProfile, platforms: Platform[], post: PostBrief): Partial<Record<Platform, PostLink>> {
  const turn = stableHash(post.topic);
  return Object.fromEntries(platforms.flatMap((p) => {
    const link = postLinkFor(profile.details, p, post.topic, turn);
    return link ? [[p, link]] : [];
  }));
}

export interface ReplacementInput extends PostInput {
  rejection: { reason: string; previousText: string };
}

export const writePostTask = defineTask<PostInput, ReturnType<typeof postContentSchema.parse>>({
  name: 'content.post',
  tier: 'fast',
  prompt: loadPrompt('content.post', new URL('./prompts/post.v2.md', import.meta.url)),
  schema: postContentSchema,
  maxOutputTokens: 1800,
  repair: true,
  check: (output, input) => postContentProblems(output, input),
  offline: (input) => writePostOffline({ ...input, angle: 'main' }),
});

/** Offline replacements take the other angle; if that is what was rejected, the first one. */
function offlineReplacement(input: ReplacementInput, angle: 'replacement' | 'emergency') {
  const written = writePostOffline({ ...input, abVariant: false, angle });
  const repeats = written.variants.some((v) => v.text.trim() === input.rejection.previousText.trim());
  return repeats ? writePostOffline({ ...input, abVariant: false, angle: 'main' }) : written;
}

export const writeReplacementTask = defineTask<ReplacementInput, ReturnType<typeof postContentSchema.parse>>({
  name: 'content.replacement',
  tier: 'fast',
  prompt: loadPrompt('content.replacement', new URL('./prompts/replacement.v2.md', import.meta.url)),
  schema: postContentSchema,
  maxOutputTokens: 1500,
  repair: true,
  check: (output, input) => postContentProblems(output, { ...input, abVariant: false }),
  offline: (input) => offlineReplacement(input, 'replacement'),
});

/** Under 15 minutes to publish: one short call, and the offline writer if that call is unusable. */
export const writeEmergencyTask = defineTask<ReplacementInput, ReturnType<typeof postContentSchema.parse>>({
  name: 'content.emergency',
  tier: 'fast',
  prompt: loadPrompt('content.emergency', new URL('./prompts/emergency.v2.md', import.meta.url)),
  schema: postContentSchema,
  maxOutputTokens: 500,
  repair: false,
  check: (output, input) => postContentProblems(output, { ...input, abVariant: false }),
  offline: (input) => offlineReplacement(input, 'emergency'),
});
