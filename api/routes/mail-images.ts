import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { loadEmailConfig } from '../../config/email.js';
import { readMailImageToken } from '../../core/mail-images.js';
import { mediaObjects } from '../../db/schema/index.js';
import { mediaOf, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';

export const mailImageParams = z.object({ token: z.string().min(1).max(200) });

/**
 * GET /api/v1/email/media/{token}: a post's image as a mail shows it. The signed token is the
 * credential (mail clients send no sign-in); each open gets a freshly signed storage URL, so the
 * image still shows when the mail is read days later.
 */
export function mailImageRoutes(ctx: ApiContext): Router {
  const router = Router();
  const keys = (ctx.email ?? loadEmailConfig()).unsubscribe;
  router.get('/:token', async (req, res) => {
    const { token } = parseInput(mailImageParams, req.params, 'params');
    const mediaId = keys ? readMailImageToken(keys.secret, token) : undefined;
    if (!mediaId) throw new HttpError(404, 'mail_image_not_found', 'This image link was changed or cut short; open the post in Herald to see its image.');
    const [row] = await ctx.db.select({ storageKey: mediaObjects.storageKey }).from(mediaObjects).where(eq(mediaObjects.id, mediaId));
    if (!row) throw new HttpError(404, 'mail_image_not_found', 'This image was deleted; open the post in Herald to see what it shows now.');
    res.setHeader('cache-control', 'private, max-age=300');
    res.redirect(302, await mediaOf(ctx).store.url(row.storageKey));
  });
  return router;
}
