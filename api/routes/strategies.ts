import { and, eq } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { decodeCursor, strategyQueries } from '../../db/queries/strategies.js';
import { memberships } from '../../db/schema/index.js';
import { orgOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { uuidField } from '../validation.js';

const cursorField = z.string().max(200).refine((raw) => decodeCursor(raw) !== undefined, 'must be the nextCursor of a previous page');

export const strategyListQuery = z.strictObject({
  userId: uuidField.optional(),
  purpose: z.enum(['presentation', 'batch']).optional(),
  limit: z.coerce.number().int().min(1, 'limit must be 1 to 100').max(100, 'limit must be 1 to 100').default(20),
  cursor: cursorField.optional(),
});

export const currentStrategyQuery = z.strictObject({ userId: uuidField.optional() });

export const monthlyThemesQuery = z.strictObject({ userId: uuidField.optional() });
const monthField = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

/**
 * The weekly strategies a user is asked to approve, readable in full (themes, per-day plan with
 * predictions, the learning analysis it read, the decision), and the 30-day themes they follow.
 * Every member reads them; deciding goes through POST weekly/:userId/:planStart/decision.
 * Mounted at /orgs/:orgId/strategies and /orgs/:orgId/monthly-themes.
 */
export function strategyRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const queries = strategyQueries(ctx.db);

  router.get('/', async (req, res) => {
    const query = parseInput(strategyListQuery, req.query, 'query');
    const page = await queries.list(orgOf(res).orgId, { ...query, cursor: query.cursor ? decodeCursor(query.cursor) : undefined });
    res.json(page);
  });

  router.get('/current', async (req, res) => {
    const { userId } = parseInput(currentStrategyQuery, req.query, 'query');
    const user = await memberOf(ctx, res, userId);
    const strategy = await queries.current(orgOf(res).orgId, user);
    if (!strategy) throw new HttpError(404, 'strategy_not_found', 'No weekly strategy yet for that user: the first is presented on their planning day.');
    res.json({ strategy });
  });

  router.get('/:strategyId', async (req, res) => {
    const id = parseInput(uuidField, req.params.strategyId, 'params');
    const strategy = await queries.byId(orgOf(res).orgId, id);
    if (!strategy) throw new HttpError(404, 'strategy_not_found', `No weekly strategy ${id} in this organization.`);
    res.json({ strategy });
  });

  return router;
}

export function monthlyThemesRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const queries = strategyQueries(ctx.db);

  router.get('/:month', async (req, res) => {
    const month = parseInput(monthField, req.params.month, 'params');
    const { userId } = parseInput(monthlyThemesQuery, req.query, 'query');
    const user = await memberOf(ctx, res, userId);
    const themes = await queries.monthlyThemes(orgOf(res).orgId, user, month);
    if (!themes) throw new HttpError(404, 'themes_not_found', `No 30-day themes for ${month} yet: they are planned on the month's first planning day.`);
    res.json({ monthlyThemes: themes });
  });

  return router;
}

/** The user whose plan is read: the caller by default, otherwise a member of this org. */
async function memberOf(ctx: ApiContext, res: Response, userId: string | undefined): Promise<string> {
  const { orgId, userId: caller } = orgOf(res);
  if (!userId || userId === caller) return caller;
  const [member] = await ctx.db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!member) throw new HttpError(404, 'user_not_found', `No user ${userId} in this organization.`);
  return userId;
}
