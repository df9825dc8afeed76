import type { Platform } from '../../../core/platforms.js';
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
}

export interface ReplacementInput extends PostInput {
  rejection: { reason: string; previousText: string };
}

export const writePostTask = defineTask<PostInput, ReturnType<typeof postContentSchema.parse>>({
  name: 'content.post',
  tier: 'fast',
  prompt: loadPrompt('content.post', new URL('./prompts/post.v1.md', import.meta.url)),
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
  prompt: loadPrompt('content.replacement', new URL('./prompts/replacement.v1.md', import.meta.url)),
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
  prompt: loadPrompt('content.emergency', new URL('./prompts/emergency.v1.md', import.meta.url)),
  schema: postContentSchema,
  maxOutputTokens: 500,
  repair: false,
  check: (output, input) => postContentProblems(output, { ...input, abVariant: false }),
  offline: (input) => offlineReplacement(input, 'emergency'),
});
