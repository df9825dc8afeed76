import { z } from 'zod';
import type { Breakdown, PerformanceSummary } from '../../../core/performance.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';

const DIMENSIONS = ['byPlatform', 'byContentType', 'byTimeSlot', 'byHashtag'] as const;

const verdicts = z.array(z.object({ key: z.string().min(1), verdict: z.enum(['do more', 'keep', 'do less', 'too early to tell']), why: z.string().min(5) }));

export const weeklyAnalysisSchema = z.object({
  weekStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  headline: z.string().min(10),
  byPlatform: verdicts,
  byContentType: verdicts,
  byTimeSlot: verdicts,
  byHashtag: verdicts,
  recommendations: z.array(z.string().min(10)).min(1).max(5).describe('What next week\'s strategy should change'),
});
export type WeeklyAnalysis = z.infer<typeof weeklyAnalysisSchema>;

export interface LearningInput extends TaskInput {
  weekStart: string;
  performance: PerformanceSummary;
}

/** Enough posts in a group to call it a pattern rather than noise. */
const MIN_POSTS_FOR_VERDICT = 3;

function verdictFor(entry: Breakdown, overall: number): z.infer<typeof verdicts>[number] {
  const rate = `${(entry.engagementRate * 100).toFixed(1)}% over ${entry.posts} posts`;
  if (entry.posts < MIN_POSTS_FOR_VERDICT) return { key: entry.key, verdict: 'too early to tell', why: `Only ${rate}.` };
  if (entry.engagementRate >= overall * 1.2) return { key: entry.key, verdict: 'do more', why: `${rate}, well above the account average.` };
  if (entry.engagementRate <= overall * 0.8) return { key: entry.key, verdict: 'do less', why: `${rate}, below the account average.` };
  return { key: entry.key, verdict: 'keep', why: `${rate}, close to the account average.` };
}

function analysisOffline({ weekStart, performance }: LearningInput): WeeklyAnalysis {
  const judge = (list: Breakdown[]) => list.map((entry) => verdictFor(entry, performance.engagementRate));
  const best = performance.byPlatform[0];
  const slot = performance.byTimeSlot[0];
  return {
    weekStart,
    headline:
      performance.posts === 0
        ? 'No published posts with metrics this week yet.'
        : `${performance.posts} posts at ${(performance.engagementRate * 100).toFixed(1)}% engagement; ${best?.key} led.`,
    byPlatform: judge(performance.byPlatform),
    byContentType: judge(performance.byContentType),
    byTimeSlot: judge(performance.byTimeSlot),
    byHashtag: judge(performance.byHashtag),
    recommendations: [slot ? `Schedule more posts in the ${slot.key} slot, where engagement was highest.` : 'Keep the planned cadence until metrics arrive.'],
  };
}

export const weeklyAnalysisTask = defineTask<LearningInput, WeeklyAnalysis>({
  name: 'learning.weekly',
  tier: 'smart',
  prompt: loadPrompt('learning.weekly', new URL('./prompts/weekly.v1.md', import.meta.url)),
  schema: weeklyAnalysisSchema,
  maxOutputTokens: 1500,
  repair: true,
  check: (output, input) =>
    DIMENSIONS.flatMap((dimension) => {
      const known = new Set(input.performance[dimension].map((b) => b.key));
      const invented = output[dimension].filter((v) => !known.has(v.key)).map((v) => v.key);
      return invented.length > 0 ? [`${dimension} judges ${invented.join(', ')}, which have no data this week`] : [];
    }),
  offline: analysisOffline,
});
