import { ApplicationFailure } from '@temporalio/common';
import { and, desc, eq, ne } from 'drizzle-orm';
import { alertsFor, alertMessage, expectedAt, ratiosOf, readingOf, type AlertKind, type Checkpoint, type MetricFigures } from '../../core/monitoring.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { metricSnapshots, postAlerts, postTargets } from '../../db/schema/index.js';
import { notifyActivities } from '../content/notify.js';
import type { PlatformServices } from '../platforms/services.js';
import { METRICS_UNAVAILABLE, PlatformError, type PostMetrics } from '../platforms/types.js';

export interface CheckpointInput {
  targetId: string;
  checkpoint: Checkpoint;
  /** ISO instant: published_at + the checkpoint's offset. */
  dueAt: string;
}

/** What the workflow keeps in its history: numbers and kinds, never the metrics payload. */
export interface CheckpointOutcome {
  /** 'unavailable': the platform gives no figures for this post (absent in histories from before it existed: taken). */
  status?: 'taken' | 'unavailable';
  engagementRatio: number | null;
  reachRatio: number | null;
  alerts: AlertKind[];
}

const FIGURES = ['impressions', 'reach', 'likes', 'comments', 'shares', 'saves', 'clicks', 'views'] as const;

function figuresOf(m: PostMetrics): MetricFigures {
  return Object.fromEntries(FIGURES.flatMap((k) => (m[k] === undefined ? [] : [[k, m[k]]])));
}

/** Platform failures as Temporal sees them: a retry honouring Retry-After, or none when retrying cannot help. */
function asFailure(err: unknown): unknown {
  if (!(err instanceof PlatformError)) return err;
  if (err.kind === 'retryable') return ApplicationFailure.create({ message: err.message, type: 'PlatformRetryable', nextRetryDelay: err.options.retryAfterMs });
  return ApplicationFailure.nonRetryable(err.message, `Platform_${err.kind}`);
}

/** Which target and checkpoint a snapshot row belongs to (taken or missed alike). */
function snapshotOf(target: typeof postTargets.$inferSelect, input: CheckpointInput) {
  return {
    orgId: target.orgId,
    postId: target.postId,
    targetId: target.id,
    socialAccountId: target.socialAccountId,
    platform: target.platform,
    checkpoint: input.checkpoint,
  };
}

/**
 * Reads a published target's metrics at a checkpoint, stores the snapshot with what was expected,
 * and raises the alerts it earns (stored once per kind, e-mailed through the outbox). `platforms`
 * are the worker's shared services; without them (tests of other activities) nothing can be read.
 */
export function monitoringActivities(db: Database, platforms: PlatformServices | undefined) {
  const platformServices = () => {
    if (!platforms) throw ApplicationFailure.nonRetryable('This worker was started without platform services, so it cannot read post metrics.', 'NoPlatformServices');
    return platforms;
  };
  const { notifyOrg } = notifyActivities(db);

  async function loadTarget(targetId: string) {
    const [target] = await db.select().from(postTargets).where(eq(postTargets.id, targetId));
    if (!target) throw ApplicationFailure.nonRetryable(`Post target ${targetId} does not exist.`, 'TargetNotFound');
    if (!isPlatform(target.platform)) throw ApplicationFailure.nonRetryable(`Unknown platform ${target.platform} on target ${targetId}.`, 'UnknownPlatform');
    if (!target.platformPostId || !target.socialAccountId) {
      throw ApplicationFailure.nonRetryable(`Target ${targetId} has no published post id or account; there is nothing to measure.`, 'NotPublished');
    }
    return { ...target, platform: target.platform as Platform, platformPostId: target.platformPostId, socialAccountId: target.socialAccountId };
  }

  /** The account's latest readings at this checkpoint on the platform, newest first. */
  async function history(accountId: string, checkpoint: Checkpoint, exceptTargetId: string) {
    const rows = await db
      .select({ reach: metricSnapshots.reach, engagements: metricSnapshots.engagements, engagementRate: metricSnapshots.engagementRate })
      .from(metricSnapshots)
      .where(and(eq(metricSnapshots.socialAccountId, accountId), eq(metricSnapshots.checkpoint, checkpoint), eq(metricSnapshots.status, 'taken'), ne(metricSnapshots.targetId, exceptTargetId)))
      .orderBy(desc(metricSnapshots.recordedAt))
      .limit(30);
    return rows.map((r) => ({ reach: r.reach ?? undefined, engagements: r.engagements ?? 0, engagementRate: r.engagementRate ?? undefined }));
  }

  async function raise(target: Awaited<ReturnType<typeof loadTarget>>, kinds: AlertKind[], input: CheckpointInput, message: (k: AlertKind) => { subject: string; body: string }, ratios: { engagementRatio?: number; reachRatio?: number }) {
    for (const kind of kinds) {
      const text = message(kind);
      await db
        .insert(postAlerts)
        .values({ orgId: target.orgId, postId: target.postId, targetId: target.id, platform: target.platform, kind, checkpoint: input.checkpoint, ...ratios, ...text })
        .onConflictDoNothing({ target: [postAlerts.targetId, postAlerts.kind] });
      const [alert] = await db.select().from(postAlerts).where(and(eq(postAlerts.targetId, target.id), eq(postAlerts.kind, kind)));
      // Only the checkpoint that raised the alert e-mails it; a retry re-queues the same dedupe key.
      if (alert && alert.checkpoint === input.checkpoint) {
        await notifyOrg({ orgId: target.orgId, audience: 'approvers', kind: `post_alert.${kind}`, subject: alert.subject, body: alert.body, dedupeKey: `post-alert:${alert.id}`, data: { postId: target.postId, targetId: target.id, alertId: alert.id } });
      }
    }
  }

  return {
    async takeCheckpoint(input: CheckpointInput): Promise<CheckpointOutcome> {
      const target = await loadTarget(input.targetId);
      let metrics: PostMetrics;
      try {
        metrics = await platformServices().sessions.run(target.socialAccountId, (session, adapter) => adapter.fetchMetrics(session, target.platformPostId));
      } catch (err) {
        if (err instanceof PlatformError && err.options.code === METRICS_UNAVAILABLE) {
          await recordWithoutFigures(target, input, 'unavailable', err.message);
          return { status: 'unavailable', engagementRatio: null, reachRatio: null, alerts: [] };
        }
        throw asFailure(err);
      }
      const figures = figuresOf(metrics);
      const reading = readingOf(figures);
      const expected = expectedAt(target.platform, input.checkpoint, await history(target.socialAccountId, input.checkpoint, target.id));
      const measured = ratiosOf(reading, expected);
      const [inserted] = await db
        .insert(metricSnapshots)
        .values({
          ...snapshotOf(target, input),
          status: 'taken',
          dueAt: new Date(input.dueAt),
          recordedAt: metrics.fetchedAt,
          metrics: figures as Record<string, number>,
          reach: reading.reach,
          engagements: reading.engagements,
          engagementRate: reading.engagementRate,
          expected,
          ...measured,
        })
        .onConflictDoNothing({ target: [metricSnapshots.targetId, metricSnapshots.checkpoint] })
        .returning();
      // A retry after the snapshot was stored decides on the stored figures, not on a second reading.
      const snapshot = inserted ?? (await db.select().from(metricSnapshots).where(and(eq(metricSnapshots.targetId, target.id), eq(metricSnapshots.checkpoint, input.checkpoint))))[0]!;
      const ratios = { engagementRatio: snapshot.engagementRatio ?? undefined, reachRatio: snapshot.reachRatio ?? undefined };

      const raised = (await db.select({ kind: postAlerts.kind, checkpoint: postAlerts.checkpoint }).from(postAlerts).where(eq(postAlerts.targetId, target.id)))
        .filter((a) => a.checkpoint !== input.checkpoint)
        .map((a) => a.kind);
      const kinds = alertsFor(input.checkpoint, ratios, raised);
      const platformLabel = PLATFORM_LIMITS[target.platform].label;
      await raise(target, kinds, input, (k) => alertMessage(k, { platformLabel, checkpoint: input.checkpoint, ratios, expected: snapshot.expected ?? expected, postUrl: target.platformPostUrl ?? undefined }), ratios);
      return { engagementRatio: ratios.engagementRatio ?? null, reachRatio: ratios.reachRatio ?? null, alerts: kinds };
    },

    /** A checkpoint that could not be read within its window is kept, with the reason. */
    async recordMissedCheckpoint(input: CheckpointInput & { reason: string }): Promise<void> {
      const [target] = await db.select().from(postTargets).where(eq(postTargets.id, input.targetId));
      if (target) await recordWithoutFigures(target, input, 'missed', input.reason);
    },
  };

  /** A snapshot with no figures: 'missed' (not read in its window) or 'unavailable' (the platform gives none), with why. */
  async function recordWithoutFigures(target: typeof postTargets.$inferSelect, input: CheckpointInput, status: 'missed' | 'unavailable', reason: string): Promise<void> {
    await db
      .insert(metricSnapshots)
      .values({
        ...snapshotOf(target, input),
        status,
        dueAt: new Date(input.dueAt),
        recordedAt: new Date(),
        missedReason: reason.slice(0, 2000),
      })
      .onConflictDoNothing({ target: [metricSnapshots.targetId, metricSnapshots.checkpoint] });
  }
}
