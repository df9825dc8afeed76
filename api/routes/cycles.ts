import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { CYCLE_WRITERS, RUN_NOW_LIMIT } from '../../core/cycle-limits.js';
import { PLATFORMS } from '../../core/platforms.js';
import { postgresCallWindows } from '../../db/call-windows.js';
import { auditLog, brandProfiles, memberships } from '../../db/schema/index.js';
import { OrgId, UserId } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { cycleStateQuery, pauseCycleUpdate, profileChangedSignal, resumeCycleUpdate, runCycleNowUpdate, type cycleWorkflow } from '../../workflows/cycle.js';
import { decideStrategyUpdate, weeklyStateQuery } from '../../workflows/weekly.js';
import { orgOf, requireRole } from '../auth.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { onWorkflow } from '../temporal-errors.js';
import { timeZoneField, uuidField } from '../validation.js';

const MANAGERS = ['owner', 'admin', 'support'] as const;

const profileBody = z.object({
  businessName: z.string().trim().min(1).max(200),
  industry: z.string().trim().min(1).max(200),
  audience: z.string().trim().min(1).max(1000),
  brandVoice: z.string().trim().min(1).max(1000),
  goals: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  platforms: z.array(z.enum(PLATFORMS)).min(1, 'choose at least one platform'),
  contentRestrictions: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  timeZone: timeZoneField,
  planningDay: z.number().int().min(1).max(7).default(1),
  postsPerDay: z.number().int().min(1).max(10).default(3),
});

const decisionBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve_all') }),
  z.object({ decision: z.literal('modify_strategy'), instructions: z.string().trim().min(1, 'say what to change').max(2000) }),
  z.object({ decision: z.literal('reject_and_regenerate') }),
]);

/**
 * Onboarding (the brand profile) starts a user's daily cycle; the cycle and the week's plan are
 * then read and steered through their workflows.
 */
export function cycleRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  /** The cycle's user must be a member of this org: a user may act on their own, managers on anyone's. */
  async function cycleUser(res: Response, raw: string): Promise<string> {
    const { orgId, userId, role } = orgOf(res);
    const target = parseInput(uuidField, raw, 'params');
    if (target !== userId && !(MANAGERS as readonly string[]).includes(role)) {
      throw new HttpError(403, 'forbidden', 'Only owners, admins and support may act on another user\'s cycle.');
    }
    const [member] = await ctx.db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
    if (!member) throw new HttpError(404, 'user_not_found', `No user ${raw} in this organization.`);
    return target;
  }

  const runNowWindow = postgresCallWindows(ctx.db)('cycle:run-now', RUN_NOW_LIMIT.runs, RUN_NOW_LIMIT.windowMs, RUN_NOW_LIMIT.label);
  const writers = requireRole(CYCLE_WRITERS);

  /** Who changed a profile or steered a cycle, in the org's audit log. */
  async function audit(res: Response, action: string, subjectType: string, subjectId: string, details: Record<string, unknown> = {}) {
    const { orgId, userId } = orgOf(res);
    await ctx.db.insert(auditLog).values({ orgId, actor: userId, action, subjectType, subjectId, details });
  }

  /** The profile whose cycle this is; its id keys the run-now limit. */
  async function profileOf(res: Response, userId: string) {
    const [profile] = await ctx.db.select().from(brandProfiles).where(and(eq(brandProfiles.orgId, orgOf(res).orgId), eq(brandProfiles.userId, userId)));
    if (!profile) throw new HttpError(404, 'profile_not_found', 'That user has no brand profile in this organization; save one first (PUT profiles/:userId).');
    return profile;
  }

  router.put('/profiles/:userId', writers, async (req, res) => {
    const { orgId } = orgOf(res);
    const userId = await cycleUser(res, String(req.params.userId));
    const profile = parseInput(profileBody, req.body, 'body');
    const [before] = await ctx.db.select().from(brandProfiles).where(and(eq(brandProfiles.orgId, orgId), eq(brandProfiles.userId, userId)));
    const [saved] = await ctx.db
      .insert(brandProfiles)
      .values({ ...profile, orgId, userId, onboardedAt: new Date() })
      .onConflictDoUpdate({ target: [brandProfiles.orgId, brandProfiles.userId], set: { ...profile, updatedAt: new Date() } })
      .returning();
    const workflowId = workflowIds.cycle(userId);
    // Starting a cycle that already runs is success, not an error (USE_EXISTING).
    await ctx.temporal.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
      workflowId,
      taskQueue: ctx.queues.main,
      args: [{ orgId, userId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      typedSearchAttributes: [
        { key: OrgId, value: orgId },
        { key: UserId, value: userId },
      ],
      staticSummary: `Daily cycle of user ${userId}: 02:00 local generation, 08:00 approval digest`,
    });
    if (before) await ctx.temporal.workflow.getHandle(workflowId).signal(profileChangedSignal);
    await audit(res, before ? 'profile.update' : 'profile.create', 'brand_profile', saved!.id, { userId, fields: Object.keys(profile) });
    res.status(before ? 200 : 201).json({ profile: saved, cycle: { workflowId, temporalUi: temporalUiLink(ctx.config, workflowId) } });
  });

  router.get('/cycles/:userId', async (req, res) => {
    const userId = await cycleUser(res, String(req.params.userId));
    const workflowId = workflowIds.cycle(userId);
    const state = await onWorkflow('That user\'s cycle', () => ctx.temporal.workflow.getHandle(workflowId).query(cycleStateQuery));
    res.json({ state, workflowId, temporalUi: temporalUiLink(ctx.config, workflowId) });
  });

  const steer = (update: typeof pauseCycleUpdate | typeof resumeCycleUpdate | typeof runCycleNowUpdate, action: string, status: number) =>
    async (req: import('express').Request, res: Response) => {
      const userId = await cycleUser(res, String(req.params.userId));
      const profile = await profileOf(res, userId);
      if (update === runCycleNowUpdate) {
        // Every run-now request counts, refused ones too: the limit is on asking, not on runs.
        const waitMs = await runNowWindow.reserve(profile.id);
        if (waitMs > 0) {
          const retryAfter = Math.ceil(waitMs / 1000);
          res.set('Retry-After', String(retryAfter));
          throw new HttpError(429, 'rate_limited', `At most ${RUN_NOW_LIMIT.runs} ${RUN_NOW_LIMIT.label} for a profile; try again in ${retryAfter} s.`);
        }
      }
      const handle = ctx.temporal.workflow.getHandle(workflowIds.cycle(userId));
      const answer = await onWorkflow('That user\'s cycle', () => handle.executeUpdate(update as typeof pauseCycleUpdate, { args: [{ actorId: orgOf(res).userId }] }));
      await audit(res, action, 'cycle', handle.workflowId, { userId, profileId: profile.id });
      res.status(status).json(answer);
    };
  router.post('/cycles/:userId/pause', writers, steer(pauseCycleUpdate, 'cycle.pause', 200));
  router.post('/cycles/:userId/resume', writers, steer(resumeCycleUpdate, 'cycle.resume', 200));
  router.post('/cycles/:userId/run-now', writers, steer(runCycleNowUpdate, 'cycle.run_now', 202));

  router.get('/weekly/:userId/:planStart', async (req, res) => {
    const userId = await cycleUser(res, String(req.params.userId));
    const workflowId = workflowIds.weekly(userId, String(req.params.planStart));
    const state = await onWorkflow('That weekly plan', () => ctx.temporal.workflow.getHandle(workflowId).query(weeklyStateQuery));
    res.json({ state, workflowId, temporalUi: temporalUiLink(ctx.config, workflowId) });
  });

  router.post('/weekly/:userId/:planStart/decision', requireRole(['owner', 'admin', 'editor', 'approver']), async (req, res) => {
    const userId = await cycleUser(res, String(req.params.userId));
    const body = parseInput(decisionBody, req.body, 'body');
    const handle = ctx.temporal.workflow.getHandle(workflowIds.weekly(userId, String(req.params.planStart)));
    const state = await onWorkflow('That weekly plan', () => handle.executeUpdate(decideStrategyUpdate, { args: [{ ...body, actorId: orgOf(res).userId }] }));
    res.json({ state });
  });

  return router;
}
