import { and, desc, eq, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { TOKEN_RULES } from '../../core/tokens.js';
import { issueApiToken, membershipOf, userWithOrgs } from '../../db/queries/identity.js';
import { apiTokens, memberships, sessions, users } from '../../db/schema/index.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { isSupportStaff } from '../staff.js';
import { uuidField } from '../validation.js';
import { acceptInvitation } from './members.js';
import { emailPreferenceRoutes } from './email-preferences.js';

export const acceptBody = z.object({ token: z.string().min(1, 'is required').max(100) }).strict();
export const activeOrgBody = z.object({ orgId: uuidField }).strict();

export const newTokenBody = z.strictObject({
  label: z.string().trim().min(1, 'say what the token is for').max(TOKEN_RULES.labelMaxLength),
  /** Omitted: the token may act in every org of its user. */
  orgId: uuidField.optional(),
  expiresInDays: z.number().int('whole days').min(1).max(TOKEN_RULES.maxDays, `at most ${TOKEN_RULES.maxDays} days`).default(TOKEN_RULES.defaultDays),
});

const tokenColumns = {
  id: apiTokens.id,
  label: apiTokens.label,
  orgId: apiTokens.orgId,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdAt: apiTokens.createdAt,
};

/** The signed-in user, the organizations they belong to, and their API tokens. */
export function meRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const { userId, orgScope, tokenId, sessionId } = authOf(res);
    const { user, orgs } = await userWithOrgs(ctx.db, userId, orgScope);
    const [token] = tokenId ? await ctx.db.select(tokenColumns).from(apiTokens).where(eq(apiTokens.id, tokenId)) : [];
    // The org the web app opens: the one this browser session switched to, else the first.
    const [session] = sessionId ? await ctx.db.select({ activeOrgId: sessions.activeOrgId }).from(sessions).where(eq(sessions.id, sessionId)) : [];
    const activeOrgId = orgs.find((o) => o.id === session?.activeOrgId)?.id ?? orgs[0]?.id ?? null;
    // The web app shows the support console's link only to Herald's support staff (api/staff.ts).
    res.json({ user, orgs, activeOrgId, token: token ?? null, staff: await isSupportStaff(ctx, userId) });
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
    const { userId, orgScope } = authOf(res);
    if (orgScope) throw new HttpError(403, 'forbidden', 'A token scoped to one org cannot join another; use a session or an unscoped token.');
    const { token } = parseInput(acceptBody, req.body, 'body');
    const [user] = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    const joined = await acceptInvitation(ctx.db, token, user!);
    // The invitation reached this address, so the address is confirmed.
    await ctx.db.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
    res.json(joined);
  });

  router.get('/tokens', async (_req, res) => {
    const { userId, tokenId } = authOf(res);
    const tokens = await ctx.db.select(tokenColumns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
    res.json({ tokens: tokens.map((t) => ({ ...t, current: t.id === tokenId })) });
  });

  router.post('/tokens', async (req, res) => {
    const { userId, orgScope } = authOf(res);
    const body = parseInput(newTokenBody, req.body, 'body');
    // A token scoped to one org cannot mint a wider one.
    if (orgScope && body.orgId !== orgScope) {
      throw new HttpError(403, 'forbidden', `This token acts only in org ${orgScope}; it can create tokens scoped to that org only.`);
    }
    if (body.orgId && !(await membershipOf(ctx.db, userId, body.orgId))) {
      throw new HttpError(404, 'org_not_found', `No organization ${body.orgId} among yours.`);
    }
    const { token, row } = await issueApiToken(ctx.db, userId, body.label, { orgId: body.orgId, expiresInDays: body.expiresInDays });
    res.status(201).location(`/api/v1/me/tokens/${row.id}`).json({ token, ...row, lastUsedAt: null });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const { userId } = authOf(res);
    const id = parseInput(uuidField, req.params.id, 'params');
    const removed = await ctx.db.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId))).returning({ id: apiTokens.id });
    if (removed.length === 0) throw new HttpError(404, 'token_not_found', `No token ${id} among yours.`);
    res.status(204).end();
  });
  router.use('/email-preferences', emailPreferenceRoutes(ctx));
  return router;
}
