import { describe, expect, it } from 'vitest';
import {
  alertsFor,
  checkpointOffsets,
  checkpointWindows,
  CHECKPOINTS,
  expectedAt,
  median,
  PLATFORM_DEFAULTS,
  ratiosOf,
  readingOf,
  type Reading,
} from '../../core/monitoring.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('checkpoints', () => {
  it('are 15 min, 1 h, 4 h, 12 h and 24 h after publication by default', () => {
    expect(CHECKPOINTS).toEqual(['15m', '1h', '4h', '12h', '24h']);
    expect(checkpointOffsets).toEqual([15 * MIN, HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR]);
  });

  it('may be retried until the next checkpoint is due; the last one for the 12 h gap before it', () => {
    const published = Date.parse('2026-11-20T10:00:00Z');
    const windows = checkpointWindows(published);
    expect(windows.map((w) => [w.checkpoint, (w.dueAtMs - published) / MIN, (w.closesAtMs - published) / MIN])).toEqual([
      ['15m', 15, 60],
      ['1h', 60, 240],
      ['4h', 240, 720],
      ['12h', 720, 1440],
      ['24h', 1440, 2160],
    ]);
  });

  it('refuses offsets that are not five increasing positive numbers', () => {
    expect(() => checkpointWindows(0, [1, 2, 3])).toThrow('needs 5 checkpoint offsets');
    expect(() => checkpointWindows(0, [1, 2, 2, 3, 4])).toThrow('increasing');
    expect(() => checkpointWindows(0, [0, 1, 2, 3, 4])).toThrow('positive');
  });
});

describe('expected performance', () => {
  const reading = (reach: number, engagements: number): Reading => ({ reach, engagements, engagementRate: engagements / reach });

  it('uses the platform default until the account has 5 posts at that checkpoint', () => {
    const four = [reading(100, 10), reading(200, 10), reading(300, 10), reading(400, 10)];
    const expected = expectedAt('x', '24h', four);
    expect(expected).toMatchObject({ basis: 'platform_default', reach: PLATFORM_DEFAULTS.x.reachAt24h, engagementRate: PLATFORM_DEFAULTS.x.engagementRate, posts: 0 });
    expect(expectedAt('x', '4h', four).reach).toBe(PLATFORM_DEFAULTS.x.reachAt24h * 0.5);
  });

  it('is the median of the account\'s own readings from 5 posts on', () => {
    const five = [reading(100, 1), reading(500, 50), reading(300, 9), reading(200, 10), reading(400, 4)];
    expect(expectedAt('x', '1h', five)).toMatchObject({ basis: 'history', posts: 5, reach: 300, engagementRate: 0.03, engagements: 9 });
  });

  it('takes only the latest 30 readings (newest first)', () => {
    const recent = Array.from({ length: 30 }, () => reading(1000, 10));
    const old = Array.from({ length: 31 }, () => reading(10, 10));
    expect(expectedAt('linkedin', '24h', [...recent, ...old])).toMatchObject({ reach: 1000, posts: 30 });
  });

  it('medians of an even count average the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('readings and ratios', () => {
  it('counts likes, comments, shares and saves against reach, else impressions, else views', () => {
    expect(readingOf({ impressions: 1000, likes: 20, comments: 5, shares: 3, saves: 2, clicks: 50 })).toEqual({ reach: 1000, engagements: 30, engagementRate: 0.03 });
    expect(readingOf({ reach: 500, impressions: 1000, likes: 10 }).reach).toBe(500);
    expect(readingOf({ views: 40, likes: 4 }).engagementRate).toBe(0.1);
    expect(readingOf({ likes: 4, comments: 1 })).toEqual({ reach: undefined, engagements: 5, engagementRate: undefined });
  });

  it('compares engagement counts where the platform reports no reach (LinkedIn)', () => {
    const expected = expectedAt('linkedin', '24h', []);
    const r = ratiosOf(readingOf({ likes: 48 }), expected);
    expect(r.engagementRatio).toBeCloseTo(48 / (800 * 0.03));
    expect(r.reachRatio).toBeUndefined();
  });
});

describe('alerts', () => {
  it('viral needs engagement ratio above 2.0 and reach ratio above 1.5, not at them', () => {
    expect(alertsFor('15m', { engagementRatio: 2.0001, reachRatio: 1.5001 })).toEqual(['viral']);
    expect(alertsFor('15m', { engagementRatio: 2.0, reachRatio: 1.5001 })).toEqual([]);
    expect(alertsFor('15m', { engagementRatio: 2.0001, reachRatio: 1.5 })).toEqual([]);
    expect(alertsFor('15m', { engagementRatio: 5, reachRatio: undefined })).toEqual([]);
  });

  it('under-performance needs an engagement ratio below 0.5 at the 4 h checkpoint or later', () => {
    expect(alertsFor('4h', { engagementRatio: 0.4999, reachRatio: 1 })).toEqual(['underperformance']);
    expect(alertsFor('24h', { engagementRatio: 0.1 })).toEqual(['underperformance']);
    expect(alertsFor('4h', { engagementRatio: 0.5, reachRatio: 1 })).toEqual([]);
    expect(alertsFor('1h', { engagementRatio: 0.1, reachRatio: 1 })).toEqual([]);
    expect(alertsFor('15m', { engagementRatio: 0.1, reachRatio: 1 })).toEqual([]);
  });

  it('raises each kind at most once per post', () => {
    expect(alertsFor('12h', { engagementRatio: 3, reachRatio: 3 }, ['viral'])).toEqual([]);
    expect(alertsFor('12h', { engagementRatio: 0.1 }, ['viral'])).toEqual(['underperformance']);
    expect(alertsFor('24h', { engagementRatio: 0.1 }, ['underperformance'])).toEqual([]);
  });
});
