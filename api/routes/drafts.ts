import { and, desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { briefOf } from '../../core/own-posts.js';
import type { Platform } from '../../core/platforms.js';
import { postDrafts } from '../../db/schema/index.js';
import { orgOf, requireRole } from '../auth.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { uuidField } from '../validation.js';
import { WRITER_ROLES } from './media.js';
import { OVERRIDE_MESSAGE, overridesFit, ownContentFields, startOwnPost, timingFields } from './own-posts.js';

const nameField = z.string().trim().min(1, 'a name of at least one character').max(200);

/** A draft may be unfinished: nothing is required, the rules are checked when it is scheduled. */
export const draftBody = z
  .strictObject({
    name: nameField.optional(),
    platforms: ownContentFields.platforms.default([]),
    text: ownContentFields.text.default(''),
    hashtags: ownContentFields.hashtags.default([]),
    overrides: ownContentFields.overrides.default({}),
    mediaIds: ownContentFields.mediaIds.default([]),
  })
  .refine(overridesFit, OVERRIDE_MESSAGE);

export const draftChangesBody = z
  .strictObject({
    name: nameField.optional(),
    platforms: ownContentFields.platforms.optional(),
    text: ownContentFields.text.optional(),
    hashtags: ownContentFields.hashtags.optional(),
    overrides: ownContentFields.overrides.optional(),
    mediaIds: ownContentFields.mediaIds.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one of name, platforms, text, hashtags, overrides, mediaIds');

export const scheduleDraftBody = z
  .strictObject(timingFields)
  .refine((b) => (b.scheduledAt === undefined) !== (b.publishNow === undefined), { message: 'give scheduledAt (an ISO date-time) or publishNow: true, not both', path: ['scheduledAt'] });

export const draftListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The content library: hand-made posts saved without a time, reused and duplicated. */
export function draftRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  async function ownDraft(orgId: string, draftId: string) {
    const id = parseInput(uuidField, draftId, 'params');
    const [draft] = await ctx.db.select().from(postDrafts).where(and(eq(postDrafts.id, id), eq(postDrafts.orgId, orgId)));
    if (!draft) throw new HttpError(404, 'draft_not_found', `No draft ${draftId} in this organization.`);
    return draft;
  }

  router.get('/', async (req, res) => {
    const { orgId } = orgOf(res);
    const { limit } = parseInput(draftListQuery, req.query, 'query');
    const drafts = await ctx.db.select().from(postDrafts).where(eq(postDrafts.orgId, orgId)).orderBy(desc(postDrafts.updatedAt)).limit(limit);
    res.json({ drafts });
  });

  router.get('/:draftId', async (req, res) => {
    res.json({ draft: await ownDraft(orgOf(res).orgId, String(req.params.draftId)) });
  });

  router.post('/', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const { name, ...content } = parseInput(draftBody, req.body, 'body');
    const [draft] = await ctx.db
      .insert(postDrafts)
      .values({ orgId, authorUserId: userId, name: name ?? (content.text ? briefOf(content.text).topic.slice(0, 80) : 'Untitled draft'), ...content })
      .returning();
    res.status(201).location(`/api/v1/orgs/${orgId}/drafts/${draft!.id}`).json({ draft });
  });

  router.patch('/:draftId', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId } = orgOf(res);
    const changes = parseInput(draftChangesBody, req.body, 'body');
    const draft = await ownDraft(orgId, String(req.params.draftId));
    const platforms = changes.platforms ?? draft.platforms;
    const overrides = changes.overrides ?? draft.overrides;
    if (!overridesFit({ platforms, overrides })) throw new HttpError(422, 'invalid_request', `Invalid body: overrides: ${OVERRIDE_MESSAGE.message}`);
    const [saved] = await ctx.db.update(postDrafts).set({ ...changes, updatedAt: new Date() }).where(eq(postDrafts.id, draft.id)).returning();
    res.json({ draft: saved });
  });

  router.delete('/:draftId', requireRole(WRITER_ROLES), async (req, res) => {
    const draft = await ownDraft(orgOf(res).orgId, String(req.params.draftId));
    await ctx.db.delete(postDrafts).where(eq(postDrafts.id, draft.id));
    res.status(204).end();
  });

  router.post('/:draftId/duplicate', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const { id: _id, createdAt: _c, updatedAt: _u, authorUserId: _a, name, ...content } = await ownDraft(orgId, String(req.params.draftId));
    const [draft] = await ctx.db.insert(postDrafts).values({ ...content, orgId, authorUserId: userId, name: `Copy of ${name}`.slice(0, 200) }).returning();
    res.status(201).location(`/api/v1/orgs/${orgId}/drafts/${draft!.id}`).json({ draft });
  });

  // Reuse: the draft becomes a post (checked against every platform's rules now); the draft stays in the library.
  router.post('/:draftId/schedule', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const timing = parseInput(scheduleDraftBody, req.body, 'body');
    const draft = await ownDraft(orgId, String(req.params.draftId));
    if (draft.platforms.length === 0 || !draft.text.trim()) throw new HttpError(422, 'draft_incomplete', 'This draft needs platforms and text before it can be scheduled (PATCH the draft).');
    const content = { platforms: draft.platforms as Platform[], text: draft.text, hashtags: draft.hashtags, overrides: draft.overrides, mediaIds: draft.mediaIds };
    const created = await startOwnPost(ctx, { orgId, userId }, content, timing);
    res
      .status(201)
      .location(`/api/v1/orgs/${orgId}/posts/${created.postId}`)
      .json({ ...created, draftId: draft.id, temporalUi: temporalUiLink(ctx.config, created.workflowId) });
  });

  return router;
}
