import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { PLATFORM_LIMITS, textLength } from '../../core/platform-rules/index.js';
import { PLATFORMS, type Platform } from '../../core/platforms.js';
import { isPrivacyPlatform, missingPrivacyChoices, missingPrivacyMessage, PRIVACY_LEVELS, PRIVACY_REQUIRED } from '../../core/privacy.js';
import { POST_STAGES } from '../../core/stages.js';
import { orgBudgetState } from '../../db/ai-budget.js';
import { postRevisions, posts, postTargets, socialAccounts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { approveUpdate, editUpdate, postStateQuery, rejectUpdate } from '../../workflows/post.js';
import { orgOf, requireRole } from '../auth.js';
import { platformServicesOf, temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { onWorkflow } from '../temporal-errors.js';
import { uuidField } from '../validation.js';

/** A target on a sandbox account went to the emulator, not the real platform. */
const onSandbox = sql<boolean>`coalesce(${socialAccounts.sandbox}, false)`;

/** Longer than any platform allows (Facebook: 63,206); each platform's own limit is checked in core. */
const MAX_POST_TEXT = 70_000;
const APPROVER_ROLES = ['owner', 'admin', 'editor', 'approver'] as const;
const hashtag = z.string().max(100).regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag is one word of letters, digits or _');

export const listQuery = z.object({ stage: z.enum(POST_STAGES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const approveBody = z
  .strictObject({
    privacy: z
      .object({ tiktok: z.enum(PRIVACY_LEVELS.tiktok).optional(), youtube: z.enum(PRIVACY_LEVELS.youtube).optional() })
      .strict()
      .optional(),
  })
  .default({});
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1, 'say why: the replacement is written from the reason').max(1000) });
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

  /**
   * The privacy levels the target's connected account offers, asked of the platform (TikTok's
   * creator_info); undefined where the platform has no per-account choices or cannot answer now
   * (the level is then checked again at publish).
   */
  async function accountPrivacyOptions(target: { platform: string; socialAccountId: string | null }): Promise<string[] | undefined> {
    if (!target.socialAccountId || !isPrivacyPlatform(target.platform)) return undefined;
    try {
      const { registry, sessions } = platformServicesOf(ctx);
      if (!registry.adapter(target.platform).privacyOptions) return undefined;
      return await sessions.run(target.socialAccountId, (session, adapter) => adapter.privacyOptions!(session));
    } catch (err) {
      ctx.log.warn({ platform: target.platform, accountId: target.socialAccountId, err: (err as Error).message }, 'could not read the account\'s privacy options');
      return undefined;
    }
  }

  async function ownPost(orgId: string, postId: string) {
    const id = parseInput(uuidField, postId, 'params');
    const [post] = await ctx.db.select().from(posts).where(and(eq(posts.id, id), eq(posts.orgId, orgId)));
    if (!post) throw new HttpError(404, 'post_not_found', `No post ${postId} in this organization.`);
    return post;
  }

  router.get('/', async (req, res) => {
    const { orgId } = orgOf(res);
    const query = parseInput(listQuery, req.query, 'query');
    const rows = await ctx.db
      .select()
      .from(posts)
      .where(and(eq(posts.orgId, orgId), query.stage ? eq(posts.stage, query.stage) : undefined))
      .orderBy(asc(posts.scheduledAt))
      .limit(query.limit);
    const targets = rows.length
      ? await ctx.db
          .select({ postId: postTargets.postId, platform: postTargets.platform, stage: postTargets.stage, text: postTargets.text, sandbox: onSandbox })
          .from(postTargets)
          .leftJoin(socialAccounts, eq(socialAccounts.id, postTargets.socialAccountId))
          .where(inArray(postTargets.postId, rows.map((r) => r.id)))
      : [];
    // The approval queue says why when spending is high or generation has stopped.
    const budget = await orgBudgetState(ctx.db, orgId);
    res.json({
      budget: { level: budget.level, reason: budget.reason, spentUsd: budget.spentUsd, budgetUsd: budget.budgetUsd },
      posts: rows.map((p) => ({
        id: p.id,
        stage: p.stage,
        scheduledAt: p.scheduledAt,
        revision: p.revision,
        offlineWritten: p.offlineWritten,
        outcomeReason: p.outcomeReason,
        targets: targets.filter((t) => t.postId === p.id).map(({ postId: _p, ...t }) => t),
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
          ...privacyOptionsOf(target.platform, await accountPrivacyOptions(target)),
        })),
      ),
      revisions: revisions.map((r) => ({ revision: r.revision, kind: r.kind, actor: r.actor, reason: r.reason, at: r.at })),
      workflow: workflow ?? null,
      temporalUi: temporalUiLink(ctx.config, workflowId),
    });
  });

  /** The approval as sent, refused at once (400) when a TikTok target still needs its privacy choice. */
  async function approvalOf(postId: string, body: z.infer<typeof approveBody>) {
    const targets = await ctx.db
      .select({ platform: postTargets.platform, privacyLevel: postTargets.privacyLevel, socialAccountId: postTargets.socialAccountId })
      .from(postTargets)
      .where(eq(postTargets.postId, postId));
    const missing = missingPrivacyChoices(targets, body.privacy ?? {});
    if (missing.length > 0) throw new HttpError(400, 'privacy_choice_needed', missingPrivacyMessage(missing));
    // A level the connected account does not offer would only fail at publish time: refuse it now.
    for (const target of targets) {
      const { platform } = target;
      if (!isPrivacyPlatform(platform)) continue;
      const chosen = body.privacy?.[platform];
      if (!chosen) continue;
      const offered = await accountPrivacyOptions(target);
      if (offered && !offered.includes(chosen)) {
        throw new HttpError(400, 'privacy_level_not_offered', `This ${PLATFORM_LIMITS[platform].label} account does not offer ${chosen}; choose one of ${offered.join(', ')} (privacy.${platform}).`);
      }
    }
    return body;
  }

  const decide = (action: 'approve' | 'reject') => async (req: import('express').Request, res: import('express').Response) => {
    const { orgId, userId } = orgOf(res);
    // Bad input is named (422) before anything is looked up.
    const approval = action === 'approve' ? parseInput(approveBody, req.body, 'body') : undefined;
    const rejection = action === 'reject' ? parseInput(rejectBody, req.body, 'body') : undefined;
    const post = await ownPost(orgId, String(req.params.postId));
    const handle = ctx.temporal.workflow.getHandle(workflowIds.post(post.id));
    const state = approval
      ? await onWorkflow('The post\'s approval', async () => {
          const body = await approvalOf(post.id, approval);
          return handle.executeUpdate(approveUpdate, { args: [{ actorId: userId, ...body }] });
        })
      : await onWorkflow('The post\'s approval', () => handle.executeUpdate(rejectUpdate, { args: [{ actorId: userId, ...rejection! }] }));
    res.json({ state });
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

  return router;
}
