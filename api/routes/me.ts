import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Router } from 'express';
import { memberships, organizations, sessions, users } from '../../db/schema/index.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { uuidField } from '../validation.js';
import { acceptInvitation } from './members.js';

const acceptBody = z.object({ token: z.string().min(1, 'is required').max(100) }).strict();
const activeOrgBody = z.object({ orgId: uuidField }).strict();

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
      .where(eq(memberships.userId, userId))
      .orderBy(asc(memberships.createdAt), asc(organizations.name));
    // The org the web app opens: the one this browser session switched to, else the first.
    const { sessionId } = authOf(res);
    const [session] = sessionId ? await ctx.db.select({ activeOrgId: sessions.activeOrgId }).from(sessions).where(eq(sessions.id, sessionId)) : [];
    const activeOrgId = orgs.find((o) => o.id === session?.activeOrgId)?.id ?? orgs[0]?.id ?? null;
    res.json({ user, orgs, activeOrgId });
  });

  /** Switches the browser session to another of the user's orgs. */
  router.put('/active-org', async (req, res) => {
    const { userId, sessionId } = authOf(res);
    const { orgId } = parseInput(activeOrgBody, req.body, 'body');
    if (!sessionId) throw new HttpError(409, 'no_session', 'Only a browser session has an active org; API tokens name the org in each path.');
    const [member] = await ctx.db.select().from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
    if (!member) throw new HttpError(404, 'org_not_found', `No organization ${orgId} among yours.`);
    await ctx.db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId));
    res.json({ activeOrgId: orgId, role: member.role });
  });

  /** Accepts an invitation sent to the signed-in user's address. */
  router.post('/invitations/accept', async (req, res) => {
    const { userId } = authOf(res);
    const { token } = parseInput(acceptBody, req.body, 'body');
    const [user] = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    const joined = await acceptInvitation(ctx.db, token, user!);
    // The invitation reached this address, so the address is confirmed.
    await ctx.db.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
    res.json(joined);
  });
  return router;
}
