import { Router } from 'express';
import { z } from 'zod';
import { EMAIL_CATEGORIES, type EmailCategory } from '../../core/email-preferences.js';
import { digestHourOf, emailPreferencesOf, setDigestHour, updateEmailPreferences } from '../../db/queries/email-preferences.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

export const preferencesBody = z
  .object({
    ...(Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, z.boolean().optional()])) as Record<EmailCategory, z.ZodOptional<z.ZodBoolean>>),
    digestHour: z
      .number({ message: 'must be a whole hour from 0 to 23, e.g. 7 for 07:00 in your time zone' })
      .int('must be a whole hour from 0 to 23, e.g. 7 for 07:00 in your time zone')
      .min(0, 'must be a whole hour from 0 to 23, e.g. 7 for 07:00 in your time zone')
      .max(23, 'must be a whole hour from 0 to 23, e.g. 7 for 07:00 in your time zone')
      .optional(),
  })
  .strict();

/** /api/v1/me/email-preferences: which mail categories the signed-in user receives, and when the digest comes. */
export function emailPreferenceRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const { userId } = authOf(res);
    res.json({ preferences: await emailPreferencesOf(ctx.db, userId), digestHour: await digestHourOf(ctx.db, userId) });
  });
  router.patch('/', async (req, res) => {
    const { userId } = authOf(res);
    const { digestHour, ...changes } = parseInput(preferencesBody, req.body, 'body');
    const preferences = await updateEmailPreferences(ctx.db, userId, changes);
    res.json({ preferences, digestHour: digestHour === undefined ? await digestHourOf(ctx.db, userId) : await setDigestHour(ctx.db, userId, digestHour) });
  });
  return router;
}
