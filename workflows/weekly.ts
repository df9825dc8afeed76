import {
  condition,
  executeChild,
  patched,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { addLocalDays } from '../core/local-time.js';
import { batchDates, STRATEGY_RULES, themeMonthOf } from '../core/planning.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { OrgId, Stage, UserId } from '../temporal-config/search-attributes.js';
import { legacyWorkflowIds, ORG_KEYED_IDS, workflowIds } from '../temporal-config/workflow-ids.js';
import { reasonOf, requestApprovals, writeFreshPosts, type StepFailure } from './create-posts.js';
import { weeklyLearningWorkflow } from './learning.js';
import { inheritedFairness, tenantPriority } from '../temporal-config/priorities.js';

export interface WeeklyPlanInput {
  orgId: string;
  userId: string;
  /** Day 1 of the plan: the planning day, local date. */
  planStart: string;
  /** Override of the decision wait (core/planning STRATEGY_RULES), for ops and tests. */
  decisionHours?: { reminderAfterHours: number[]; expireAfterHours: number };
}

export type StrategyDecision =
  | { decision: 'approve_all'; actorId: string }
  | { decision: 'modify_strategy'; actorId: string; instructions: string }
  | { decision: 'reject_and_regenerate'; actorId: string };

export interface BatchState {
  createOn: string;
  weekStart: string;
  weekEnd: string;
  status: 'waiting' | 'created' | 'failed';
  created: number;
}

export interface WeeklyState {
  planStart: string;
  status: 'presenting' | 'presented' | 'approved' | 'expired' | 'batches' | 'done';
  version: number;
  strategyId?: string;
  /** The month's 30-day themes this plan's presentation follows (id of the stored themes). */
  monthlyThemesId?: string;
  expiresAt?: string;
  decisions: { decision: string; actorId: string; at: string }[];
  batches: BatchState[];
  failures: StepFailure[];
}

export const decideStrategyUpdate = defineUpdate<WeeklyState, [StrategyDecision]>('decideStrategy');
export const weeklyStateQuery = defineQuery<WeeklyState>('state');

const HOUR = 3_600_000;
const MONTHLY_THEMES = 'monthly-themes';
const acts = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '2 minutes', retry: retryReads });
const agents = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '5 minutes', retry: { ...retryReads, maximumAttempts: 3 } });

/**
 * A week's plan: present the strategy on the planning day and wait for approve_all,
 * modify_strategy (regenerate with the instructions) or reject_and_regenerate, with reminders and
 * an expiry after which the default plan is used; then create the batches for days 8-35 on days
 * 3/6/9/12, each post entering the same post workflow.
 */
export async function weeklyPlanWorkflow(input: WeeklyPlanInput): Promise<WeeklyState> {
  const account = { orgId: input.orgId, userId: input.userId };
  const state: WeeklyState = {
    planStart: input.planStart,
    status: 'presenting',
    version: 0,
    decisions: [],
    batches: batchDates(input.planStart).map((b) => ({ ...b, status: 'waiting', created: 0 })),
    failures: [],
  };
  let pending: StrategyDecision | undefined;
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: UserId, value: input.userId },
  ]);

  setHandler(weeklyStateQuery, () => state);
  setHandler(
    decideStrategyUpdate,
    (decision) => {
      pending = decision;
      state.decisions.push({ decision: decision.decision, actorId: decision.actorId, at: new Date().toISOString() });
      return state;
    },
    {
      validator: (decision) => {
        if (state.status !== 'presented') throw new Error(`The strategy is ${state.status}; there is nothing to decide now.`);
        if (!['approve_all', 'modify_strategy', 'reject_and_regenerate'].includes(decision?.decision)) {
          throw new Error('decision must be approve_all, modify_strategy or reject_and_regenerate.');
        }
        if (decision.decision === 'modify_strategy' && !decision.instructions?.trim()) {
          throw new Error('modify_strategy needs instructions: say what to change.');
        }
      },
    },
  );

  const settings = await acts.loadCycleSettings(account);
  const rules = input.decisionHours ?? STRATEGY_RULES;

  // Versioned: plans recorded before the 30-day themes neither read nor planned them.
  const followsMonthlyThemes = patched(MONTHLY_THEMES);

  /** The themes of the month a week starts in; the month's first plan plans them, later weeks and batches only read them. */
  async function monthlyThemesFor(weekStart: string, planIfMissing: boolean): Promise<string | undefined> {
    const month = themeMonthOf(weekStart);
    const stored = await acts.findMonthlyThemes({ ...account, month });
    if (stored || !planIfMissing) return stored;
    setCurrentDetails(`Planning the 30-day themes for ${month}`);
    const planned = await agents.planMonthlyThemes({ ...account, month });
    return acts.recordMonthlyThemes({ ...account, month, planStart: input.planStart, outputId: planned.outputId });
  }

  async function present(instructions?: string) {
    state.status = 'presenting';
    state.version += 1;
    setCurrentDetails(`Writing strategy v${state.version} for the week of ${input.planStart}`);
    const written = await agents.presentWeeklyStrategy({ ...account, weekStart: input.planStart, postsPerDay: settings.postsPerDay, monthlyThemesId: state.monthlyThemesId, instructions });
    const expiresAtMs = followsMonthlyThemes ? Date.now() + rules.expireAfterHours * HOUR : undefined;
    state.strategyId = await acts.recordStrategy({
      ...account,
      planStart: input.planStart,
      weekStart: input.planStart,
      purpose: 'presentation',
      version: state.version,
      outputId: written.outputId,
      instructions,
      monthlyThemesId: state.monthlyThemesId,
      learningOutputId: written.learningOutputId,
      expiresAtMs,
    });
    state.status = 'presented';
    state.expiresAt = new Date(expiresAtMs ?? Date.now() + rules.expireAfterHours * HOUR).toISOString();
    upsertSearchAttributes([{ key: Stage, value: 'strategy_presented' }]);
    await tell('strategy_ready', `Your strategy for the week of ${input.planStart} is ready`, `${written.summary}. Approve it, ask for changes, or reject it before ${state.expiresAt}.`);
  }

  async function tell(kind: string, subject: string, body: string) {
    await acts.notifyOrg({ orgId: input.orgId, audience: 'approvers', kind, subject, body, dedupeKey: `weekly:${input.userId}:${input.planStart}:${kind}:${state.version}`, data: { planStart: input.planStart, version: state.version } });
  }

  // Last week's results first: the learning agent's analysis is what this strategy reads.
  if (patched('learn-before-strategy')) {
    await executeChild(weeklyLearningWorkflow, {
      workflowId: patched(ORG_KEYED_IDS)
        ? workflowIds.learning(input.orgId, input.userId, addLocalDays(input.planStart, -7))
        : legacyWorkflowIds.learning(input.userId, addLocalDays(input.planStart, -7)),
      args: [{ orgId: input.orgId, userId: input.userId, weekStart: addLocalDays(input.planStart, -7) }],
      priority: tenantPriority(input.orgId, 'planning'),
    }).catch((err) => state.failures.push({ step: 'weekly analysis', reason: reasonOf(err) }));
  }

  if (followsMonthlyThemes) state.monthlyThemesId = await monthlyThemesFor(input.planStart, true);
  // Last week's report by e-mail on the planning day (versioned: runs recorded before it replay without it).
  if (patched('weekly-report-mail')) {
    await acts.sendWeeklyReport({ orgId: input.orgId, weekStart: addLocalDays(input.planStart, -7) }).catch((err) => state.failures.push({ step: 'weekly report', reason: reasonOf(err) }));
  }

  await present();
  // The decision wait: reminders, then expiry into the default plan.
  for (;;) {
    const presentedAt = Date.parse(state.expiresAt!) - rules.expireAfterHours * HOUR;
    const wakeups = [...rules.reminderAfterHours.map((h) => presentedAt + h * HOUR), Date.parse(state.expiresAt!)].filter((t) => t > Date.now());
    const decided = await condition(() => pending !== undefined, Math.max(wakeups[0]! - Date.now(), 1));
    if (!decided) {
      if (wakeups.length > 1) {
        await tell(`strategy_reminder_${wakeups.length}`, 'Reminder: your weekly strategy waits for you', `Decide before ${state.expiresAt}, or Herald uses its default plan.`);
        continue;
      }
      await acts.decideStrategy({ strategyId: state.strategyId!, status: 'expired', decidedAtMs: Date.now() });
      state.status = 'expired';
      await tell('strategy_expired', 'No decision on the weekly strategy: using the default plan', `The strategy for the week of ${input.planStart} expired; the daily cycle plans each day by itself this week.`);
      break;
    }
    const decision: StrategyDecision = pending!;
    pending = undefined;
    if (decision.decision === 'approve_all') {
      await acts.decideStrategy({ strategyId: state.strategyId!, status: 'approved', decidedBy: decision.actorId, decidedAtMs: Date.now(), decision: 'approve_all' });
      state.status = 'approved';
      break;
    }
    await acts.decideStrategy({
      strategyId: state.strategyId!,
      status: 'superseded',
      decidedBy: decision.actorId,
      decidedAtMs: Date.now(),
      decision: decision.decision,
      instructions: decision.decision === 'modify_strategy' ? decision.instructions : undefined,
    });
    await present(decision.decision === 'modify_strategy' ? decision.instructions : undefined);
  }

  state.status = 'batches';
  upsertSearchAttributes([{ key: Stage, value: 'strategy_batches' }]);
  for (const batch of state.batches) {
    const at = Date.parse(await acts.localInstant({ timeZone: settings.timeZone, localDate: batch.createOn, time: STRATEGY_RULES.batchTime }));
    setCurrentDetails(`Next batch (${batch.weekStart} to ${batch.weekEnd}) at ${new Date(at).toISOString()}`);
    if (at > Date.now()) await sleep(at - Date.now());
    try {
      const monthlyThemesId = followsMonthlyThemes ? await monthlyThemesFor(batch.weekStart, false) : undefined;
      const strategy = await agents.presentWeeklyStrategy({ ...account, weekStart: batch.weekStart, postsPerDay: settings.postsPerDay, monthlyThemesId });
      await acts.recordStrategy({ ...account, planStart: input.planStart, weekStart: batch.weekStart, purpose: 'batch', version: 1, outputId: strategy.outputId, monthlyThemesId, learningOutputId: strategy.learningOutputId });
      const claimed = await acts.claimSlotsFromStrategy({ ...account, timeZone: settings.timeZone, outputId: strategy.outputId });
      const ready = await writeFreshPosts(claimed.filter((c) => c.created).map((c) => c.postId), state.failures);
      await requestApprovals(account, ready, settings, state.failures);
      Object.assign(batch, { status: 'created', created: ready.length });
    } catch (err) {
      batch.status = 'failed';
      state.failures.push({ step: `batch ${batch.weekStart}`, reason: reasonOf(err) });
    }
  }
  state.status = 'done';
  upsertSearchAttributes([{ key: Stage, value: 'strategy_done' }]);
  setCurrentDetails(`Plan done: ${state.batches.map((b) => `${b.weekStart} ${b.status} (${b.created})`).join(', ')}`);
  return state;
}
