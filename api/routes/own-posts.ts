import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { PLATFORMS, type Platform } from '../../core/platforms.js';
import { missingPrivacyChoices, missingPrivacyMessage, type PrivacyChoice } from '../../core/privacy.js';
import { briefOf, ownPostProblems, ownPublishTime, targetsOf, type OwnPostContent } from '../../core/own-posts.js';
import { connectedAccounts, insertOwnPost, orgMedia } from '../../db/queries/own-posts.js';
import { aiOutputs, organizations, postDrafts, posts, postTargets, targetMedia } from '../../db/schema/index.js';
import { tenantPriority } from '../../temporal-config/priorities.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import type { PostContent } from '../../activities/agents/content/schemas.js';
import { approveUpdate, type PostState } from '../../workflows/post.js';
import type { adaptPostWorkflow, regeneratePostMediaWorkflow } from '../../workflows/own-posts.js';
import { orgOf, requireRole } from '../auth.js';
import { billingOf, mediaOf, temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { onWorkflow } from '../temporal-errors.js';
import { uuidField } from '../validation.js';
import { WRITER_ROLES } from './media.js';
import { privacyChoice } from '../post-decisions.js';
import { hashtag, MAX_POST_TEXT } from './post-fields.js';

const APPROVER_ROLES = ['owner', 'admin', 'editor', 'approver'] as const;
const isoTime = z.string().datetime({ offset: true, message: 'an ISO date-time such as 2026-11-23T09:30:00Z' });
const platformList = z
  .array(z.enum(PLATFORMS))
  .max(PLATFORMS.length)
  .refine((list) => new Set(list).size === list.length, 'each platform once');

export const overrideSchema = z.strictObject({
  text: z.string().trim().min(1).max(MAX_POST_TEXT).optional(),
  hashtags: z.array(hashtag).max(60).optional(),
  title: z.string().trim().max(200).optional(),
  mediaIds: z.array(uuidField).max(20).optional(),
});

/** The content of a hand-made post or draft: common copy, per-platform overrides, uploaded media. */
export const ownContentFields = {
  platforms: platformList,
  text: z.string().trim().max(MAX_POST_TEXT),
  hashtags: z.array(hashtag).max(60),
  overrides: z.partialRecord(z.enum(PLATFORMS), overrideSchema),
  mediaIds: z.array(uuidField).max(20),
};

/** Overrides only for platforms the post (or draft) goes to; either side absent passes. */
export const overridesFit = (b: { platforms?: string[]; overrides?: Partial<Record<string, unknown>> }) =>
  !b.overrides || !b.platforms || Object.keys(b.overrides).every((p) => b.platforms!.includes(p));
export const OVERRIDE_MESSAGE = { message: 'overrides are for platforms the post goes to: add the platform to platforms, or drop its override', path: ['overrides'] };

/** When a post goes out: a time, or "now". */
export const timingFields = {
  scheduledAt: isoTime.optional(),
  publishNow: z.literal(true).optional(),
  privacy: privacyChoice.optional(),
};
const oneTiming = (b: { scheduledAt?: string; publishNow?: true }) => (b.scheduledAt === undefined) !== (b.publishNow === undefined);
const TIMING_MESSAGE = { message: 'give scheduledAt (an ISO date-time) or publishNow: true, not both', path: ['scheduledAt'] };

export const createPostBody = z
  .strictObject({
    ...ownContentFields,
    platforms: ownContentFields.platforms.min(1, 'choose at least one platform'),
    text: ownContentFields.text.min(1, 'write the post\'s text'),
    hashtags: ownContentFields.hashtags.default([]),
    overrides: ownContentFields.overrides.default({}),
    mediaIds: ownContentFields.mediaIds.default([]),
    ...timingFields,
    /** The "Adapt with AI" answer the copy came from: its visual brief makes regenerated media. */
    aiOutputId: uuidField.optional(),
  })
  .refine(oneTiming, TIMING_MESSAGE)
  .refine(overridesFit, OVERRIDE_MESSAGE);

export const adaptBody = z.strictObject({
  platforms: platformList.min(1, 'choose at least one platform'),
  text: z.string().trim().min(1, 'write the post to adapt').max(5000, 'adapt at most 5,000 characters at a time'),
  hashtags: z.array(hashtag).max(60).default([]),
});

export const regenerateBody = z.strictObject({ kind: z.enum(['image', 'video'], { message: 'kind is image or video' }) });

export type Timing = { scheduledAt?: string; publishNow?: true; privacy?: PrivacyChoice; aiOutputId?: string };

const labelOf = (platform: string) => PLATFORM_LIMITS[platform as Platform]?.label ?? platform;

/**
 * Creates a hand-made post and starts the same post workflow the cycle's posts run: a second
 * person approves when the org requires it, otherwise the author's own creation approves it.
 * Every refusal comes before anything is saved: rules (422), the plan's monthly posts (402).
 */
export async function startOwnPost(ctx: ApiContext, who: { orgId: string; userId: string }, content: OwnPostContent, timing: Timing) {
  const { orgId, userId } = who;
  const targets = targetsOf(content);
  const mediaIds = [...new Set(targets.flatMap((t) => t.mediaIds))];
  const media = await orgMedia(ctx.db, orgId, mediaIds);
  const unknown = mediaIds.filter((id) => !media.has(id));
  if (unknown.length > 0) throw new HttpError(422, 'media_not_found', `No media ${unknown.join(', ')} in this organization; upload it first (POST /api/v1/orgs/${orgId}/media).`);
  const problems = ownPostProblems(targets, media);
  if (problems.length > 0) {
    throw new HttpError(422, 'platform_rules', `Nothing was saved: ${problems.map((p) => `${labelOf(p.platform)}: ${p.message}`).join(' ')}`, { problems });
  }
  const accounts = await connectedAccounts(ctx.db, orgId);
  const unconnected = content.platforms.filter((p) => !accounts.has(p));
  if (unconnected.length > 0) {
    throw new HttpError(422, 'account_not_connected', `Connect ${unconnected.map(labelOf).join(', ')} first (POST /api/v1/orgs/${orgId}/accounts/connect), or leave ${unconnected.join(', ')} out.`);
  }
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
  const when = ownPublishTime(timing, { requireSecondApprover: org!.requireSecondApprover, leadMinutes: org!.approvalLeadMinutes }, Date.now());
  if ('problem' in when) throw new HttpError(422, 'invalid_time', when.problem);
  const authorApproves = !org!.requireSecondApprover;
  const privacy = timing.privacy ?? {};
  const missing = missingPrivacyChoices(targets.map((t) => ({ platform: t.platform, privacyLevel: null })), privacy);
  if (authorApproves && missing.length > 0) throw new HttpError(422, 'privacy_choice_needed', missingPrivacyMessage(missing));
  if (timing.aiOutputId) {
    const [output] = await ctx.db.select({ id: aiOutputs.id }).from(aiOutputs).where(and(eq(aiOutputs.id, timing.aiOutputId), eq(aiOutputs.orgId, orgId), eq(aiOutputs.task, 'content.adapt')));
    if (!output) throw new HttpError(422, 'invalid_request', `aiOutputId: no "Adapt with AI" answer ${timing.aiOutputId} in this organization.`);
  }
  const { store } = mediaOf(ctx);
  const urls = new Map(await Promise.all([...media.values()].map(async (m) => [m.id, await store.url(m.storageKey)] as const)));
  const inserted = await insertOwnPost(ctx.db, billingOf(ctx), {
    orgId,
    authorUserId: userId,
    publishAt: new Date(when.publishAtMs),
    brief: briefOf(content.text),
    contentOutputId: timing.aiOutputId,
    targets: targets.map((t) => ({ ...t, socialAccountId: accounts.get(t.platform)! })),
    media,
    privacy,
    urls,
  });
  if ('refused' in inserted) {
    const { limit, used, max, plan, upgradeTo, message } = inserted.refused;
    throw new HttpError(402, 'plan_limit', message, { limit, used, max, plan, upgradeTo: upgradeTo ?? null });
  }
  const { postId } = inserted;
  const workflowId = workflowIds.post(postId);
  const handle = await ctx.temporal.workflow.start<typeof import('../../workflows/post.js').postWorkflow>('postWorkflow', {
    workflowId,
    taskQueue: ctx.queues.main,
    priority: tenantPriority(orgId, 'publishing'),
    args: [
      {
        postId,
        orgId,
        authorUserId: userId,
        userId,
        publishAt: new Date(when.publishAtMs).toISOString(),
        // The author's own approval comes at once: no lead time to keep.
        leadMinutes: authorApproves ? 0 : org!.approvalLeadMinutes,
        requireSecondApprover: org!.requireSecondApprover,
        reminderMinutes: org!.approvalReminderMinutes,
        notifyOnRequest: !authorApproves,
      },
    ],
    staticSummary: `Hand-made post ${postId} by ${userId} for ${new Date(when.publishAtMs).toISOString()}`,
  });
  const state: PostState | undefined = authorApproves
    ? await onWorkflow('The post\'s approval', () => handle.executeUpdate(approveUpdate, { args: [{ actorId: userId, privacy }] }))
    : undefined;
  return { postId, workflowId, state, approvedByAuthor: authorApproves };
}

/** Hand-made posts, mounted inside the posts router (/orgs/:orgId/posts). */
export function ownPostRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  async function ownPost(orgId: string, postId: string) {
    const id = parseInput(uuidField, postId, 'params');
    const [post] = await ctx.db.select().from(posts).where(and(eq(posts.id, id), eq(posts.orgId, orgId)));
    if (!post) throw new HttpError(404, 'post_not_found', `No post ${postId} in this organization.`);
    return post;
  }

  router.post('/', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const { scheduledAt, publishNow, privacy, aiOutputId, ...content } = parseInput(createPostBody, req.body, 'body');
    const created = await startOwnPost(ctx, { orgId, userId }, content, { scheduledAt, publishNow, privacy, aiOutputId });
    res
      .status(201)
      .location(`/api/v1/orgs/${orgId}/posts/${created.postId}`)
      .json({ ...created, temporalUi: temporalUiLink(ctx.config, created.workflowId) });
  });

  router.post('/adapt', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const body = parseInput(adaptBody, req.body, 'body');
    const result = await ctx.temporal.workflow.execute<typeof adaptPostWorkflow>('adaptPostWorkflow', {
      workflowId: workflowIds.adaptPost(randomUUID()),
      taskQueue: ctx.queues.main,
      args: [{ orgId, userId, ...body }],
      staticSummary: `Adapt with AI for ${body.platforms.join(', ')} in org ${orgId}`,
    });
    const [stored] = await ctx.db.select().from(aiOutputs).where(and(eq(aiOutputs.id, result.outputId), eq(aiOutputs.orgId, orgId)));
    const written = stored!.output as PostContent;
    res.json({
      aiOutputId: result.outputId,
      offlineWritten: result.offlineWritten,
      provider: result.provider,
      model: result.model,
      // Ready to send back as POST /posts overrides.
      overrides: Object.fromEntries(written.variants.map((v) => [v.platform, { text: v.text, hashtags: v.hashtags.map((h) => h.replace(/^#/, '')), ...(v.title && { title: v.title }) }])),
      visual: { prompt: written.visual.prompt, altText: written.visual.altText },
    });
  });

  router.post('/:postId/duplicate', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const post = await ownPost(orgId, String(req.params.postId));
    const targets = await ctx.db.select().from(postTargets).where(eq(postTargets.postId, post.id));
    const media = targets.length ? await ctx.db.select().from(targetMedia).where(inArray(targetMedia.targetId, targets.map((t) => t.id))) : [];
    const [first] = targets;
    const mediaOf = (targetId: string) => media.filter((m) => m.targetId === targetId && m.mediaId).sort((a, b) => a.position - b.position).map((m) => m.mediaId!);
    const common = { text: first?.text ?? '', hashtags: first?.hashtags ?? [], mediaIds: first ? mediaOf(first.id) : [] };
    const overrides = Object.fromEntries(
      targets
        .map((t) => {
          const own = mediaOf(t.id);
          const override = {
            ...(t.text !== common.text && { text: t.text }),
            ...(JSON.stringify(t.hashtags) !== JSON.stringify(common.hashtags) && { hashtags: t.hashtags }),
            ...(t.title && { title: t.title }),
            ...(JSON.stringify(own) !== JSON.stringify(common.mediaIds) && { mediaIds: own }),
          };
          return [t.platform, override] as const;
        })
        .filter(([, o]) => Object.keys(o).length > 0),
    );
    const [draft] = await ctx.db
      .insert(postDrafts)
      .values({ orgId, authorUserId: userId, name: `Copy of ${briefOf(common.text).topic.slice(0, 80)}`, platforms: targets.map((t) => t.platform), ...common, overrides })
      .returning();
    res.status(201).location(`/api/v1/orgs/${orgId}/drafts/${draft!.id}`).json({ draft });
  });

  router.post('/:postId/regenerate-media', requireRole(APPROVER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const { kind } = parseInput(regenerateBody, req.body, 'body');
    const post = await ownPost(orgId, String(req.params.postId));
    if (post.stage !== 'awaiting_approval') throw new HttpError(409, 'not_waiting', `This post is ${post.stage}; only a post waiting for approval gets new media.`);
    try {
      const result = await ctx.temporal.workflow.execute<typeof regeneratePostMediaWorkflow>('regeneratePostMediaWorkflow', {
        workflowId: workflowIds.postMedia(post.id),
        taskQueue: ctx.queues.main,
        args: [{ postId: post.id, kind, actorId: userId }],
        staticSummary: `New ${kind} for post ${post.id}`,
      });
      res.json(result);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new HttpError(409, 'in_progress', 'New media for this post is already being made; wait for it.');
      if (err instanceof WorkflowFailedError) throw new HttpError(409, 'refused', causeMessage(err));
      throw err;
    }
  });

  return router;
}

/** The activity's own words ("This post is approved; ...") from a failed workflow. */
function causeMessage(err: Error): string {
  let cause: unknown = err;
  while ((cause as { cause?: unknown }).cause) cause = (cause as { cause: unknown }).cause;
  return (cause as Error).message;
}
