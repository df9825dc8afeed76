import { Router } from 'express';
import { auditLog } from '../../db/schema/index.js';
import { authOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { isSupportStaff, staffReason } from '../staff.js';
import { publishingFinder, publishingFilters } from './publishing.js';

/**
 * `/api/v1/support/...`: Herald's support staff across every tenant. Listing here, then reading and
 * replaying through each org's publishing routes (`/orgs/:orgId/publishing/...`, which let staff in
 * with a reason); nothing else of an org is open to them. Each org whose targets are listed gets an
 * audit row with who, why and what was asked.
 */
export function supportRoutes(ctx: ApiContext): Router {
  const router = Router();
  const { findTargets } = publishingFinder(ctx);

  router.use(async (_req, res, next) => {
    if (!(await isSupportStaff(ctx, authOf(res).userId))) {
      throw new HttpError(403, 'forbidden', 'These routes are for Herald\'s support staff (granted on the server with herald admin grant-support).');
    }
    next();
  });

  router.get('/publishing/targets', async (req, res) => {
    const reason = staffReason(req);
    const filters = parseInput(publishingFilters, req.query, 'query');
    const targets = await findTargets(undefined, filters);
    const { userId } = authOf(res);
    const orgs = [...new Set(targets.map((t) => t.orgId))];
    const { reason: _omit, ...asked } = filters;
    if (orgs.length) {
      await ctx.db.insert(auditLog).values(
        orgs.map((orgId) => ({ orgId, actor: userId, action: 'support.list', subjectType: 'organization', subjectId: orgId, details: { reason, filters: asked, listed: targets.filter((t) => t.orgId === orgId).length } })),
      );
    }
    res.json({ targets });
  });

  return router;
}
