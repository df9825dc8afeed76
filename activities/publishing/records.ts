import { and, eq, max, sql } from 'drizzle-orm';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import type { Database } from '../../db/client.js';
import { auditLog, posts, postTargets, publishRuns, publishWindows, socialAccounts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { notifyActivities } from '../content/notify.js';
import { postStageOf } from './summary.js';
import { accountFor, loadTarget } from './targets.js';

/** Publishing's own bookkeeping in Postgres; these run on the main queue and are safe to retry. */

export type PublishOutcome = 'published' | 'failed' | 'unconfirmed';

const REPLAYABLE = new Set(['failed', 'unconfirmed']);

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

    /** A support replay's first check: the target exists in the org and has failed or is unconfirmed. */
    async checkReplayable(input: { orgId: string; targetId: string }): Promise<{ ok: true; platform: string; postId: string } | { ok: false; message: string; url?: string }> {
      const [target] = await db.select().from(postTargets).where(and(eq(postTargets.id, input.targetId), eq(postTargets.orgId, input.orgId)));
      if (!target) return { ok: false, message: `No publish target ${input.targetId} in this organisation.` };
      if (target.stage === 'published') return { ok: false, message: `Already published at ${target.platformPostUrl ?? target.platformPostId}; it will not be posted again.`, url: target.platformPostUrl ?? undefined };
      if (!REPLAYABLE.has(target.stage)) return { ok: false, message: `This target is ${target.stage}; only failed or unconfirmed targets can be replayed.` };
      return { ok: true, platform: target.platform, postId: target.postId };
    },

    /** Allocates the replay's run number (once per request) and marks the target publishing again. */
    async claimReplayRun(input: { targetId: string; requestKey: string; actorId: string; reason: string }): Promise<{ ok: true; run: number; workflowId: string } | { ok: false; message: string }> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select id from post_targets where id = ${input.targetId} for update`);
        const [mine] = await tx.select().from(publishRuns).where(eq(publishRuns.requestKey, input.requestKey));
        if (mine) return { ok: true as const, run: mine.run, workflowId: mine.workflowId };
        const target = await loadTarget(tx, input.targetId);
        if (!REPLAYABLE.has(target.stage)) return { ok: false as const, message: `This target is ${target.stage} now (another replay?); nothing was started.` };
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
