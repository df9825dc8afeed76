import { describe, expect, it } from 'vitest';
import { MIN_POSTS_FOR_BEST_HOUR, summarisePerformance, type PerformanceSample } from '../../core/performance.js';

const sample = (hourUtc: number, engagements: number, extra: Partial<PerformanceSample> = {}): PerformanceSample => ({
  platform: 'linkedin',
  contentType: 'tip',
  publishedAt: `2026-11-0${1 + (hourUtc % 9)}T${String(hourUtc).padStart(2, '0')}:00:00Z`,
  hashtags: [],
  impressions: 1000,
  engagements,
  ...extra,
});

describe('performance summary for the optimiser and the learning agent', () => {
  it('names no best posting hour until a platform has enough posts', () => {
    const few = Array.from({ length: MIN_POSTS_FOR_BEST_HOUR - 1 }, (_, i) => sample(8 + i, 10 * (i + 1)));
    expect(summarisePerformance(few, 'UTC').bestHourByPlatform.linkedin).toBeUndefined();
    const enough = [...few, sample(15, 90)];
    expect(summarisePerformance(enough, 'UTC').bestHourByPlatform.linkedin).toBe(15);
  });

  it('measures how close the strategy\'s predictions came', () => {
    const summary = summarisePerformance([sample(9, 30, { predictedEngagementRate: 0.05 }), sample(10, 50, { predictedEngagementRate: 0.05 }), sample(11, 40)], 'UTC');
    expect(summary.predictionAccuracy).toEqual({ posts: 2, meanPredicted: 0.05, meanActual: 0.04, meanAbsoluteError: 0.01 });
  });

  it('has no accuracy figure when nothing was predicted', () => {
    expect(summarisePerformance([sample(9, 30)], 'UTC').predictionAccuracy).toBeUndefined();
  });
});
