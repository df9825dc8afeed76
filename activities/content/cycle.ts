import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { approvalDeadline } from '../../core/approval.js';
import { addLocalDays, instantOfLocal, intlOffsetAt, localDateOf, nextDailyRun } from '../../core/local-time.js';
import { missingPrivacyChoices } from '../../core/privacy.js';
import { loadBillingConfig } from '../../config/billing.js';
import { cyclePaused, type BillingSettings } from '../../core/billing.js';
import type { Database } from '../../db/client.js';
import { orgBilling, planOf, postsInMonth } from '../../db/queries/billing.js';
import { checkLimit, PLAN_LABELS, planThatLifts } from '../../core/plans.js';
import { aiOutputs, brandProfiles, cycleRuns, organizations, posts, postTargets, weeklyStrategies } from '../../db/schema/index.js';
import type { DailyPlan, WeeklyStrategy } from '../agents/strategy/schemas.js';
import type { ScheduleAdvice } from '../agents/optimisation/task.js';
import { postActivities } from './posts.js';
import { slotActivities, slotPredictions } from './slots.js';

/** Local wall times of the daily cycle (seed 001): generation at 02:00, the approval digest at 08:00. */
export const CYCLE_TIMES = { run: '02:00', digest: '08:00' } as const;

export interface CycleSettings {
  timeZone: string;
  postsPerDay: number;
  planningDay: number;
  leadMinutes: number;
  requireSecondApprover: boolean;
  reminderMinutes: number[];
}

export function cycleActivities(db: Database, billing: BillingSettings = loadBillingConfig()) {
  const slots = slotActivities(db, billing);
  const postOps = postActivities(db);

  /** The output id of the newest approved weekly strategy covering a local date, if any. */
  async function approvedStrategyFor(input: { userId: string; localDate: string }): Promise<string | undefined> {
    const [row] = await db
      .select({ outputId: weeklyStrategies.outputId })
      .from(weeklyStrategies)
      .where(
        and(
          eq(weeklyStrategies.userId, input.userId),
          inArray(weeklyStrategies.status, ['approved']),
          lte(weeklyStrategies.weekStart, input.localDate),
          gte(weeklyStrategies.weekStart, addLocalDays(input.localDate, -6)),
        ),
      )
      .orderBy(desc(weeklyStrategies.createdAt))
      .limit(1);
    return row?.outputId ?? undefined;
  }

  /** The approved strategy the daily plan of a date followed: its per-slot predictions go onto the posts. */
  async function strategyFor(orgId: string, userId: string, localDate: string): Promise<WeeklyStrategy | undefined> {
    const outputId = await approvedStrategyFor({ userId, localDate });
    if (!outputId) return undefined;
    const [row] = await db.select({ output: aiOutputs.output }).from(aiOutputs).where(and(eq(aiOutputs.id, outputId), eq(aiOutputs.orgId, orgId)));
    return row?.output as WeeklyStrategy | undefined;
  }

  async function settingsOf(orgId: string, userId: string): Promise<CycleSettings> {
    const [row] = await db
      .select({ profile: brandProfiles, org: organizations })
      .from(brandProfiles)
      .innerJoin(organizations, eq(organizations.id, brandProfiles.orgId))
      .where(and(eq(brandProfiles.orgId, orgId), eq(brandProfiles.userId, userId)));
    if (!row) throw ApplicationFailure.nonRetryable(`User ${userId} has no brand profile in org ${orgId}; finish onboarding first.`, 'NoProfile');
    return {
      timeZone: row.profile.timeZone,
      postsPerDay: row.profile.postsPerDay,
      planningDay: row.profile.planningDay,
      leadMinutes: row.org.approvalLeadMinutes,
      requireSecondApprover: row.org.requireSecondApprover,
      reminderMinutes: row.org.approvalReminderMinutes,
    };
  }

  /** "3 of your 10 posts this month are used; upgrade for more", on plans with a monthly quota. */
  async function quotaLine(orgId: string): Promise<string[]> {
    const plan = await planOf(db, orgId, billing);
    const { used, max } = checkLimit(plan, 'posts_per_month', (await postsInMonth(db, orgId, Date.now())).used, 0);
    if (max === null) return [];
    if (used < max) return [`${used} of your ${max} posts this month are used; upgrade for more.`];
    const upgradeTo = planThatLifts('posts_per_month', max + 1) ?? 'pro';
    return [`All ${max} posts of this month on ${PLAN_LABELS[plan]} are used: no new posts until next month. Upgrade to ${PLAN_LABELS[upgradeTo]} for more.`];
  }

  return {
    loadCycleSettings: (input: { orgId: string; userId: string }) => settingsOf(input.orgId, input.userId),

    /** Past due beyond the grace period: today's run makes nothing (approved posts still publish). */
    async billingPause(input: { orgId: string }): Promise<{ paused: boolean; reason?: string }> {
      const org = await orgBilling(db, input.orgId);
      if (!org || !cyclePaused(org, billing, new Date())) return { paused: false };
      return { paused: true, reason: `The invoice is unpaid and the grace period ended ${org.graceEndsAt?.toISOString()}; the daily cycle resumes once it is paid.` };
    },

    /** The next 02:00 in the user's current zone (read now, so a zone change counts from the next run). */
    async planNextRun(input: { orgId: string; userId: string; nowMs: number; lastRunLocalDate?: string }) {
      const { timeZone } = await settingsOf(input.orgId, input.userId);
      const offsetAt = intlOffsetAt(timeZone);
      const next = nextDailyRun({ nowMs: input.nowMs, time: CYCLE_TIMES.run, offsetAt, lastRunLocalDate: input.lastRunLocalDate });
      return { timeZone, localDate: next.localDate, runAt: new Date(next.runAtMs).toISOString(), today: localDateOf(input.nowMs, offsetAt) };
    },

    async localInstant(input: { timeZone: string; localDate: string; time: string }): Promise<string> {
      return new Date(instantOfLocal(input.localDate, input.time, intlOffsetAt(input.timeZone))).toISOString();
    },

    /** Claims the run; a second scheduled run for the same local date finds it taken. */
    async startCycleRun(input: { orgId: string; userId: string; localDate: string; kind: 'scheduled' | 'manual'; timeZone: string; workflowId: string; startedAtMs: number }) {
      const [row] = await db
        .insert(cycleRuns)
        .values({ ...input, startedAt: new Date(input.startedAtMs) })
        .onConflictDoNothing()
        .returning({ id: cycleRuns.id });
      if (row) return { alreadyRan: false };
      const [mine] = await db.select({ id: cycleRuns.id }).from(cycleRuns).where(eq(cycleRuns.workflowId, input.workflowId));
      return { alreadyRan: !mine };
    },

    async finishCycleRun(input: { workflowId: string; status: 'completed' | 'failed'; summary: Record<string, unknown>; finishedAtMs: number }) {
      await db
        .update(cycleRuns)
        .set({ status: input.status, summary: input.summary, finishedAt: new Date(input.finishedAtMs) })
        .where(eq(cycleRuns.workflowId, input.workflowId));
    },

    /** The approved weekly strategy covering a local date, if any. */
    approvedStrategyFor,

    /**
     * Claims one slot per planned post of a daily plan; answers with ids, never the briefs. A slot
     * whose approval would already be closed (a manual run late in the day) is left out.
     */
    async claimSlotsFromPlan(input: { orgId: string; userId: string; timeZone: string; dailyPlanId: string; nowMs: number; leadMinutes: number }) {
      const [stored] = await db.select().from(aiOutputs).where(and(eq(aiOutputs.id, input.dailyPlanId), eq(aiOutputs.orgId, input.orgId)));
      if (!stored) throw ApplicationFailure.nonRetryable(`Daily plan ${input.dailyPlanId} not found.`, 'PlanNotFound');
      const plan = stored.output as DailyPlan;
      const strategy = await strategyFor(input.orgId, input.userId, plan.date);
      const claimed = [];
      const offsetAt = intlOffsetAt(input.timeZone);
      // A slot refused for the plan's quota or an unpaid invoice is left out; the digest says why.
      for (const planned of plan.posts) {
        if (approvalDeadline(instantOfLocal(plan.date, planned.time, offsetAt), input.leadMinutes) <= input.nowMs) continue;
        const slot = await slots.claimSlot({
          orgId: input.orgId,
          userId: input.userId,
          timeZone: input.timeZone,
          localDate: plan.date,
          time: planned.time,
          platforms: planned.platforms,
          brief: { topic: planned.topic, brief: planned.brief, contentType: planned.contentType },
          predictions: slotPredictions(strategy, plan.date, planned.time),
        });
        if ('refused' in slot) continue;
        claimed.push({ ...slot, localDate: plan.date, time: planned.time });
      }
      return claimed;
    },

    /**
     * Applies the optimiser's advice: +-30 min and hashtags. Posts not yet asking for approval are
     * changed directly; posts whose workflow already runs are changed through its `edit` Update,
     * so the lock rules and the workflow's own timers see every change.
     */
    async applyOptimisation(input: { orgId: string; outputId: string; newPostIds: string[]; runningPostIds: string[] }) {
      const [stored] = await db.select().from(aiOutputs).where(and(eq(aiOutputs.id, input.outputId), eq(aiOutputs.orgId, input.orgId)));
      const advice = (stored?.output as ScheduleAdvice | undefined)?.adjustments ?? [];
      const ids = [...input.newPostIds, ...input.runningPostIds];
      if (advice.length === 0 || ids.length === 0) return { changed: 0, refused: [] as string[] };
      const targets = await db
        .select({ id: postTargets.id, postId: postTargets.postId, platform: postTargets.platform, scheduledAt: posts.scheduledAt, approvedAt: posts.approvedScheduledAt, stage: posts.stage })
        .from(postTargets)
        .innerJoin(posts, eq(posts.id, postTargets.postId))
        .where(and(inArray(postTargets.postId, ids), eq(postTargets.orgId, input.orgId)));
      let changed = 0;
      const refused: string[] = [];
      for (const postId of ids) {
        const mine = targets.filter((t) => t.postId === postId);
        const adjustments = mine.map((t) => ({ t, a: advice.find((a) => a.ref === t.id) })).filter((x) => x.a);
        if (adjustments.length === 0 || !['drafted', 'awaiting_approval', 'approved'].includes(mine[0]!.stage)) continue;
        const shift = adjustments[0]!.a!.shiftMinutes;
        const base = (mine[0]!.approvedAt ?? mine[0]!.scheduledAt).getTime();
        const edit = {
          scheduledAt: shift === 0 ? undefined : new Date(base + shift * 60_000).toISOString(),
          targets: adjustments.map(({ t, a }) => ({ platform: t.platform, hashtags: a!.hashtags })),
        };
        try {
          if (input.newPostIds.includes(postId)) {
            await postOps.applyPostEdit({ postId, actorId: 'herald-optimiser', edit, locked: false });
          } else {
            await Context.current().client.workflow.getHandle(`post-${postId}`).executeUpdate('edit', { args: [{ actorId: 'herald-optimiser', changes: edit }] });
          }
          changed++;
        } catch (err) {
          refused.push(`${postId}: ${(err as Error).message}`);
        }
      }
      return { changed, refused };
    },

    /** Publish times after optimisation, for starting the post workflows. */
    async publishTimes(input: { postIds: string[] }): Promise<Record<string, string>> {
      if (input.postIds.length === 0) return {};
      const rows = await db.select({ id: posts.id, at: posts.scheduledAt }).from(posts).where(inArray(posts.id, input.postIds));
      return Object.fromEntries(rows.map((r) => [r.id, r.at.toISOString()]));
    },

    /**
     * Lines of the 08:00 digest: what waits for approval, and what could not be made. A digest due
     * at once (the run finished after the reader's hour) can be composed before the post workflows
     * just started have opened their approval: it waits for them (bounded), so the mail does not
     * call them drafted and its Approve links are not refused.
     */
    async digestLines(input: { orgId: string; postIds: string[]; waitForApprovalMs?: number }) {
      const quota = await quotaLine(input.orgId);
      if (input.postIds.length === 0) return quota;
      const read = () =>
        db
          .select({ id: posts.id, stage: posts.stage, at: posts.scheduledAt, offline: posts.offlineWritten, platform: postTargets.platform, text: postTargets.text, privacyLevel: postTargets.privacyLevel })
          .from(posts)
          .innerJoin(postTargets, eq(postTargets.postId, posts.id))
          .where(and(eq(posts.orgId, input.orgId), inArray(posts.id, input.postIds)));
      const until = Date.now() + (input.waitForApprovalMs ?? 90_000);
      let rows = await read();
      while (rows.some((r) => r.stage === 'drafted') && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        rows = await read();
      }
      return rows.map((r) => {
        const choose = missingPrivacyChoices([r], {}).length > 0 ? ' (approve with your choice of who can see it)' : '';
        return `${r.at.toISOString()} ${r.platform} [${r.stage}]${r.offline ? ' (offline-written)' : ''}${choose}: ${r.text.slice(0, 120)}`;
      }).concat(quota);
    },
  };
}
