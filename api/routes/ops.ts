import { eq } from 'drizzle-orm';
import { Router, type RequestHandler } from 'express';
import { users } from '../../db/schema/index.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { checkServedHealth } from '../health.js';

/** Herald's own operators, named by e-mail in HERALD_OPS_EMAILS; not an org role. */
function requireOps(ctx: ApiContext): RequestHandler {
  return async (_req, res, next) => {
    const [user] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, authOf(res).userId));
    if (!user || !ctx.config.opsEmails.includes(user.email.toLowerCase())) {
      throw new HttpError(403, 'forbidden', 'Only Herald operators (HERALD_OPS_EMAILS) may read this.');
    }
    next();
  };
}

/** What operators need to see why something is down; /healthz tells everyone else only that it is. */
export function opsRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.use(requireOps(ctx));
  router.get('/health', async (_req, res) => {
    const report = await checkServedHealth(ctx);
    res.status(report.ok ? 200 : 503).json({ ...report, temporalUi: ctx.config.temporal.uiUrl });
  });
  return router;
}
