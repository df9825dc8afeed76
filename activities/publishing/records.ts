import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { and, desc, eq, isNull, max, sql } from 'drizzle-orm';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import type { Database } from '../../db/client.js';
import { auditLog, posts, postTargets, publishRuns, publishWindows, socialAccounts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { notifyActivities } from '../content/notify.js';
import { INTERRUPTED, isInterrupted, mayLandUntil, postStageOf, type PublishRunStatus, type PublishRunView } from '../../core/publishing.js';
import { accountFor, loadTarget, openAttempt, type TargetRow } from './targets.js';

/** Publishing's own bookkeeping in Postgres; these run on the main queue and are safe to retry. */

export type PublishOutcome = 'published' | 'failed' | 'unconfirmed';

const REPLAYABLE = new Set(['failed', 'unconfirmed']);

type Executor = Pick<Database, 'select'>;

/** The target's newest registered run (a replay's publish-<targetId>-<n>), if any. */
async function newestRunRow(db: Executor, targetId: string) {
  const [row] = await db.select().from(publishRuns).where(eq(publishRuns.targetId, targetId)).orderBy(desc(publishRuns.run)).limit(1);
  return row;
}

/** Whether support may replay the target now; undefined when it may, else why not, in words. */
async function replayRefusal(db: Executor, target: TargetRow): Promise<string | undefined> {
  if (REPLAYABLE.has(target.stage)) return undefined;
  if (target.stage !== 'publishing') return `This target is ${target.stage}; only failed, unconfirmed or interrupted targets can be replayed.`;
  const run = await newestRunRow(db, target.id);
  if (run?.outcome !== INTERRUPTED) return `It is being published now by ${run?.workflowId ?? workflowIds.publish(target.id)}; nothing was started.`;
  const open = await openAttempt(db, target.id);
  const until = open && mayLandUntil(open);
  if (open && until && until.getTime() > Date.now()) {
    const how = open.status === 'sending' ? `was being sent (since ${open.startedAt.toISOString()})` : 'had lost its answer';
    const when = open.status === 'sending' ? `once that attempt settles, at the latest after ${until.toISOString()}` : `after ${until.toISOString()}`;
    return `${run.workflowId} was stopped while attempt ${open.attempt} ${how}, so that request may still land on the platform. Replay ${when}; nothing was started.`;
  }
  return undefined;
}

/** What Temporal says about a run; NOT_FOUND when it has no workflow with that id. */
async function describeRun(temporal: Client, workflowId: string): Promise<{ status: PublishRunStatus; closedAt?: Date }> {
  try {
    const { status, closeTime } = await temporal.workflow.getHandle(workflowId).describe();
    return { status: status.name, closedAt: closeTime };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { name?: string }).name === 'WorkflowNotFoundError') return { status: 'NOT_FOUND' };
    throw err;
  }
}

/** A target's newest run (the default publish-<targetId> when none is registered) as Temporal reports it. */
async function newestRunOf(db: Executor, temporal: Client, target: TargetRow): Promise<PublishRunView & { run: number }> {
  const row = await newestRunRow(db, target.id);
  const workflowId = row?.workflowId ?? workflowIds.publish(target.id);
  return { workflowId, run: row?.run ?? 1, registeredAt: row?.startedAt ?? target.updatedAt, ...(await describeRun(temporal, workflowId)) };
}

/** The interrupted ones among `targets`, each with its stopped run: support's list shows them, replay accepts them. */
export async function interruptedRunsOf(db: Executor, temporal: Client, targets: TargetRow[]): Promise<Map<string, PublishRunView>> {
  const now = new Date();
  const runs = await Promise.all(targets.filter((t) => t.stage === 'publishing').map(async (t) => [t, await newestRunOf(db, temporal, t)] as const));
  return new Map(runs.filter(([t, run]) => isInterrupted(t.stage, run, now)).map(([t, run]) => [t.id, run]));
}

export function publishingRecordActivities(db: Database) {
  const { notifyOrg } = notifyActivities(db);

  return {
    /** Registers this run and marks the target publishing; says so when it is already published. */
    async beginPublishRun(input: { targetId: string; run: number; workflowId: string }) {
      const target = await loadTarget(db, input.targetId);
      await db
        .insert(publishRuns)
        .values({ targetId: target.id, orgId: target.orgId, run: input.run, workflowId: input.workflowId })
        .onConflictDoNothing({ target: publishRuns.workflowId });
      if (target.stage === 'published' && target.platformPostId) {
        return { platform: target.platform, published: { platformPostId: target.platformPostId, url: target.platformPostUrl ?? '', publishedAt: (target.publishedAt ?? new Date()).toISOString() } };
      }
      await db.update(postTargets).set({ stage: 'publishing', errorKind: null, errorMessage: null, updatedAt: new Date() }).where(eq(postTargets.id, target.id));
      return { platform: target.platform, published: undefined };
    },

    /** When the target's account may publish again (a rate-limit window or a full cap), if not now. */
    async publishWindow(input: { targetId: string }): Promise<{ notBefore?: string; reason?: string }> {
      const target = await loadTarget(db, input.targetId);
      const accountId = await accountFor(db, target);
      if (!accountId) return {};
      const [row] = await db.select().from(publishWindows).where(eq(publishWindows.accountId, accountId));
      if (!row || row.notBefore.getTime() <= Date.now()) return {};
      return { notBefore: row.notBefore.toISOString(), reason: row.reason };
    },

    /** Shows a waiting target's reason where users and support look (API, CLI). */
    async noteTargetWaiting(input: { targetId: string; reason: string }): Promise<void> {
      await db.update(postTargets).set({ errorKind: 'waiting', errorMessage: input.reason, updatedAt: new Date() }).where(eq(postTargets.id, input.targetId));
    },

    /** The run's outcome on the target, the run row and the post's summary stage. */
    async finishPublish(input: { targetId: string; workflowId: string; outcome: PublishOutcome; errorKind?: string; message?: string }) {
      const target = await loadTarget(db, input.targetId);
      const failed = input.outcome !== 'published';
      await db
        .update(postTargets)
        .set({ stage: input.outcome, ...(failed ? { errorKind: input.errorKind ?? input.outcome, errorMessage: input.message ?? null } : { errorKind: null, errorMessage: null }), updatedAt: new Date() })
        .where(eq(postTargets.id, target.id));
      await db.update(publishRuns).set({ outcome: input.outcome, finishedAt: new Date() }).where(eq(publishRuns.workflowId, input.workflowId));
      const stages = await db.select({ stage: postTargets.stage }).from(postTargets).where(eq(postTargets.postId, target.postId));
      const postStage = postStageOf(stages.map((s) => s.stage));
      await db
        .update(posts)
        .set({ stage: postStage, outcomeReason: postStage === 'failed' ? `${PLATFORM_LIMITS[target.platform].label}: ${input.message ?? 'publishing failed'}` : null, updatedAt: new Date() })
        .where(eq(posts.id, target.postId));
      return { postStage };
    },

    /** Tells the org's owners once per disconnection that an account must be reconnected. */
    async notifyReconnectNeeded(input: { targetId: string; message: string }) {
      const target = await loadTarget(db, input.targetId);
      const accountId = await accountFor(db, target);
      const [account] = accountId ? await db.select().from(socialAccounts).where(eq(socialAccounts.id, accountId)) : [];
      const label = PLATFORM_LIMITS[target.platform].label;
      return notifyOrg({
        orgId: target.orgId,
        audience: 'owners',
        kind: 'account_needs_reconnect',
        subject: `Reconnect your ${label} account`,
        body: `${input.message}\nPosts for this account fail until it is reconnected; support can replay them afterwards.`,
        dedupeKey: `account:${accountId ?? target.platform}:needs_reconnect:${account?.updatedAt.toISOString() ?? ''}`,
        data: { accountId, targetId: target.id },
      });
    },

    /** A support replay's check: the target exists in the org and has failed, is unconfirmed or was interrupted. */
    async checkReplayable(input: { orgId: string; targetId: string }): Promise<{ ok: true; platform: string; postId: string } | { ok: false; message: string; url?: string }> {
      const [target] = await db.select().from(postTargets).where(and(eq(postTargets.id, input.targetId), eq(postTargets.orgId, input.orgId)));
      if (!target) return { ok: false, message: `No publish target ${input.targetId} in this organisation.` };
      if (target.stage === 'published') return { ok: false, message: `Already published at ${target.platformPostUrl ?? target.platformPostId}; it will not be posted again.`, url: target.platformPostUrl ?? undefined };
      const refusal = await replayRefusal(db, target);
      if (refusal) return { ok: false, message: refusal };
      return { ok: true, platform: target.platform, postId: target.postId };
    },

    /** Allocates the replay's run number (once per request) and marks the target publishing again. */
    async claimReplayRun(input: { targetId: string; requestKey: string; actorId: string; reason: string }): Promise<{ ok: true; run: number; workflowId: string } | { ok: false; message: string }> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select id from post_targets where id = ${input.targetId} for update`);
        const [mine] = await tx.select().from(publishRuns).where(eq(publishRuns.requestKey, input.requestKey));
        if (mine) return { ok: true as const, run: mine.run, workflowId: mine.workflowId };
        const target = await loadTarget(tx, input.targetId);
        const refusal = await replayRefusal(tx, target);
        if (refusal) return { ok: false as const, message: refusal };
        const [last] = await tx.select({ n: max(publishRuns.run) }).from(publishRuns).where(eq(publishRuns.targetId, target.id));
        const run = Math.max(1, last?.n ?? 1) + 1;
        const workflowId = workflowIds.publish(target.id, run);
        await tx.insert(publishRuns).values({ targetId: target.id, orgId: target.orgId, run, workflowId, requestKey: input.requestKey, requestedBy: input.actorId, reason: input.reason });
        await tx.update(postTargets).set({ stage: 'publishing', updatedAt: new Date() }).where(eq(postTargets.id, target.id));
        return { ok: true as const, run, workflowId };
      });
    },

    /** One audit row per replay request: who, when, why, and what came of it. */
    async auditReplay(input: { orgId: string; targetId: string; requestKey: string; actorId: string; reason: string; outcome: string; details: Record<string, unknown> }) {
      await db
        .insert(auditLog)
        .values({
          orgId: input.orgId,
          actor: input.actorId,
          action: 'publish.replay',
          subjectType: 'post_target',
          subjectId: input.targetId,
          reason: input.reason,
          details: { outcome: input.outcome, ...input.details },
          idempotencyKey: `publish-replay:${input.requestKey}`,
        })
        .onConflictDoNothing({ target: auditLog.idempotencyKey });
    },

    /** The replayed attempt's final outcome, added to its replay's audit row. */
    async auditReplayResult(input: { requestKey: string; outcome: PublishOutcome; url?: string; message?: string }) {
      const result = { finalOutcome: input.outcome, ...(input.url ? { url: input.url } : {}), ...(input.message ? { message: input.message } : {}) };
      await db
        .update(auditLog)
        .set({ details: sql`${auditLog.details} || ${JSON.stringify(result)}::jsonb` })
        .where(eq(auditLog.idempotencyKey, `publish-replay:${input.requestKey}`));
    },
  };
}

export type PublishingRecordActivities = ReturnType<typeof publishingRecordActivities>;

/** Activities that ask Temporal itself about publish runs; the worker gives them a client. */
export function publishRunActivities(deps: { db: Database; temporal: Client }) {
  const { db, temporal } = deps;
  return {
    /**
     * A replay's first step: marks the target's newest run interrupted when Temporal says it stopped
     * without an outcome, and unmarks it when it runs again (an ops reset), so replay decides on the truth.
     */
    async syncInterruptedRun(input: { orgId: string; targetId: string }): Promise<{ workflowId?: string; status?: PublishRunStatus; interrupted: boolean }> {
      const [target] = await db.select().from(postTargets).where(and(eq(postTargets.id, input.targetId), eq(postTargets.orgId, input.orgId)));
      if (target?.stage !== 'publishing') return { interrupted: false };
      const run = await newestRunOf(db, temporal, target);
      const interrupted = isInterrupted(target.stage, run, new Date());
      if (interrupted) {
        const finishedAt = run.closedAt ?? new Date();
        await db
          .insert(publishRuns)
          .values({ targetId: target.id, orgId: target.orgId, run: run.run, workflowId: run.workflowId, outcome: INTERRUPTED, finishedAt })
          .onConflictDoUpdate({ target: publishRuns.workflowId, set: { outcome: INTERRUPTED, finishedAt }, setWhere: isNull(publishRuns.outcome) });
      } else {
        await db.update(publishRuns).set({ outcome: null, finishedAt: null }).where(and(eq(publishRuns.workflowId, run.workflowId), eq(publishRuns.outcome, INTERRUPTED)));
      }
      return { workflowId: run.workflowId, status: run.status, interrupted };
    },
  };
}

export type PublishRunActivities = ReturnType<typeof publishRunActivities>;
