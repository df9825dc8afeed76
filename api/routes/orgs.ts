import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { ORG_APPROVAL_LIMITS } from '../../core/approval.js';
import { auditLog, brandProfiles, organizations } from '../../db/schema/index.js';
import { orgAccess, orgOf, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

/**
 * Routes under /orgs/:orgId. orgAccess() runs first for every one of them, so a domain router
 * mounted here only ever sees its own tenant's org id (res.locals.org).
 */
export type OrgRouterFactory = (ctx: ApiContext) => Router;

const { leadMinutes, reminderMinutes } = ORG_APPROVAL_LIMITS;
const minutes = (min: number, max: number) => z.number().int('must be whole minutes').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** The approval rules an org sets for itself; posts created from then on follow them. */
export const approvalSettingsBody = z
  .strictObject({
    approvalLeadMinutes: minutes(leadMinutes.min, leadMinutes.max).optional(),
    requireSecondApprover: z.boolean().optional(),
    approvalReminderMinutes: z
      .array(minutes(reminderMinutes.min, reminderMinutes.max))
      .max(reminderMinutes.maxCount, `at most ${reminderMinutes.maxCount} reminders`)
      .refine((list) => new Set(list).size === list.length, 'each reminder time once')
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'send at least one of approvalLeadMinutes, requireSecondApprover, approvalReminderMinutes');

export function orgRoutes(ctx: ApiContext, domains: Record<string, OrgRouterFactory>): Router {
  const router = Router({ mergeParams: true });
  // Support staff reach an org's publishing routes only (with a reason); members reach everything.
  router.use('/:orgId/publishing', orgAccess(ctx, undefined, { staff: true }));
  router.use('/:orgId', orgAccess(ctx));
  router.get('/:orgId', async (_req, res) => {
    const { orgId, role } = orgOf(res);
    const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
    // Who has a brand profile here: the web app sends an org without one to onboarding.
    const profiles = await ctx.db.select({ userId: brandProfiles.userId }).from(brandProfiles).where(eq(brandProfiles.orgId, orgId));
    res.json({ org, role, brandProfileUserIds: profiles.map((p) => p.userId) });
  });
  router.patch('/:orgId', requireRole(['owner', 'admin']), async (req, res) => {
    const { orgId, userId, role } = orgOf(res);
    const changes = parseInput(approvalSettingsBody, req.body, 'body');
    // Reminders are kept earliest first (the most minutes before the deadline first).
    const settings = { ...changes, ...(changes.approvalReminderMinutes && { approvalReminderMinutes: [...changes.approvalReminderMinutes].sort((a, b) => b - a) }) };
    const org = await ctx.db.transaction(async (tx) => {
      const [saved] = await tx.update(organizations).set({ ...settings, updatedAt: new Date() }).where(eq(organizations.id, orgId)).returning();
      await tx.insert(auditLog).values({ orgId, actor: userId, action: 'org.approval_settings', subjectType: 'organization', subjectId: orgId, details: changes });
      return saved;
    });
    res.json({ org, role });
  });
  for (const [path, factory] of Object.entries(domains)) router.use(`/:orgId/${path}`, factory(ctx));
  return router;
}
