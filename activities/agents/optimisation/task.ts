import { z } from 'zod';
import { findRestrictionBreaches } from '../../../core/content-restrictions.js';
import { localMinuteOfDay, type PerformanceSummary } from '../../../core/performance.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';

/** Approved posts may move at most this far from their planned time (the content lock). */
export const MAX_SHIFT_MINUTES = 30;

export const scheduleSchema = z.object({
  adjustments: z.array(
    z.object({
      ref: z.string().min(1),
      shiftMinutes: z.number().int().min(-MAX_SHIFT_MINUTES).max(MAX_SHIFT_MINUTES),
      hashtags: z.array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u)).max(30),
      reason: z.string().min(5),
    }),
  ),
});
export type ScheduleAdvice = z.infer<typeof scheduleSchema>;

export interface ScheduledPost {
  ref: string;
  platform: Platform;
  plannedAt: string;
  text: string;
  hashtags: string[];
}

export interface OptimiseInput extends TaskInput {
  posts: ScheduledPost[];
  performance: PerformanceSummary;
}

/** Moves toward the platform's best local hour, never further than the lock allows. */
function shiftTowardBestHour(post: ScheduledPost, performance: PerformanceSummary, timeZone: string): number {
  const best = performance.bestHourByPlatform[post.platform];
  if (best === undefined) return 0;
  const wanted = best * 60 + 30 - localMinuteOfDay(post.plannedAt, timeZone);
  return Math.max(-MAX_SHIFT_MINUTES, Math.min(MAX_SHIFT_MINUTES, wanted));
}

function hashtagMix(post: ScheduledPost, performance: PerformanceSummary): string[] {
  const proven = performance.byHashtag.filter((h) => h.engagementRate > performance.engagementRate).map((h) => h.key);
  const mixed = [...new Map([...post.hashtags.map((h) => h.replace(/^#/, '')), ...proven].map((h) => [h.toLowerCase(), h])).values()];
  const keep = post.hashtags.length + Math.min(2, proven.length);
  let tags = mixed.slice(0, keep);
  while (tags.length > 0 && validateDraft(post.platform, { text: post.text, hashtags: tags, media: [] }).some((p) => p.field === 'text' || p.field === 'hashtags')) {
    tags = tags.slice(0, -1);
  }
  return tags;
}

export const optimiseScheduleTask = defineTask<OptimiseInput, ScheduleAdvice>({
  name: 'optimise.schedule',
  tier: 'fast',
  prompt: loadPrompt('optimise.schedule', new URL('./prompts/schedule.v1.md', import.meta.url)),
  schema: scheduleSchema,
  maxOutputTokens: 700,
  repair: true,
  check: (output, input) =>
    input.posts.flatMap((post) => {
      const advice = output.adjustments.filter((a) => a.ref === post.ref);
      if (advice.length !== 1) return [`give exactly one adjustment for ${post.ref}`];
      const rules = validateDraft(post.platform, { text: post.text, hashtags: advice[0]!.hashtags, media: [] })
        .filter((p) => p.field === 'text' || p.field === 'hashtags')
        .map((p) => `${post.ref}: ${p.message}`);
      const breaches = findRestrictionBreaches(advice[0]!.hashtags.join(' '), input.profile).map((b) => `${post.ref}: a hashtag ${b}`);
      return [...rules, ...breaches];
    }),
  offline: ({ posts, performance, profile }) => ({
    adjustments: posts.map((post) => ({
      ref: post.ref,
      shiftMinutes: shiftTowardBestHour(post, performance, profile.timeZone),
      hashtags: hashtagMix(post, performance),
      reason: performance.posts > 0 ? 'Moved toward the hour this platform engages best and added proven hashtags.' : 'No performance data yet: kept as planned.',
    })),
  }),
});
