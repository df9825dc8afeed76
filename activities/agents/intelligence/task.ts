import { z } from 'zod';
import { findRestrictionBreaches } from '../../../core/content-restrictions.js';
import type { PerformanceSummary } from '../../../core/performance.js';
import { PLATFORMS } from '../../../core/platforms.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';
import { asHashtag } from '../content/offline.js';

export const intelligenceSchema = z.object({
  trends: z
    .array(z.object({ topic: z.string().min(3), relevance: z.number().int().min(1).max(10), why: z.string().min(10), hashtags: z.array(z.string()).max(5) }))
    .min(1)
    .max(5),
  competitorActivity: z.array(z.object({ pattern: z.string().min(5), implication: z.string().min(5) })).max(3),
  ownPerformance: z.object({
    summary: z.string().min(10),
    bestPlatform: z.enum(PLATFORMS).optional(),
    bestTimeSlot: z.string().optional(),
    topHashtags: z.array(z.string()).max(10),
  }),
  opportunities: z.array(z.string().min(5)).min(1).max(5),
});
export type IntelligenceBrief = z.infer<typeof intelligenceSchema>;

export interface IntelligenceInput extends TaskInput {
  date: string;
  performance: PerformanceSummary;
  competitors: string[];
}

function ownPerformanceOffline(performance: PerformanceSummary): IntelligenceBrief['ownPerformance'] {
  if (performance.posts === 0) return { summary: 'No published posts with metrics yet; plans use the platforms\' usual peak hours.', topHashtags: [] };
  const best = performance.byPlatform[0];
  const slot = performance.byTimeSlot[0];
  return {
    summary: `${performance.posts} posts reached an engagement rate of ${(performance.engagementRate * 100).toFixed(1)}%; ${best?.key ?? 'no platform'} did best, in the ${slot?.key ?? 'unknown'} slot.`,
    bestPlatform: best?.key as IntelligenceBrief['ownPerformance']['bestPlatform'],
    bestTimeSlot: slot?.key,
    topHashtags: performance.byHashtag.slice(0, 5).map((h) => h.key),
  };
}

export const intelligenceTask = defineTask<IntelligenceInput, IntelligenceBrief>({
  name: 'intelligence.brief',
  tier: 'fast',
  prompt: loadPrompt('intelligence.brief', new URL('./prompts/brief.v1.md', import.meta.url)),
  schema: intelligenceSchema,
  maxOutputTokens: 900,
  repair: true,
  check: (output, input) =>
    findRestrictionBreaches(output.opportunities.concat(output.trends.map((t) => t.topic)).join('\n'), input.profile).map((b) => `an opportunity ${b}`),
  offline: ({ profile, performance, competitors }) => ({
    trends: [
      { topic: `Practical ${profile.industry} advice`, relevance: 7, why: `${profile.audience} look for useful, concrete help all year round.`, hashtags: [asHashtag(profile.industry)] },
    ],
    competitorActivity: competitors.slice(0, 3).map((name) => ({ pattern: `${name} posts regularly in ${profile.industry}`, implication: 'Stand out with a clearer point of view and steadier cadence.' })),
    ownPerformance: ownPerformanceOffline(performance),
    opportunities: [`Answer the questions ${profile.audience} ask most about ${profile.industry}.`],
  }),
});
