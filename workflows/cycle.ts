import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { localWeekday } from '../core/local-time.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { dailyRunId, legacyWorkflowIds, ORG_KEYED_IDS, workflowIds } from '../temporal-config/workflow-ids.js';
import { dailyRunWorkflow, type DailyRunSummary } from './daily-run.js';
import { weeklyPlanWorkflow } from './weekly.js';
import { inheritedFairness, tenantPriority } from '../temporal-config/priorities.js';

export interface CycleInput {
  orgId: string;
  userId: string;
  /** Carried across continue-as-new: the local date of the last scheduled run. */
  lastRunLocalDate?: string;
  paused?: boolean;
  manualRuns?: number;
  lastRun?: LastRun;
  /** Start the weekly plan on the planning day (default true); a daily-only cycle turns it off. */
  weeklyPlanning?: boolean;
}

export interface LastRun {
  localDate: string;
  kind: 'scheduled' | 'manual';
  workflowId: string;
  finishedAt: string;
  created: number;
  failed: number;
}

export interface CycleState {
  paused: boolean;
  timeZone?: string;
  nextRunAt?: string;
  nextRunLocalDate?: string;
  lastRunLocalDate?: string;
  lastRun?: LastRun;
  running: boolean;
}

export const pauseCycleUpdate = defineUpdate<CycleState, [{ actorId: string }]>('pause');
export const resumeCycleUpdate = defineUpdate<CycleState, [{ actorId: string }]>('resume');
export const runCycleNowUpdate = defineUpdate<{ accepted: true; state: CycleState }, [{ actorId: string }]>('runNow');
/** The profile changed (e.g. its time zone): recompute the next run. */
export const profileChangedSignal = defineSignal('profileChanged');
export const cycleStateQuery = defineQuery<CycleState>('state');

const acts = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '1 minute', retry: retryReads });

/**
 * A user's daily cycle, started at onboarding and running for good: sleep until the next 02:00 in
 * the user's zone (computed in an activity, so daylight-saving rules come from real zone data),
 * run that day as a child workflow, continue as new. Never two scheduled runs on one local date.
 */
export async function cycleWorkflow(input: CycleInput): Promise<void> {
  const state: CycleState = { paused: input.paused ?? false, lastRunLocalDate: input.lastRunLocalDate, lastRun: input.lastRun, running: false };
  let manualRuns = input.manualRuns ?? 0;
  let runNowRequested = false;
  let recompute = false;
  const account = { orgId: input.orgId, userId: input.userId };

  setHandler(cycleStateQuery, () => state);
  setHandler(profileChangedSignal, () => void (recompute = true));
  setHandler(pauseCycleUpdate, () => {
    state.paused = true;
    recompute = true;
    return state;
  });
  setHandler(
    resumeCycleUpdate,
    () => {
      state.paused = false;
      recompute = true;
      return state;
    },
    {
      validator: (_actor) => {
        if (!state.paused) throw new Error('The cycle is not paused.');
      },
    },
  );
  setHandler(
    runCycleNowUpdate,
    () => {
      runNowRequested = true;
      return { accepted: true as const, state };
    },
    {
      validator: (_actor) => {
        if (runNowRequested || state.running) throw new Error('A run is already under way; wait for it to finish.');
      },
    },
  );

  async function runDay(localDate: string, kind: 'scheduled' | 'manual'): Promise<DailyRunSummary> {
    state.running = true;
    const manualRun = kind === 'manual' ? ++manualRuns : undefined;
    // Versioned: runs recorded before ids carried the org started their children under the old ids.
    const workflowId = patched(ORG_KEYED_IDS)
      ? dailyRunId(input.orgId, input.userId, localDate, manualRun)
      : legacyWorkflowIds.dailyRun(input.userId, localDate, manualRun);
    setCurrentDetails(`Running the ${kind} cycle for ${localDate}`);
    try {
      const summary = await executeChild(dailyRunWorkflow, {
        workflowId,
        args: [{ ...account, localDate, kind }],
        priority: tenantPriority(input.orgId, 'planning'),
        staticSummary: `${kind === 'manual' ? 'Manual' : 'Scheduled'} daily run for ${localDate}`,
      });
      state.lastRun = {
        localDate,
        kind,
        workflowId,
        finishedAt: new Date().toISOString(),
        created: summary.created.length,
        failed: summary.failed.length,
      };
      return summary;
    } finally {
      state.running = false;
    }
  }

  for (;;) {
    const next = await acts.planNextRun({ ...account, nowMs: Date.now(), lastRunLocalDate: state.lastRunLocalDate });
    Object.assign(state, { timeZone: next.timeZone, nextRunAt: next.runAt, nextRunLocalDate: next.localDate });
    setCurrentDetails(state.paused ? 'Paused' : `Next run ${next.localDate} at ${next.runAt} (${next.timeZone})`);
    recompute = false;
    const woken = await condition(() => runNowRequested || recompute, Math.max(Date.parse(next.runAt) - Date.now(), 1));
    if (runNowRequested) {
      runNowRequested = false;
      await runDay(next.today, 'manual');
      continue;
    }
    if (woken || state.paused) {
      if (state.paused && !woken) await condition(() => !state.paused || runNowRequested);
      continue;
    }
    if (input.weeklyPlanning !== false) await startWeeklyPlanIfPlanningDay(input, next.localDate);
    await runDay(next.localDate, 'scheduled');
    state.lastRunLocalDate = next.localDate;
    await condition(allHandlersFinished);
    await continueAsNew<typeof cycleWorkflow>({ ...input, lastRunLocalDate: state.lastRunLocalDate, paused: state.paused, manualRuns, lastRun: state.lastRun });
  }
}

/** On the user's planning day the week's plan starts; starting it twice is a no-op. */
async function startWeeklyPlanIfPlanningDay(input: CycleInput, localDate: string): Promise<void> {
  const settings = await acts.loadCycleSettings({ orgId: input.orgId, userId: input.userId });
  if (localWeekday(localDate) !== settings.planningDay) return;
  try {
    await startChild(weeklyPlanWorkflow, {
      workflowId: patched(ORG_KEYED_IDS) ? workflowIds.weekly(input.orgId, input.userId, localDate) : legacyWorkflowIds.weekly(input.userId, localDate),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ orgId: input.orgId, userId: input.userId, planStart: localDate }],
      priority: tenantPriority(input.orgId, 'planning'),
      staticSummary: `Weekly plan starting ${localDate}: strategy presentation, then batches on days 3/6/9/12`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
