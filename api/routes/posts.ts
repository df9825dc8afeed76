import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { textLength } from '../../core/platform-rules/index.js';
import { PLATFORMS, type Platform } from '../../core/platforms.js';
import { isPrivacyPlatform, PRIVACY_LEVELS, PRIVACY_REQUIRED } from '../../core/privacy.js';
import { POST_STAGES } from '../../core/stages.js';
import { orgBudgetState } from '../../db/ai-budget.js';
import { groupByPost, listedPostColumns, waitingByDeadline } from '../../db/queries/post-lists.js';
import { postRevisions, posts, postTargets, socialAccounts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { editUpdate, postStateQuery, resubmitUpdate } from '../../workflows/post.js';
import { orgOf, requireRole } from '../auth.js';
import { approvalView, approvalWindows } from '../approval-windows.js';
import { postDecisions, privacyChoice, rejectionReason, type PostDecision } from '../post-decisions.js';
import { billingOf, temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { onWorkflow } from '../temporal-errors.js';
import { WRITER_ROLES } from './media.js';
import { ownPostRoutes } from './own-posts.js';
import { hashtag, MAX_POST_TEXT } from './post-fields.js';
import { uuidField } from '../validation.js';

/** A target on a sandbox account went to the emulator, not the real platform. */
const onSandbox = sql<boolean>`coalesce(${socialAccounts.sandbox}, false)`;

const APPROVER_ROLES = ['owner', 'admin', 'editor', 'approver'] as const;

export const listQuery = z.object({ stage: z.enum(POST_STAGES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const approveBody = z
  .strictObject({
    privacy: privacyChoice.optional(),
  })
  .default({});
export const rejectBody = z.strictObject({ reason: rejectionReason });
export const editBody = z
  .strictObject({
    targets: z
      .array(z.strictObject({ platform: z.enum(PLATFORMS), text: z.string().min(1).max(MAX_POST_TEXT).optional(), hashtags: z.array(hashtag).max(30).optional(), title: z.string().max(200).optional() }))
      .max(PLATFORMS.length)
      .optional(),
    hashtags: z.array(hashtag).max(30).optional(),
    scheduledAt: z.string().datetime({ offset: true, message: 'an ISO date-time such as 2026-11-23T09:30:00Z' }).optional(),
  })
  .refine((b) => b.targets || b.hashtags || b.scheduledAt, 'give targets, hashtags or scheduledAt');

/**
 * Where the platform asks who may see the post: the choices, and whether approval needs one. The
 * choices are the account's own when the platform told us (`privacyOptionsFrom: 'account'`, TikTok's
 * creator_info), else all the platform's levels (`'platform'`).
 */
function privacyOptionsOf(platform: string, accountOptions: string[] | undefined) {
  if (!isPrivacyPlatform(platform)) return {};
  const levels: readonly string[] = PRIVACY_LEVELS[platform];
  return {
    privacyOptions: accountOptions ? levels.filter((level) => accountOptions.includes(level)) : levels,
    privacyOptionsFrom: accountOptions ? ('account' as const) : ('platform' as const),
    privacyRequired: PRIVACY_REQUIRED.includes(platform),
  };
}

/** Posts of the org: read from Postgres, decisions sent to each post's workflow as Updates. */
export function postRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  // Hand-made posts: create, adapt, duplicate, regenerate media (api/routes/own-posts.ts).
  router.use(ownPostRoutes(ctx));

  const decisions = postDecisions(ctx);

  async function ownPost(orgId: string, postId: string) {
    const id = parseInput(uuidField, postId, 'params');
    const [post] = await ctx.db.select().from(posts).where(and(eq(posts.id, id), eq(posts.orgId, orgId)));
    if (!post) throw new HttpError(404, 'post_not_found', `No post ${postId} in this organization.`);
    return post;
  }

  /** A page of the org's posts with their targets: the approval queue by deadline, other lists by time; Postgres sorts and cuts both. */
  async function listed(orgId: string, query: z.infer<typeof listQuery>) {
    const windowOf = await approvalWindows(ctx.db, orgId);
    const rows =
      query.stage === 'awaiting_approval'
        ? await waitingByDeadline(ctx.db, orgId, windowOf, query.limit)
        : await ctx.db
            .select(listedPostColumns)
            .from(posts)
            .where(and(eq(posts.orgId, orgId), query.stage ? eq(posts.stage, query.stage) : undefined))
            .orderBy(asc(posts.scheduledAt), asc(posts.id))
            .limit(query.limit);
    const targets = groupByPost(
      rows.length
        ? await ctx.db
            .select({ postId: postTargets.postId, platform: postTargets.platform, stage: postTargets.stage, text: postTargets.text, sandbox: onSandbox })
            .from(postTargets)
            .leftJoin(socialAccounts, eq(socialAccounts.id, postTargets.socialAccountId))
            .where(inArray(postTargets.postId, rows.map((p) => p.id)))
        : [],
    );
    return { windowOf, rows, targets };
  }

  router.get('/', async (req, res) => {
    const { orgId } = orgOf(res);
    const query = parseInput(listQuery, req.query, 'query');
    // The approval queue says why when spending is high or generation has stopped; read beside the list, not after it.
    const [budget, { windowOf, rows, targets }] = await Promise.all([orgBudgetState(ctx.db, orgId, billingOf(ctx)), listed(orgId, query)]);
    res.json({
      budget: { level: budget.level, reason: budget.reason, spentUsd: budget.spentUsd, budgetUsd: budget.budgetUsd },
      posts: rows.map((p) => ({
        id: p.id,
        stage: p.stage,
        // Hand-made posts name their author; the cycle's have none.
        authorUserId: p.authorUserId,
        scheduledAt: p.scheduledAt,
        revision: p.revision,
        offlineWritten: p.offlineWritten,
        outcomeReason: p.outcomeReason,
        approval: approvalView(windowOf(p)),
        targets: targets.get(p.id) ?? [],
      })),
    });
  });

  router.get('/:postId', async (req, res) => {
    const { orgId } = orgOf(res);
    const post = await ownPost(orgId, String(req.params.postId));
    const targets = await ctx.db
      .select({ target: postTargets, sandbox: onSandbox })
      .from(postTargets)
      .leftJoin(socialAccounts, eq(socialAccounts.id, postTargets.socialAccountId))
      .where(eq(postTargets.postId, post.id));
    const revisions = await ctx.db.select().from(postRevisions).where(eq(postRevisions.postId, post.id)).orderBy(desc(postRevisions.revision));
    const workflowId = workflowIds.post(post.id);
    const workflow = await ctx.temporal.workflow.getHandle(workflowId).query(postStateQuery).catch(() => undefined);
    res.json({
      post,
      // A target on a sandbox account is labelled: it went to the emulator, not the real platform.
      targets: await Promise.all(
        targets.map(async ({ target, sandbox }) => ({
          ...target,
          sandbox,
          length: textLength(target.platform as Platform, target),
          ...privacyOptionsOf(target.platform, await decisions.accountPrivacyOptions(target, req.log)),
        })),
      ),
      revisions: revisions.map((r) => ({ revision: r.revision, kind: r.kind, actor: r.actor, reason: r.reason, at: r.at })),
      workflow: workflow ?? null,
      temporalUi: temporalUiLink(ctx.config, workflowId),
    });
  });

  const decide = (action: 'approve' | 'reject') => async (req: import('express').Request, res: import('express').Response) => {
    const { orgId, userId } = orgOf(res);
    // Bad input is named (422) before anything is looked up.
    const decision: PostDecision = action === 'approve' ? { action, ...parseInput(approveBody, req.body, 'body') } : { action, ...parseInput(rejectBody, req.body, 'body') };
    const post = await ownPost(orgId, String(req.params.postId));
    res.json({ state: await decisions.decide(post.id, userId, decision, req.log) });
  };
  router.post('/:postId/approve', requireRole(APPROVER_ROLES), decide('approve'));
  router.post('/:postId/reject', requireRole(APPROVER_ROLES), decide('reject'));

  router.patch('/:postId', requireRole(APPROVER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const changes = parseInput(editBody, req.body, 'body');
    const post = await ownPost(orgId, String(req.params.postId));
    const handle = ctx.temporal.workflow.getHandle(workflowIds.post(post.id));
    const state = await onWorkflow('The post\'s approval', () => handle.executeUpdate(editUpdate, { args: [{ actorId: userId, changes }] }));
    res.json({ state });
  });

  // A hand-made post a second approver rejected is returned to its author; edited (PATCH) or not, it goes back for approval.
  router.post('/:postId/resubmit', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const post = await ownPost(orgId, String(req.params.postId));
    if (post.stage !== 'returned') throw new HttpError(409, 'not_returned', `This post is ${post.stage}; only a post returned to its author can be resubmitted.`);
    const handle = ctx.temporal.workflow.getHandle(workflowIds.post(post.id));
    const state = await onWorkflow('The post\'s approval', () => handle.executeUpdate(resubmitUpdate, { args: [{ actorId: userId }] }));
    res.json({ state });
  });

  return router;
}
