import type { Platform } from './platforms.js';

/**
 * The rules of post monitoring, in one place: when the checkpoints are, how long each may be
 * retried, what a post is expected to reach, and when it earns a viral or under-performance alert.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const CHECKPOINTS = ['15m', '1h', '4h', '12h', '24h'] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];

/** Checkpoint offsets after published_at, in milliseconds, in the order of CHECKPOINTS. */
export const checkpointOffsets: readonly number[] = [15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR];

export const MONITORING_RULES = {
  viral: { engagementRatioAbove: 2.0, reachRatioAbove: 1.5 },
  underperformance: { engagementRatioBelow: 0.5, fromCheckpoint: '4h' as Checkpoint },
  /** Expected performance is the median over this many of the account's latest posts on the platform... */
  historyPosts: 30,
  /** ...once it has at least this many; below it, the platform default. */
  minHistoryPosts: 5,
} as const;

export interface CheckpointWindow {
  checkpoint: Checkpoint;
  /** published_at + offset: when the metrics are read. */
  dueAtMs: number;
  /** Past this instant the checkpoint is recorded as missed instead of read. */
  closesAtMs: number;
}

/**
 * A checkpoint may be retried until the next one is due; the last one for as long as the gap
 * before it (12 h with the default offsets). Offsets are an input so tests and ops can scale them.
 */
export function checkpointWindows(publishedAtMs: number, offsets: readonly number[] = checkpointOffsets): CheckpointWindow[] {
  if (offsets.length !== CHECKPOINTS.length) throw new Error(`Monitoring needs ${CHECKPOINTS.length} checkpoint offsets (${CHECKPOINTS.join(', ')}); got ${offsets.length}.`);
  if (offsets.some((o, i) => o <= 0 || (i > 0 && o <= offsets[i - 1]!))) throw new Error('Checkpoint offsets must be positive and increasing.');
  return CHECKPOINTS.map((checkpoint, i) => {
    const next = offsets[i + 1] ?? offsets[i]! + (offsets[i]! - (offsets[i - 1] ?? 0));
    return { checkpoint, dueAtMs: publishedAtMs + offsets[i]!, closesAtMs: publishedAtMs + next };
  });
}

/** The metric figures a platform reported (each may be missing on some platforms). */
export interface MetricFigures {
  impressions?: number;
  reach?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  clicks?: number;
  views?: number;
}

/** A reading reduced to what the rules compare: audience, interactions and their ratio. */
export interface Reading {
  /** Unique reach where reported, else impressions, else views; undefined when none is reported. */
  reach?: number;
  /** Likes + comments + shares + saves. */
  engagements: number;
  /** engagements / reach; undefined without a reach figure or with a reach of 0. */
  engagementRate?: number;
}

export function readingOf(m: MetricFigures): Reading {
  const reach = m.reach ?? m.impressions ?? m.views;
  const engagements = (m.likes ?? 0) + (m.comments ?? 0) + (m.shares ?? 0) + (m.saves ?? 0);
  return { reach, engagements, engagementRate: reach ? engagements / reach : undefined };
}

/**
 * What a post on a new account is expected to do by 24 h, until the account has five posts of its
 * own on the platform. Round numbers for a small business account; docs/monitoring.md explains.
 */
export const PLATFORM_DEFAULTS: Record<Platform, { reachAt24h: number; engagementRate: number }> = {
  x: { reachAt24h: 1_000, engagementRate: 0.03 },
  linkedin: { reachAt24h: 800, engagementRate: 0.03 },
  facebook: { reachAt24h: 700, engagementRate: 0.03 },
  instagram: { reachAt24h: 900, engagementRate: 0.04 },
  tiktok: { reachAt24h: 1_500, engagementRate: 0.05 },
  youtube: { reachAt24h: 600, engagementRate: 0.04 },
};

/** Share of the 24 h reach a typical post has reached by each checkpoint. */
export const DEFAULT_REACH_SHARE: Record<Checkpoint, number> = { '15m': 0.05, '1h': 0.15, '4h': 0.5, '12h': 0.85, '24h': 1 };

export interface Expected {
  reach: number;
  engagementRate: number;
  engagements: number;
  basis: 'history' | 'platform_default';
  /** How many earlier posts the median was taken over (0 for the default). */
  posts: number;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Expected performance at a checkpoint: the median of the account's latest readings at the same
 * checkpoint (newest first, at most 30), or the platform default while it has fewer than 5.
 */
export function expectedAt(platform: Platform, checkpoint: Checkpoint, history: Reading[]): Expected {
  const latest = history.slice(0, MONITORING_RULES.historyPosts);
  const d = PLATFORM_DEFAULTS[platform];
  const defaultReach = d.reachAt24h * DEFAULT_REACH_SHARE[checkpoint];
  if (latest.length < MONITORING_RULES.minHistoryPosts) {
    return { reach: defaultReach, engagementRate: d.engagementRate, engagements: defaultReach * d.engagementRate, basis: 'platform_default', posts: 0 };
  }
  const reach = median(latest.flatMap((r) => (r.reach === undefined ? [] : [r.reach])));
  const rate = median(latest.flatMap((r) => (r.engagementRate === undefined ? [] : [r.engagementRate])));
  return {
    reach: reach ?? defaultReach,
    engagementRate: rate ?? d.engagementRate,
    engagements: median(latest.map((r) => r.engagements))!,
    basis: 'history',
    posts: latest.length,
  };
}

export interface Ratios {
  /** Engagement rate against the expected rate; engagements against expected engagements where the platform reports no reach. */
  engagementRatio?: number;
  reachRatio?: number;
}

const ratio = (actual: number, expected: number) => (expected > 0 ? actual / expected : undefined);

export function ratiosOf(reading: Reading, expected: Expected): Ratios {
  const engagementRatio =
    reading.engagementRate !== undefined ? ratio(reading.engagementRate, expected.engagementRate) : ratio(reading.engagements, expected.engagements);
  return { engagementRatio, reachRatio: reading.reach !== undefined ? ratio(reading.reach, expected.reach) : undefined };
}

export const ALERT_KINDS = ['viral', 'underperformance'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Alerts a reading earns: viral when engagement ratio > 2.0 and reach ratio > 1.5; under-performing
 * when the engagement ratio is < 0.5 at the 4 h checkpoint or later. Kinds already raised for the
 * post are left out (one of each kind per post).
 */
export function alertsFor(checkpoint: Checkpoint, r: Ratios, alreadyRaised: readonly AlertKind[] = []): AlertKind[] {
  const { viral, underperformance } = MONITORING_RULES;
  const kinds: AlertKind[] = [];
  if (r.engagementRatio !== undefined && r.reachRatio !== undefined && r.engagementRatio > viral.engagementRatioAbove && r.reachRatio > viral.reachRatioAbove) {
    kinds.push('viral');
  }
  const lateEnough = CHECKPOINTS.indexOf(checkpoint) >= CHECKPOINTS.indexOf(underperformance.fromCheckpoint);
  if (lateEnough && r.engagementRatio !== undefined && r.engagementRatio < underperformance.engagementRatioBelow) kinds.push('underperformance');
  return kinds.filter((k) => !alreadyRaised.includes(k));
}

/** The alert e-mail in words: what happened, against what, and what to do. */
export function alertMessage(kind: AlertKind, input: { platformLabel: string; checkpoint: Checkpoint; ratios: Ratios; expected: Expected; postUrl?: string }) {
  const times = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(2)}x`);
  const against = input.expected.basis === 'history' ? `the median of your last ${input.expected.posts} ${input.platformLabel} posts` : `the ${input.platformLabel} default for new accounts`;
  const figures = `engagement ${times(input.ratios.engagementRatio)} and reach ${times(input.ratios.reachRatio)} of ${against} at ${input.checkpoint}`;
  const link = input.postUrl ? `\n\n${input.postUrl}` : '';
  return kind === 'viral'
    ? { subject: `Your ${input.platformLabel} post is taking off`, body: `Your post is doing far better than usual: ${figures}. Reply to comments while attention is high.${link}` }
    : { subject: `Your ${input.platformLabel} post is under-performing`, body: `Your post is doing worse than usual: ${figures}. Consider what differs from your better posts.${link}` };
}
