import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { mediaKey } from '../../core/media-keys.js';
import { checkMediaStorage, MEDIA_STORAGE_BYTES } from '../../core/plans.js';
import { PLATFORMS } from '../../core/platforms.js';
import { planOf, uploadedMediaBytes } from '../../db/queries/billing.js';
import { FORMAT_INFO, uploadProblems } from '../../core/uploads.js';
import { mediaObjects } from '../../db/schema/index.js';
import { orgOf, requireRole } from '../auth.js';
import { billingOf, mediaOf, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { receiveUpload } from '../uploads.js';
import { uuidField } from '../validation.js';

export const WRITER_ROLES = ['owner', 'admin', 'editor'] as const;

/** The query of an upload: which platforms it is for (checked now), and its alt text. */
export const uploadQuery = z.strictObject({
  platforms: z
    .string()
    .max(100)
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PLATFORMS, { message: `each platform is one of ${PLATFORMS.join(', ')}` })).max(PLATFORMS.length))
    .optional(),
  altText: z.string().trim().min(1).max(1000).optional(),
});

type MediaRow = typeof mediaObjects.$inferSelect;

export async function mediaView(ctx: ApiContext, row: MediaRow) {
  return {
    id: row.id,
    kind: row.kind,
    mimeType: row.mimeType,
    width: row.width,
    height: row.height,
    durationSeconds: row.durationSeconds,
    sizeBytes: row.sizeBytes,
    altText: row.altText,
    url: await mediaOf(ctx).store.url(row.storageKey),
    createdAt: row.createdAt,
  };
}

/** A person's own images and videos, uploaded as the raw request body into the org's media store. */
export function mediaRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  router.post('/', requireRole(WRITER_ROLES), async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const query = parseInput(uploadQuery, req.query, 'query');
    const upload = await receiveUpload(req, mediaOf(ctx).ffprobePath).catch((err: unknown) => {
      // Past the ceiling nothing more is read: the connection closes after the answer.
      if (err instanceof HttpError && err.status === 413) res.set('Connection', 'close');
      throw err;
    });
    try {
      const problems = (query.platforms ?? []).flatMap((platform) => uploadProblems(platform, upload));
      if (problems.length > 0) throw new HttpError(422, 'media_not_accepted', `Nothing was saved: ${problems.join(' ')}`, { problems });
      const { store } = mediaOf(ctx);
      // Keys are per org and random: one org's media can never be named through another's.
      const key = mediaKey(orgId, upload.kind, randomUUID(), FORMAT_INFO[upload.format].extension);
      // The plan's storage is checked and the row claimed under one lock per org, so uploads sent
      // at once cannot together pass the limit; the bytes go to the store after, and the row goes
      // again if they cannot be stored.
      const row = await ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`media-storage:${orgId}`}, 0))`);
        const [plan, used] = await Promise.all([planOf(tx, orgId, billingOf(ctx)), uploadedMediaBytes(tx, orgId)]);
        const room = checkMediaStorage(plan, used, upload.sizeBytes);
        if (!room.allowed) {
          throw new HttpError(402, 'plan_limit', `Nothing was saved: ${room.message}`, { limit: 'media_storage_bytes', used, max: MEDIA_STORAGE_BYTES[plan], plan, upgradeTo: room.upgradeTo ?? null });
        }
        const [inserted] = await tx
          .insert(mediaObjects)
          .values({
            orgId,
            kind: upload.kind,
            store: store.kind,
            storageKey: key,
            mimeType: upload.mimeType,
            width: upload.width,
            height: upload.height,
            durationSeconds: upload.durationSeconds ?? null,
            sizeBytes: upload.sizeBytes,
            altText: query.altText ?? null,
            uploadedBy: userId,
          })
          .returning();
        return inserted!;
      });
      try {
        await store.putFile(key, upload.file, upload.mimeType);
      } catch (err) {
        await ctx.db.delete(mediaObjects).where(eq(mediaObjects.id, row.id));
        throw err;
      }
      res.status(201).json({ media: await mediaView(ctx, row) });
    } finally {
      await upload.discard();
    }
  });

  router.get('/:mediaId', async (req, res) => {
    const { orgId } = orgOf(res);
    const id = parseInput(uuidField, String(req.params.mediaId), 'params');
    const [row] = await ctx.db.select().from(mediaObjects).where(and(eq(mediaObjects.id, id), eq(mediaObjects.orgId, orgId)));
    if (!row) throw new HttpError(404, 'media_not_found', `No media ${id} in this organization.`);
    res.json({ media: await mediaView(ctx, row) });
  });

  return router;
}
