import type { Platform } from './platforms.js';

/**
 * How published posts did, reduced to the breakdowns the planning and learning agents read:
 * by platform, content type, local time slot and hashtag. Pure; the samples come from Herald's
 * metric snapshots.
 */
export interface PerformanceSample {
  platform: Platform;
  contentType: string;
  publishedAt: string;
  hashtags: string[];
  impressions: number;
  engagements: number;
  /** What the approved weekly strategy predicted for this slot, when it had a prediction. */
  predictedEngagementRate?: number;
}

/** A platform's best posting hour is only trusted once it has this many published posts. */
export const MIN_POSTS_FOR_BEST_HOUR = 5;

export const TIME_SLOTS = ['night', 'morning', 'midday', 'afternoon', 'evening'] as const;
export type TimeSlot = (typeof TIME_SLOTS)[number];

export function timeSlotOf(localHour: number): TimeSlot {
  if (localHour >= 6 && localHour < 11) return 'morning';
  if (localHour >= 11 && localHour < 14) return 'midday';
  if (localHour >= 14 && localHour < 18) return 'afternoon';
  if (localHour >= 18 && localHour < 23) return 'evening';
  return 'night';
}

/** Minutes since local midnight in the zone (zones with half-hour offsets included). */
export function localMinuteOfDay(instant: string, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: 'numeric', hourCycle: 'h23', timeZone }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

export function localHour(instant: string, timeZone: string): number {
  return Math.floor(localMinuteOfDay(instant, timeZone) / 60);
}

export interface Breakdown {
  key: string;
  posts: number;
  impressions: number;
  engagements: number;
  /** Engagements / impressions, 0 when nothing was seen. */
  engagementRate: number;
}

export interface PerformanceSummary {
  posts: number;
  engagementRate: number;
  byPlatform: Breakdown[];
  byContentType: Breakdown[];
  byTimeSlot: Breakdown[];
  byHashtag: Breakdown[];
  /** Local hour with the best engagement rate per platform (the optimiser aims near it). */
  bestHourByPlatform: Partial<Record<Platform, number>>;
  /** How close the strategy's predicted engagement rates came, over posts that had one. */
  predictionAccuracy?: { posts: number; meanPredicted: number; meanActual: number; meanAbsoluteError: number };
}

function breakdown(samples: PerformanceSample[], keysOf: (s: PerformanceSample) => string[], limit = 10): Breakdown[] {
  const groups = new Map<string, Breakdown>();
  for (const sample of samples) {
    for (const key of keysOf(sample)) {
      const g = groups.get(key) ?? { key, posts: 0, impressions: 0, engagements: 0, engagementRate: 0 };
      g.posts += 1;
      g.impressions += sample.impressions;
      g.engagements += sample.engagements;
      groups.set(key, g);
    }
  }
  return [...groups.values()]
    .map((g) => ({ ...g, engagementRate: g.impressions > 0 ? round(g.engagements / g.impressions) : 0 }))
    .sort((a, b) => b.engagementRate - a.engagementRate || b.posts - a.posts)
    .slice(0, limit);
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function summarisePerformance(samples: PerformanceSample[], timeZone: string): PerformanceSummary {
  const impressions = samples.reduce((sum, s) => sum + s.impressions, 0);
  const engagements = samples.reduce((sum, s) => sum + s.engagements, 0);
  const bestHourByPlatform: Partial<Record<Platform, number>> = {};
  const countOn = (platform: Platform) => samples.filter((s) => s.platform === platform).length;
  const trusted = samples.filter((s) => countOn(s.platform) >= MIN_POSTS_FOR_BEST_HOUR);
  const byPlatformHour = breakdown(trusted, (s) => [`${s.platform}@${localHour(s.publishedAt, timeZone)}`], 1000);
  for (const entry of byPlatformHour) {
    const [platform, hour] = entry.key.split('@') as [Platform, string];
    if (bestHourByPlatform[platform] === undefined) bestHourByPlatform[platform] = Number(hour);
  }
  return {
    posts: samples.length,
    engagementRate: impressions > 0 ? round(engagements / impressions) : 0,
    byPlatform: breakdown(samples, (s) => [s.platform]),
    byContentType: breakdown(samples, (s) => [s.contentType]),
    byTimeSlot: breakdown(samples, (s) => [timeSlotOf(localHour(s.publishedAt, timeZone))]),
    byHashtag: breakdown(samples, (s) => s.hashtags.map((h) => h.replace(/^#/, '').toLowerCase())),
    bestHourByPlatform,
    predictionAccuracy: predictionAccuracy(samples),
  };
}

function predictionAccuracy(samples: PerformanceSample[]): PerformanceSummary['predictionAccuracy'] {
  const predicted = samples.filter((s) => s.predictedEngagementRate !== undefined && s.impressions > 0);
  if (predicted.length === 0) return undefined;
  const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / values.length);
  const actual = (s: PerformanceSample) => s.engagements / s.impressions;
  return {
    posts: predicted.length,
    meanPredicted: mean(predicted.map((s) => s.predictedEngagementRate!)),
    meanActual: mean(predicted.map(actual)),
    meanAbsoluteError: mean(predicted.map((s) => Math.abs(actual(s) - s.predictedEngagementRate!))),
  };
}
