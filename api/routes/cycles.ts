import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { brandDetailsSchema, type BrandDetails } from '../../core/brand-profile.js';
import { CYCLE_WRITERS, RUN_NOW_LIMIT } from '../../core/cycle-limits.js';
import { PLATFORMS } from '../../core/platforms.js';
import { postgresCallWindows } from '../../db/call-windows.js';
import { auditLog, brandProfiles, mediaObjects, memberships } from '../../db/schema/index.js';
import { tenantPriority } from '../../temporal-config/priorities.js';
import { OrgId, UserId } from '../../temporal-config/search-attributes.js';
import { legacyWorkflowIds, workflowIds } from '../../temporal-config/workflow-ids.js';
import { cycleStateQuery, pauseCycleUpdate, profileChangedSignal, resumeCycleUpdate, runCycleNowUpdate, type cycleWorkflow } from '../../workflows/cycle.js';
import { decideStrategyUpdate, weeklyStateQuery } from '../../workflows/weekly.js';
import { orgOf, requireRole } from '../auth.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { findOrgWorkflow, orgWorkflow } from '../org-workflows.js';
import { onWorkflow } from '../temporal-errors.js';
import { localDateField, timeZoneField, uuidField } from '../validation.js';

const MANAGERS = ['owner', 'admin'] as const;

const profileFields = z.strictObject({
  businessName: z.string().trim().min(1).max(200).meta({ examples: ['O Co Surf School'] }),
  industry: z.string().trim().min(1).max(200).meta({ examples: ['surf school'] }),
  audience: z.string().trim().min(1).max(1000).meta({ examples: ['tourists and families on holiday'] }),
  brandVoice: z.string().trim().min(1).max(1000).meta({ examples: ['warm and encouraging'] }),
  goals: z.array(z.string().trim().min(1).max(300)).max(20).default([]).meta({ examples: [['lesson bookings', 'brand awareness']] }),
  platforms: z.array(z.enum(PLATFORMS)).min(1, 'choose at least one platform').max(PLATFORMS.length).meta({ examples: [['instagram', 'facebook']] }),
  contentRestrictions: z.array(z.string().trim().min(1).max(300)).max(50).default([]).meta({ examples: [['Never promise perfect waves']] }),
  timeZone: timeZoneField.meta({ examples: ['Europe/London'] }),
  planningDay: z.number().int().min(1).max(7).default(1).meta({ description: '1 = Monday', examples: [1] }),
  postsPerDay: z.number().int().min(1).max(10).default(3).meta({ description: 'Used for platforms without a posting frequency in platformPriorities', examples: [2] }),
  ...brandDetailsSchema.shape,
});

/** The whole profile: the fields the cycle needs, and the optional details (core/brand-profile.ts). */
export const profileBody = profileFields.superRefine((body, check) => {
  const unused = (body.platformPriorities ?? []).filter((p) => !body.platforms.includes(p.platform)).map((p) => p.platform);
  if (unused.length > 0) check.addIssue({ code: 'custom', path: ['platformPriorities'], message: `${unused.join(', ')} must also be in platforms to get a posting frequency` });
});

const DETAIL_FIELDS = Object.keys(brandDetailsSchema.shape) as (keyof BrandDetails)[];

/** Splits a validated body into the profile's columns and its `details`. */
function profileRow(body: z.infer<typeof profileBody>) {
  const details: Record<string, unknown> = {};
  const columns: Record<string, unknown> = { ...body };
  for (const field of DETAIL_FIELDS) {
    if (body[field] !== undefined) details[field] = body[field];
    delete columns[field];
  }
  return { ...(columns as Omit<typeof body, keyof BrandDetails>), details: details as BrandDetails };
}

/** The profile as the API shows it: the details beside the other fields, as they were sent. */
const profileView = ({ details, ...row }: typeof brandProfiles.$inferSelect) => ({ ...row, ...details });

export const decisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve_all') }),
  z.strictObject({ decision: z.literal('modify_strategy'), instructions: z.string().trim().min(1, 'say what to change').max(2000) }),
  z.strictObject({ decision: z.literal('reject_and_regenerate') }),
]);

/** Where a user's cycle in an org may run: its own id, or the id it got before ids carried the org. */
const cycleIds = (orgId: string, userId: string) => [workflowIds.cycle(orgId, userId), legacyWorkflowIds.cycle(userId)];

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
      throw new HttpError(403, 'forbidden', 'Only owners and admins may act on another user\'s cycle.');
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

  /** A logo is an image this org already stored (uploaded or generated). */
  async function checkLogo(orgId: string, key: string | undefined) {
    if (!key) return;
    const [logo] = key.startsWith(`${orgId}/`)
      ? await ctx.db.select({ kind: mediaObjects.kind }).from(mediaObjects).where(and(eq(mediaObjects.orgId, orgId), eq(mediaObjects.storageKey, key)))
      : [];
    if (logo?.kind !== 'image') {
      throw new HttpError(422, 'invalid_request', `Invalid body: visualStyle.logoMediaKey: no image ${key} in this organization's media store; upload the logo first.`, [
        { field: 'visualStyle.logoMediaKey', problem: 'no such image in this organization' },
      ]);
    }
  }

  router.get('/profiles/:userId', async (req, res) => {
    const userId = await cycleUser(res, String(req.params.userId));
    res.json({ profile: profileView(await profileOf(res, userId)) });
  });

  router.put('/profiles/:userId', writers, async (req, res) => {
    const { orgId } = orgOf(res);
    const userId = await cycleUser(res, String(req.params.userId));
    const body = parseInput(profileBody, req.body, 'body');
    await checkLogo(orgId, body.visualStyle?.logoMediaKey);
    const profile = profileRow(body);
    const [before] = await ctx.db.select().from(brandProfiles).where(and(eq(brandProfiles.orgId, orgId), eq(brandProfiles.userId, userId)));
    const [saved] = await ctx.db
      .insert(brandProfiles)
      .values({ ...profile, orgId, userId, onboardedAt: new Date() })
      .onConflictDoUpdate({ target: [brandProfiles.orgId, brandProfiles.userId], set: { ...profile, updatedAt: new Date() } })
      .returning();
    // A cycle started before ids carried the org keeps running under its old id: signal that one.
    const running = await findOrgWorkflow(ctx.temporal, orgId, cycleIds(orgId, userId));
    if (running?.description.status.name === 'RUNNING') {
      if (before) await running.handle.signal(profileChangedSignal);
    } else {
      // Starting a cycle that already runs is success, not an error (USE_EXISTING).
      await ctx.temporal.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
        workflowId: workflowIds.cycle(orgId, userId),
        taskQueue: ctx.queues.main,
        args: [{ orgId, userId }],
        priority: tenantPriority(orgId, 'planning'),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [
          { key: OrgId, value: orgId },
          { key: UserId, value: userId },
        ],
        staticSummary: `Daily cycle of user ${userId} in org ${orgId}: 02:00 local generation, 08:00 approval digest`,
      });
    }
    const workflowId = running?.description.status.name === 'RUNNING' ? running.handle.workflowId : workflowIds.cycle(orgId, userId);
    await audit(res, before ? 'profile.update' : 'profile.create', 'brand_profile', saved!.id, { userId, fields: Object.keys(body) });
    res.status(before ? 200 : 201).json({ profile: profileView(saved!), cycle: { workflowId, temporalUi: temporalUiLink(ctx.config, workflowId) } });
  });

  router.get('/cycles/:userId', async (req, res) => {
    const userId = await cycleUser(res, String(req.params.userId));
    const { handle } = await orgWorkflow(ctx.temporal, orgOf(res).orgId, cycleIds(orgOf(res).orgId, userId), 'That user\'s cycle');
    const state = await onWorkflow('That user\'s cycle', () => handle.query(cycleStateQuery));
    res.json({ state, workflowId: handle.workflowId, temporalUi: temporalUiLink(ctx.config, handle.workflowId) });
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
      const { handle } = await orgWorkflow(ctx.temporal, orgOf(res).orgId, cycleIds(orgOf(res).orgId, userId), 'That user\'s cycle');
      const answer = await onWorkflow('That user\'s cycle', () => handle.executeUpdate(update as typeof pauseCycleUpdate, { args: [{ actorId: orgOf(res).userId }] }));
      await audit(res, action, 'cycle', handle.workflowId, { userId, profileId: profile.id });
      res.status(status).json(answer);
    };
  router.post('/cycles/:userId/pause', writers, steer(pauseCycleUpdate, 'cycle.pause', 200));
  router.post('/cycles/:userId/resume', writers, steer(resumeCycleUpdate, 'cycle.resume', 200));
  router.post('/cycles/:userId/run-now', writers, steer(runCycleNowUpdate, 'cycle.run_now', 202));

  /** The week's plan of this org's user (a plan started before ids carried the org is checked by its OrgId). */
  async function weeklyPlan(res: Response, rawUserId: string, rawPlanStart: string) {
    const userId = await cycleUser(res, rawUserId);
    const planStart = parseInput(localDateField, rawPlanStart, 'params');
    const { orgId } = orgOf(res);
    const ids = [workflowIds.weekly(orgId, userId, planStart), legacyWorkflowIds.weekly(userId, planStart)];
    return (await orgWorkflow(ctx.temporal, orgId, ids, 'That weekly plan')).handle;
  }

  router.get('/weekly/:userId/:planStart', async (req, res) => {
    const handle = await weeklyPlan(res, String(req.params.userId), String(req.params.planStart));
    const state = await onWorkflow('That weekly plan', () => handle.query(weeklyStateQuery));
    res.json({ state, workflowId: handle.workflowId, temporalUi: temporalUiLink(ctx.config, handle.workflowId) });
  });

  router.post('/weekly/:userId/:planStart/decision', requireRole(['owner', 'admin', 'editor', 'approver']), async (req, res) => {
    const body = parseInput(decisionBody, req.body, 'body');
    const handle = await weeklyPlan(res, String(req.params.userId), String(req.params.planStart));
    const state = await onWorkflow('That weekly plan', () => handle.executeUpdate(decideStrategyUpdate, { args: [{ ...body, actorId: orgOf(res).userId }] }));
    res.json({ state });
  });

  return router;
}
