import { and, asc, desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { ALERT_KINDS } from '../../core/monitoring.js';
import { metricSnapshots, postAlerts, posts } from '../../db/schema/index.js';
import { orgOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { uuidField } from '../validation.js';

export const alertsQuery = z.object({ kind: z.enum(ALERT_KINDS).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * What monitoring found, for the UI: the org's alerts (newest first) and one post's snapshots per
 * platform and checkpoint, missed or unavailable ones with their reason. Mounted at /orgs/:orgId/monitoring.
 */
export function monitoringRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/alerts', async (req, res) => {
    const { orgId } = orgOf(res);
    const query = parseInput(alertsQuery, req.query, 'query');
    const alerts = await ctx.db
      .select()
      .from(postAlerts)
      .where(and(eq(postAlerts.orgId, orgId), query.kind ? eq(postAlerts.kind, query.kind) : undefined))
      .orderBy(desc(postAlerts.createdAt))
      .limit(query.limit);
    res.json({ alerts });
  });

  router.get('/posts/:postId', async (req, res) => {
    const { orgId } = orgOf(res);
    const postId = parseInput(uuidField, req.params.postId, 'params');
    const [post] = await ctx.db.select({ id: posts.id }).from(posts).where(and(eq(posts.id, postId), eq(posts.orgId, orgId)));
    if (!post) throw new HttpError(404, 'post_not_found', `No post ${postId} in this organization.`);
    const [snapshots, alerts] = await Promise.all([
      ctx.db.select().from(metricSnapshots).where(eq(metricSnapshots.postId, postId)).orderBy(asc(metricSnapshots.platform), asc(metricSnapshots.dueAt)),
      ctx.db.select().from(postAlerts).where(eq(postAlerts.postId, postId)).orderBy(asc(postAlerts.createdAt)),
    ]);
    res.json({ postId, snapshots, alerts });
  });

  return router;
}
