import { log, patched, proxyActivities, setCurrentDetails, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { OrgId, UserId } from '../temporal-config/search-attributes.js';
import type { Activities } from '../activities/index.js';
import { addLocalDays } from '../core/local-time.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { dbSteps, reasonOf, requestApprovals, writeFreshPosts, type StepFailure } from './create-posts.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

export interface DailyRunInput {
  orgId: string;
  userId: string;
  localDate: string;
  kind: 'scheduled' | 'manual';
}

export interface DailyRunSummary {
  localDate: string;
  kind: 'scheduled' | 'manual';
  created: string[];
  reoptimised: string[];
  failed: StepFailure[];
  digestAt?: string;
  alreadyRan?: boolean;
  /** Why nothing was made today: an unpaid invoice past its grace period. */
  pausedFor?: string;
}

const acts = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '2 minutes', retry: retryReads });
const agents = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '5 minutes', retry: { ...retryReads, maximumAttempts: 3 } });

/**
 * One day of a user's cycle: research -> plan (today and tomorrow) -> create -> optimise ->
 * validate -> store -> one post workflow per new post -> at 08:00 local (a manual run: when done),
 * one approval digest.
 * A post that cannot be made is listed in the digest; it does not stop the others.
 */
export async function dailyRunWorkflow(input: DailyRunInput): Promise<DailyRunSummary> {
  const { workflowId } = workflowInfo();
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: UserId, value: input.userId },
  ]);
  const summary: DailyRunSummary = { localDate: input.localDate, kind: input.kind, created: [], reoptimised: [], failed: [] };
  const account = { orgId: input.orgId, userId: input.userId };
  // The short database steps run as local activities (versioned: runs recorded before ran each
  // through the task queue; see dbSteps).
  const db = dbSteps();
  const settings = await db.loadCycleSettings(account);
  const claim = await db.startCycleRun({ ...account, localDate: input.localDate, kind: input.kind, timeZone: settings.timeZone, workflowId, startedAtMs: Date.now() });
  if (claim.alreadyRan) return { ...summary, alreadyRan: true };

  // Versioned: runs recorded before billing existed replay without this step.
  if (patched('pause-unpaid-billing')) {
    const pause = await db.billingPause({ orgId: input.orgId });
    if (pause.paused) {
      setCurrentDetails(`Paused: ${pause.reason}`);
      await db.finishCycleRun({ workflowId, status: 'completed', summary: { ...summary, pausedFor: pause.reason }, finishedAtMs: Date.now() });
      return { ...summary, pausedFor: pause.reason };
    }
  }

  // Spend thresholds (80/90/100 %) are announced to the owners once each per month (versioned:
  // runs recorded before this step existed replay without it).
  const budget = patched('announce-ai-budget') ? await acts.checkAiBudget({ orgId: input.orgId }) : undefined;
  if (budget && budget.newlyCrossed.length > 0 && budget.state.reason) {
    await db.notifyOrg({
      orgId: input.orgId,
      audience: 'owners',
      kind: 'ai_budget',
      subject: `Herald has used ${Math.round(budget.state.ratio * 100)} % of this month's AI budget`,
      body: budget.state.reason,
      dedupeKey: `budget:${input.orgId}:${budget.state.month}:${budget.newlyCrossed.join(',')}`,
      data: { level: budget.state.level, ratio: budget.state.ratio },
    });
  }

  // Followers and reach of each connected account, once a day for analytics (versioned: runs
  // recorded before this step existed replay without it).
  if (patched('read-account-metrics')) {
    setCurrentDetails('Reading account followers and reach');
    await acts.readAccountMetrics({ orgId: input.orgId, day: input.localDate }).catch((err) => {
      summary.failed.push({ step: 'read account figures', reason: reasonOf(err) });
    });
  }

  setCurrentDetails(`Researching for ${input.localDate}`);
  const intelligence = await agents.gatherIntelligence({ ...account, date: input.localDate }).catch((err) => {
    summary.failed.push({ step: 'research', reason: reasonOf(err) });
    return undefined;
  });

  const claimed: { postId: string; created: boolean; stage: string }[] = [];
  for (const date of [input.localDate, addLocalDays(input.localDate, 1)]) {
    setCurrentDetails(`Planning ${date}`);
    try {
      const weeklyStrategyId = await db.approvedStrategyFor({ userId: input.userId, localDate: date });
      const plan = await agents.planDay({ ...account, date, postsPerDay: settings.postsPerDay, weeklyStrategyId, intelligenceId: intelligence?.outputId });
      claimed.push(
        ...(await acts.claimSlotsFromPlan({ ...account, timeZone: settings.timeZone, dailyPlanId: plan.outputId, nowMs: Date.now(), leadMinutes: settings.leadMinutes })),
      );
    } catch (err) {
      summary.failed.push({ step: `plan ${date}`, reason: reasonOf(err) });
    }
  }

  setCurrentDetails('Writing posts');
  summary.created = await writeFreshPosts(claimed.filter((c) => c.created).map((c) => c.postId), summary.failed);

  const running = claimed.filter((c) => !c.created && ['awaiting_approval', 'approved'].includes(c.stage)).map((c) => c.postId);
  if (summary.created.length + running.length > 0) {
    setCurrentDetails('Optimising times and hashtags');
    try {
      const advice = await agents.optimiseSchedule({ ...account, postIds: [...summary.created, ...running] });
      const applied = await acts.applyOptimisation({ orgId: input.orgId, outputId: advice.outputId, newPostIds: summary.created, runningPostIds: running });
      summary.reoptimised = running;
      for (const refusal of applied.refused) summary.failed.push({ step: 'optimise', reason: refusal });
    } catch (err) {
      summary.failed.push({ step: 'optimise', reason: reasonOf(err) });
    }
  }

  await requestApprovals(account, summary.created, settings, summary.failed);

  // Each approver chooses their digest hour: wait for the earliest; each row waits for its reader's
  // (versioned: runs recorded before this waited for 08:00 in the owner's zone).
  const digestAt = patched('digest-hour-per-reader')
    ? await db.firstDigestDue({ orgId: input.orgId, localDate: input.localDate, fallbackTimeZone: settings.timeZone })
    : await acts.localInstant({ timeZone: settings.timeZone, localDate: input.localDate, time: '08:00' });
  // A run the user asked for sends its digest when it is done, whatever the hour: they pressed the
  // button and are waiting (versioned: manual runs recorded before waited for the hour too).
  const atOnce = input.kind === 'manual' && patched('manual-digest-at-once');
  summary.digestAt = atOnce ? new Date(Date.now()).toISOString() : digestAt;
  if (!atOnce && Date.parse(digestAt) > Date.now()) {
    setCurrentDetails(`Waiting to send the approval digest at ${digestAt}`);
    await sleep(Date.parse(digestAt) - Date.now());
  }
  const lines = await acts.digestLines({ orgId: input.orgId, postIds: [...summary.created, ...running] });
  await db.notifyOrg({
    orgId: input.orgId,
    audience: 'approvers',
    kind: 'approval_digest',
    subject: `${summary.created.length} new post(s) for ${input.localDate} wait for your approval`,
    body: [...lines, ...summary.failed.map((f) => `Could not ${f.step}${f.postId ? ` (post ${f.postId})` : ''}: ${f.reason}`)].join('\n'),
    dedupeKey: `digest:${workflowId}`,
    atOnce,
    // postIds: the posts this digest asks about, for approving a digest at once (POST /approvals/bulk).
    data: { localDate: input.localDate, timeZone: settings.timeZone, created: summary.created, postIds: [...summary.created, ...running], failed: summary.failed.length },
    // Per post Approve / Reject and one Approve-all, signed for each recipient.
    actions: { postIds: [...summary.created, ...running], approveAll: true },
  });
  await db.finishCycleRun({ workflowId, status: 'completed', summary: { ...summary }, finishedAtMs: Date.now() });
  setCurrentDetails(`Done: ${summary.created.length} created, ${summary.reoptimised.length} re-optimised, ${summary.failed.length} problem(s)`);
  log.info('daily run done', { created: summary.created.length, failed: summary.failed.length });
  return summary;
}
