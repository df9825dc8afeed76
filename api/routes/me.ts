import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { memberships, organizations, users } from '../../db/schema/index.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { emailPreferenceRoutes } from './email-preferences.js';

/** The signed-in user and the organizations they belong to. */
export function meRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const { userId } = authOf(res);
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name, timeZone: users.timeZone })
      .from(users)
      .where(eq(users.id, userId));
    const orgs = await ctx.db
      .select({ id: organizations.id, name: organizations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(memberships.userId, userId));
    res.json({ user, orgs });
  });
  router.use('/email-preferences', emailPreferenceRoutes(ctx));
  return router;
}
