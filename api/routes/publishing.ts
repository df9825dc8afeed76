import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, ilike, inArray, lte, type SQL } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { interruptedRunsOf } from '../../activities/publishing/records.js';
import { INTERRUPTED, interruptedMessage } from '../../core/publishing.js';
import { PLATFORMS } from '../../core/platforms.js';
import { postTargets, publishRuns } from '../../db/schema/index.js';
import { tenantPriority } from '../../temporal-config/priorities.js';
import { OrgId, TargetId } from '../../temporal-config/search-attributes.js';
import { replayPublishWorkflow, type ReplayPublishResult } from '../../workflows/publish.js';
import { authOf, orgOf, requireRole } from '../auth.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { uuidField } from '../validation.js';

/**
 * Support's view of publishing: failed, unconfirmed and interrupted targets (left publishing by a
 * run that ops stopped), and replays. Replays run as a workflow (reconcile first, audit always);
 * this layer only validates and starts it.
 */

const VIEW_ROLES = ['support', 'owner', 'admin'] as const;
const REPLAY_ROLES = ['support'] as const;
const MAX_BULK = 100;
/** Targets in stage publishing whose runs are asked about per list; more than this are publishing now, not stuck. */
const MAX_PUBLISHING = 200;

export const publishingFilters = z.object({
  // (support staff's reason, read by orgAccess, is allowed here)
  reason: z.string().max(1000).optional(),
  status: z.enum(['failed', 'unconfirmed', INTERRUPTED]).optional(),
  platform: z.enum(PLATFORMS).optional(),
  errorKind: z.string().max(40).optional(),
  /** Words in the error message, e.g. "rate limit". */
  message: z.string().max(200).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const replayBody = z.strictObject({ reason: z.string().trim().min(3, 'say why this is replayed (it goes in the audit log)').max(1000) });
export const bulkBody = z.strictObject({ ...publishingFilters.omit({ limit: true, reason: true }).shape, reason: replayBody.shape.reason, dryRun: z.boolean().default(false) });

/** Finding targets that need support, in one org or across all of them. */
export function publishingFinder(ctx: ApiContext) {
  /** Failed, unconfirmed and interrupted targets of one org, or of every org (support staff). */
  async function findTargets(orgId: string | undefined, f: z.infer<typeof publishingFilters>) {
    const scope: SQL[] = orgId ? [eq(postTargets.orgId, orgId)] : [];
    if (f.platform) scope.push(eq(postTargets.platform, f.platform));
    if (f.from) scope.push(gte(postTargets.updatedAt, new Date(f.from)));
    if (f.to) scope.push(lte(postTargets.updatedAt, new Date(f.to)));
    const [settled, interrupted] = await Promise.all([settledTargets(f, scope), interruptedTargets(f, scope)]);
    return [...settled, ...interrupted].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).slice(0, f.limit);
  }

  /** Failed and unconfirmed targets: their stage and error are in Postgres. */
  async function settledTargets(f: z.infer<typeof publishingFilters>, scope: SQL[]) {
    if (f.status === INTERRUPTED) return [];
    const where = [...scope, f.status ? eq(postTargets.stage, f.status) : inArray(postTargets.stage, ['failed', 'unconfirmed'])];
    if (f.errorKind) where.push(eq(postTargets.errorKind, f.errorKind));
    if (f.message) where.push(ilike(postTargets.errorMessage, `%${f.message.replace(/[%_\\]/g, '\\$&')}%`));
    const rows = await ctx.db.select().from(postTargets).where(and(...where)).orderBy(desc(postTargets.updatedAt)).limit(f.limit);
    const runs = rows.length ? await ctx.db.select().from(publishRuns).where(inArray(publishRuns.targetId, rows.map((r) => r.id))).orderBy(desc(publishRuns.run)) : [];
    return rows.map((t) => line(t, { errorKind: t.errorKind, message: t.errorMessage, workflowId: runs.find((r) => r.targetId === t.id)?.workflowId }));
  }

  /** Targets left publishing by a run that stopped: Temporal says how each run stands, isInterrupted decides. */
  async function interruptedTargets(f: z.infer<typeof publishingFilters>, scope: SQL[]) {
    if ((f.status && f.status !== INTERRUPTED) || (f.errorKind && f.errorKind !== INTERRUPTED)) return [];
    const rows = await ctx.db.select().from(postTargets).where(and(...scope, eq(postTargets.stage, 'publishing'))).orderBy(desc(postTargets.updatedAt)).limit(MAX_PUBLISHING);
    const stopped = await interruptedRunsOf(ctx.db, ctx.temporal, rows);
    const words = f.message?.toLowerCase();
    return rows.flatMap((t) => {
      const run = stopped.get(t.id);
      const message = run && interruptedMessage(run);
      if (!run || !message || (words && !message.toLowerCase().includes(words))) return [];
      return [line(t, { status: INTERRUPTED, errorKind: INTERRUPTED, message, workflowId: run.workflowId })];
    });
  }

  function line(t: typeof postTargets.$inferSelect, shown: { status?: string; errorKind: string | null; message: string | null; workflowId?: string }) {
    return {
      targetId: t.id,
      orgId: t.orgId,
      postId: t.postId,
      platform: t.platform,
      status: shown.status ?? t.stage,
      errorKind: shown.errorKind,
      message: shown.message,
      attempts: t.attempts,
      updatedAt: t.updatedAt,
      workflowId: shown.workflowId,
      temporalUi: shown.workflowId ? temporalUiLink(ctx.config, shown.workflowId) : undefined,
    };
  }

  return { findTargets };
}

export function publishingRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const { findTargets } = publishingFinder(ctx);

  function replay(orgId: string, actorId: string, targetId: string, reason: string): Promise<ReplayPublishResult> {
    const requestKey = randomUUID();
    return ctx.temporal.workflow.execute(replayPublishWorkflow, {
      workflowId: `replay-${targetId}-${requestKey}`,
      taskQueue: ctx.queues.main,
      args: [{ orgId, targetId, actorId, reason, requestKey }],
      priority: tenantPriority(orgId, 'publishing'),
      typedSearchAttributes: [
        { key: OrgId, value: orgId },
        { key: TargetId, value: targetId },
      ],
    });
  }

  router.get('/targets', requireRole(VIEW_ROLES), async (req, res) => {
    const f = parseInput(publishingFilters, req.query, 'query');
    res.json({ targets: await findTargets(orgOf(res).orgId, f) });
  });

  router.post('/targets/:targetId/replay', requireRole(REPLAY_ROLES), async (req, res) => {
    const targetId = parseInput(uuidField, req.params.targetId, 'params');
    const { reason } = parseInput(replayBody, req.body, 'body');
    const { orgId } = orgOf(res);
    const [target] = await ctx.db.select({ id: postTargets.id }).from(postTargets).where(and(eq(postTargets.id, targetId), eq(postTargets.orgId, orgId)));
    if (!target) throw new HttpError(404, 'target_not_found', `No publish target ${targetId} in this organisation.`);
    const result = await replay(orgId, authOf(res).userId, targetId, reason);
    const status = result.outcome === 'started' ? 202 : 409;
    res.status(status).json({ ...result, temporalUi: result.workflowId ? temporalUiLink(ctx.config, result.workflowId) : undefined });
  });

  /** Bulk replay by query; dryRun lists what would be replayed and starts nothing. */
  router.post('/replays', requireRole(REPLAY_ROLES), async (req, res) => {
    const body = parseInput(bulkBody, req.body, 'body');
    const { orgId, userId } = orgOf(res);
    const targets = await findTargets(orgId, { ...body, limit: MAX_BULK });
    if (body.dryRun) {
      res.json({ dryRun: true, targets });
      return;
    }
    const results = [];
    // One at a time: each replay asks the platform first, and the platform has rate limits.
    for (const t of targets) results.push({ targetId: t.targetId, ...(await replay(orgId, userId, t.targetId, body.reason)) });
    res.json({ dryRun: false, results });
  });

  return router;
}
