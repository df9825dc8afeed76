import { Router } from 'express';
import { z } from 'zod';
import { EMAIL_CATEGORIES, type EmailCategory } from '../../core/email-preferences.js';
import { emailPreferencesOf, updateEmailPreferences } from '../../db/queries/email-preferences.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

export const preferencesBody = z
  .object(Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, z.boolean().optional()])) as Record<EmailCategory, z.ZodOptional<z.ZodBoolean>>)
  .strict();

/** /api/v1/me/email-preferences: which mail categories the signed-in user receives. */
export function emailPreferenceRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ preferences: await emailPreferencesOf(ctx.db, authOf(res).userId) });
  });
  router.patch('/', async (req, res) => {
    const changes = parseInput(preferencesBody, req.body, 'body');
    res.json({ preferences: await updateEmailPreferences(ctx.db, authOf(res).userId, changes) });
  });
  return router;
}
