import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { organizations } from '../../db/schema/index.js';
import { orgAccess, orgOf } from '../auth.js';
import type { ApiContext } from '../context.js';

/**
 * Routes under /orgs/:orgId. orgAccess() runs first for every one of them, so a domain router
 * mounted here only ever sees its own tenant's org id (res.locals.org).
 */
export type OrgRouterFactory = (ctx: ApiContext) => Router;

export function orgRoutes(ctx: ApiContext, domains: Record<string, OrgRouterFactory>): Router {
  const router = Router({ mergeParams: true });
  router.use('/:orgId', orgAccess(ctx));
  router.get('/:orgId', async (_req, res) => {
    const { orgId, role } = orgOf(res);
    const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
    res.json({ org, role });
  });
  for (const [path, factory] of Object.entries(domains)) router.use(`/:orgId/${path}`, factory(ctx));
  return router;
}
