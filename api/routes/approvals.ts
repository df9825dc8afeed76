import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import { APPROVING_ROLES, describeDecision } from '../../core/action-link-verdicts.js';
import { BULK_APPROVAL_LIMITS, refusalOfStage, refusalOfWorkflow, type BulkRefusal, type BulkRefusalCode } from '../../core/bulk-approvals.js';
import { intlOffsetAt, localDaysSpan } from '../../core/local-time.js';
import type { PostStage } from '../../core/stages.js';
import { digestPostIds } from '../../db/queries/digests.js';
import { orgTimeZone } from '../../db/queries/org-zone.js';
import { posts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { postStateQuery, type PostState } from '../../workflows/post.js';
import { orgOf, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { postDecisions, privacyChoice, rejectionReason, type PostDecision } from '../post-decisions.js';
import { localDateField, uuidField } from '../validation.js';

const { maxPosts } = BULK_APPROVAL_LIMITS;

export const bulkBody = z
  .strictObject({
    action: z.enum(['approve', 'reject']),
    day: localDateField.optional(),
    digestId: uuidField.optional(),
    postIds: z.array(uuidField).min(1).max(maxPosts, `at most ${maxPosts} posts per request; send the rest in another request`).optional(),
    reason: rejectionReason.optional(),
    privacy: privacyChoice.optional(),
  })
  .superRefine((b, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (b.day && b.digestId) problem('digestId', 'give day or digestId, not both');
    if (!b.day && !b.digestId && !b.postIds) problem('postIds', 'say which posts: a day (YYYY-MM-DD), a digestId, or postIds');
    if (b.action === 'reject' && !b.reason) problem('reason', 'say why: the replacements are written from the reason');
    if (b.action === 'reject' && !b.postIds) problem('postIds', 'select the posts to reject (postIds); only approving takes a whole day or digest');
    if (b.action === 'approve' && b.reason) problem('reason', 'only a rejection takes a reason');
    if (b.action === 'reject' && b.privacy) problem('privacy', 'only an approval takes privacy choices');
  });
type BulkBody = z.infer<typeof bulkBody>;

export type BulkResult = { postId: string; done: true; outcome: 'approved' | 'rejected'; stage: PostStage; message: string } | ({ postId: string; done: false } & BulkRefusal);

/** Runs `fn` over `items` with at most `limit` calls in flight; answers in the items' order. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * POST /orgs/:orgId/approvals/bulk: approve all or selected posts of a day (in the org's zone) or a
 * digest, or reject selected ones with one reason. Each post gets the same Update the one-post
 * routes send and answers on its own; one refusal does not stop the rest.
 */
export function approvalRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const decisions = postDecisions(ctx);

  /** The posts the request names, in order: the selected ones, else the day's waiting posts or the digest's. */
  async function selection(orgId: string, body: BulkBody): Promise<{ ids: string[]; scope?: Set<string>; scopeName?: string; timeZone?: string }> {
    if (body.digestId) {
      const ids = await digestPostIds(ctx.db, orgId, body.digestId);
      if (!ids) throw new HttpError(404, 'digest_not_found', `No approval digest ${body.digestId} in this organization.`);
      return { ids: body.postIds ?? ids, scope: new Set(ids), scopeName: `digest ${body.digestId}` };
    }
    if (body.day) {
      const timeZone = await orgTimeZone(ctx.db, orgId);
      const { startMs, endMs } = localDaysSpan(body.day, body.day, intlOffsetAt(timeZone));
      const onDay = and(eq(posts.orgId, orgId), gte(posts.scheduledAt, new Date(startMs)), lt(posts.scheduledAt, new Date(endMs)));
      const rows = await ctx.db
        .select({ id: posts.id, stage: posts.stage })
        .from(posts)
        .where(body.postIds ? onDay : and(onDay, eq(posts.stage, 'awaiting_approval')))
        .orderBy(asc(posts.scheduledAt), asc(posts.id));
      const ids = rows.map((r) => r.id);
      return { ids: body.postIds ?? ids, scope: new Set(ids), scopeName: `${body.day} (${timeZone})`, timeZone };
    }
    return { ids: body.postIds! };
  }

  async function decideOne(orgId: string, actorId: string, decision: PostDecision, postId: string, stage: PostStage | undefined, log: Logger): Promise<BulkResult> {
    if (stage === undefined) return { postId, done: false, code: 'not_found', message: `No post ${postId} in this organization.` };
    const early = refusalOfStage(stage);
    if (early) return { postId, done: false, ...early };
    try {
      const state = await decisions.decide(postId, actorId, decision, log);
      const outcome = decision.action === 'approve' ? 'approved' : 'rejected';
      return { postId, done: true, outcome, stage: state.stage, message: describeDecision(decision.action, state, (ms) => new Date(ms).toISOString()) };
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) {
        const state = await ctx.temporal.workflow.getHandle(workflowIds.post(postId)).query(postStateQuery).catch((): PostState | undefined => undefined);
        return { postId, done: false, ...refusalOfWorkflow(err.message, state, Date.now()) };
      }
      // The privacy check's own refusal: privacy_choice_needed or privacy_level_not_offered.
      if (err instanceof HttpError && err.status === 400) return { postId, done: false, code: err.code as BulkRefusalCode, message: `Nothing was done: ${err.message}` };
      if (err instanceof HttpError && err.status === 404) return { postId, done: false, code: 'refused', message: 'Nothing was done: this post\'s approval is no longer running.' };
      log.error({ err, postId }, 'a bulk decision could not reach the post');
      return { postId, done: false, code: 'unavailable', message: 'Herald could not reach this post just now; nothing was done. Try it again.' };
    }
  }

  router.post('/bulk', requireRole(APPROVING_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const body = parseInput(bulkBody, req.body, 'body');
    const picked = await selection(orgId, body);
    const ids = [...new Set(picked.ids)];
    if (ids.length > maxPosts) {
      throw new HttpError(422, 'too_many_posts', `${picked.scopeName ?? 'The selection'} has ${ids.length} posts awaiting approval; at most ${maxPosts} are decided per request. Select up to ${maxPosts} with postIds and send the rest in another request.`);
    }
    const rows = ids.length ? await ctx.db.select({ id: posts.id, stage: posts.stage }).from(posts).where(and(eq(posts.orgId, orgId), inArray(posts.id, ids))) : [];
    const stages = new Map(rows.map((r) => [r.id, r.stage as PostStage]));
    const decision: PostDecision = body.action === 'approve' ? { action: 'approve', privacy: body.privacy } : { action: 'reject', reason: body.reason! };
    const results = await mapBounded(ids, BULK_APPROVAL_LIMITS.concurrency, async (postId): Promise<BulkResult> => {
      // Another org's post is "not found", the same as one that never existed.
      if (stages.has(postId) && picked.scope && !picked.scope.has(postId)) {
        return { postId, done: false, code: 'outside_selection', message: `Nothing was done: this post is not in ${picked.scopeName}.` };
      }
      return decideOne(orgId, userId, decision, postId, stages.get(postId), req.log);
    });
    const count = (outcome: string) => results.filter((r) => r.done && r.outcome === outcome).length;
    res.json({
      action: body.action,
      ...(body.day ? { day: body.day, timeZone: picked.timeZone } : {}),
      ...(body.digestId ? { digestId: body.digestId } : {}),
      counts: { approved: count('approved'), rejected: count('rejected'), refused: results.filter((r) => !r.done).length },
      results,
    });
  });

  return router;
}
