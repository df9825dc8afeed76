import {
  ActivityFailure,
  ParentClosePolicy,
  defineQuery,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PublishingPlatformActivities, ReconcileResult, SendResult } from '../activities/publishing/platform.js';
import type { PublishingRecordActivities, PublishOutcome, PublishRunActivities } from '../activities/publishing/records.js';
import type { Platform as PlatformName } from '../core/platforms.js';
import { LATE_ANSWER_GRACE_MS, SEND_IN_FLIGHT_MS } from '../core/publishing.js';
import { inheritedFairness, tenantPriority } from '../temporal-config/priorities.js';
import { noBlindRetry, retryReads } from '../temporal-config/retry-policies.js';
import { OrgId, Platform, PostId, Stage, TargetId } from '../temporal-config/search-attributes.js';
import { taskQueues } from '../temporal-config/task-queues.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { monitorTargetWorkflow } from './monitor.js';

export interface PublishTargetInput {
  targetId: string;
  postId: string;
  orgId: string;
  /** Run number: 1 for the scheduled publish, n for the support replay publish-<targetId>-<n>. */
  attempt?: number;
  /** The replay request this run answers; its audit row gets the final outcome. */
  replayOf?: string;
}

export interface PublishTargetResult {
  outcome: PublishOutcome;
  platformPostId?: string;
  url?: string;
  message?: string;
}

export interface PublishState {
  stage: 'publishing' | 'waiting' | 'reconciling' | PublishOutcome;
  /** Publish tries in this run (token checks and requests), not counting reconciles. */
  sends: number;
  waitingUntil?: string;
  reason?: string;
}

export const publishStateQuery = defineQuery<PublishState>('publishState');

/** Retries without a delay from the platform (5xx, timeouts before sending) before giving up. */
const MAX_BLIND_RETRIES = 8;
const backoffMs = (n: number) => Math.min(15_000 * 2 ** (n - 1), 15 * 60_000);

const records = proxyActivities<PublishingRecordActivities>({ startToCloseTimeout: '1 minute', retry: retryReads, priority: inheritedFairness('publishing') });
const runs = proxyActivities<PublishRunActivities>({ startToCloseTimeout: '1 minute', retry: retryReads, priority: inheritedFairness('publishing') });

/** The platform's own queue: its worker caps how many publishes run at once. */
function platformActivities(platform: PlatformName, orgId: string) {
  const taskQueue = taskQueues(workflowInfo().taskQueue.replace(/-main$/, '')).platform(platform);
  // The org is the fairness key: a big org's backlog on this capped queue does not hold up the others.
  const priority = tenantPriority(orgId, 'publishing');
  return {
    session: proxyActivities<PublishingPlatformActivities>({ taskQueue, priority, startToCloseTimeout: '2 minutes', retry: retryReads }),
    // A dead worker is noticed by its missing heartbeat; the attempt row says what to reconcile.
    send: proxyActivities<PublishingPlatformActivities>({ taskQueue, priority, startToCloseTimeout: SEND_IN_FLIGHT_MS, heartbeatTimeout: '10 seconds', retry: noBlindRetry }),
    reconcile: proxyActivities<PublishingPlatformActivities>({ taskQueue, priority, startToCloseTimeout: '2 minutes', retry: { ...retryReads, maximumAttempts: 6 } }),
  };
}

/** One post on one platform: fresh token, upload and publish once, reconcile whatever is unknown. */
export async function publishTargetWorkflow(input: PublishTargetInput): Promise<PublishTargetResult> {
  const run = input.attempt ?? 1;
  const { workflowId } = workflowInfo();
  const state: PublishState = { stage: 'publishing', sends: 0 };
  setHandler(publishStateQuery, () => state);

  function show(stage: PublishState['stage'], reason?: string, until?: string) {
    Object.assign(state, { stage, reason, waitingUntil: until });
    upsertSearchAttributes([{ key: Stage, value: stage }]);
    setCurrentDetails(`Target ${input.targetId} (run ${run}): ${stage}${reason ? `: ${reason}` : ''}${until ? ` until ${until}` : ''}`);
  }

  async function finish(outcome: PublishOutcome, detail: { errorKind?: string; message?: string; post?: { platformPostId: string; url: string; publishedAt: string } }) {
    show(outcome, detail.message);
    await records.finishPublish({ targetId: input.targetId, workflowId, outcome, errorKind: detail.errorKind, message: detail.message });
    if (detail.errorKind === 'needs_reconnect') await records.notifyReconnectNeeded({ targetId: input.targetId, message: detail.message ?? '' });
    if (detail.post) await startMonitoring(input, platform, detail.post.publishedAt);
    if (input.replayOf) await records.auditReplayResult({ requestKey: input.replayOf, outcome, url: detail.post?.url, message: detail.message });
    return { outcome, platformPostId: detail.post?.platformPostId, url: detail.post?.url, message: detail.message };
  }
  const published = (post: { platformPostId: string; url: string; publishedAt: string }) => finish('published', { post });

  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: PostId, value: input.postId },
    { key: TargetId, value: input.targetId },
  ]);
  show('publishing');
  const begun = await records.beginPublishRun({ targetId: input.targetId, run, workflowId });
  const platform = begun.platform as PlatformName;
  upsertSearchAttributes([{ key: Platform, value: platform }]);
  if (begun.published) return published(begun.published);

  const acts = platformActivities(platform, input.orgId);
  let blindRetries = 0;
  // A reset or a restarted run may find an earlier attempt still open: the claim says so.
  let reconcileFirst = false;
  for (;;) {
    if (reconcileFirst) {
      show('reconciling', 'checking on the platform whether the last attempt went through');
      const found = await reconcileLastAttempt(acts, input.targetId);
      if (found.outcome === 'published') return published(found);
      if (found.outcome === 'unknown') return finish('unconfirmed', { errorKind: found.kind === 'needs_reconnect' ? found.kind : 'unconfirmed', message: found.message });
      reconcileFirst = false;
    }

    const window = await records.publishWindow({ targetId: input.targetId });
    if (window.notBefore) {
      show('waiting', window.reason, window.notBefore);
      await records.noteTargetWaiting({ targetId: input.targetId, reason: `Waiting until ${window.notBefore}: ${window.reason}` });
      await sleep(Math.max(Date.parse(window.notBefore) - Date.now(), 1));
      continue;
    }

    show('publishing');
    const sent = await freshSessionThenSend(acts, { targetId: input.targetId, run, workflowId });
    if (sent.outcome !== 'reconcile' && sent.outcome !== 'no_session') state.sends++;
    switch (sent.outcome) {
      case 'published':
        return published(sent);
      case 'failed':
        return finish('failed', { errorKind: sent.kind, message: sent.message });
      case 'no_session':
        return finish('failed', { errorKind: sent.kind, message: sent.message });
      case 'reconcile':
      case 'unconfirmed':
        reconcileFirst = true;
        continue;
      case 'retry':
        // A platform-given delay is already stored as the account's window; others back off.
        if (sent.waitMs !== undefined) continue;
        blindRetries++;
        if (blindRetries > MAX_BLIND_RETRIES) return finish('failed', { errorKind: 'retryable', message: `Gave up after ${MAX_BLIND_RETRIES} tries: ${sent.message}` });
        show('waiting', sent.message, new Date(Date.now() + backoffMs(blindRetries)).toISOString());
        await sleep(backoffMs(blindRetries));
    }
  }
}

type PlatformActs = ReturnType<typeof platformActivities>;

/** Token first (refreshed ahead of expiry), then the one publish request; a lost call is unconfirmed. */
async function freshSessionThenSend(acts: PlatformActs, call: { targetId: string; run: number; workflowId: string }): Promise<SendResult | { outcome: 'no_session'; kind: 'permanent' | 'needs_reconnect'; message: string }> {
  let session: Awaited<ReturnType<PlatformActs['session']['prepareSession']>>;
  try {
    session = await acts.session.prepareSession({ targetId: call.targetId });
  } catch (err) {
    return { outcome: 'retry', message: failureMessage(err) };
  }
  if (!session.ok) return { outcome: 'no_session', kind: session.kind, message: session.message };
  try {
    return await acts.send.sendToPlatform(call);
  } catch (err) {
    // The worker died or timed out mid-call: whether it posted is unknown.
    log.warn('publish call lost', { targetId: call.targetId, error: failureMessage(err) });
    return { outcome: 'unconfirmed', message: failureMessage(err) };
  }
}

/** After a grace period (a timed-out request may still land), asks the platform about the open attempt. */
async function reconcileLastAttempt(acts: PlatformActs, targetId: string): Promise<ReconcileResult> {
  await sleep(LATE_ANSWER_GRACE_MS);
  try {
    const found = await acts.reconcile.reconcileTarget({ targetId });
    if (found.outcome !== 'unknown') return found;
    return { ...found, message: `The last attempt may have been posted, and checking failed: ${found.message}` };
  } catch {
    return { outcome: 'unknown', kind: 'permanent', message: 'The last attempt may have been posted and the platform could not be asked; support must reconcile before replaying.' };
  }
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure) return err.cause?.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** The monitoring workflow outlives this one; a second start (replayed history) is harmless. */
async function startMonitoring(input: PublishTargetInput, platform: string, publishedAt: string): Promise<void> {
  try {
    await startChild(monitorTargetWorkflow, {
      workflowId: workflowIds.monitor(input.targetId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      priority: tenantPriority(input.orgId, 'monitoring'),
      args: [{ targetId: input.targetId, postId: input.postId, orgId: input.orgId, platform, publishedAt }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

export interface ReplayPublishInput {
  orgId: string;
  targetId: string;
  actorId: string;
  reason: string;
  /** One per support request: a retried request replays once. */
  requestKey: string;
}

export interface ReplayPublishResult {
  outcome: 'started' | 'already_published' | 'refused';
  message: string;
  url?: string;
  workflowId?: string;
}

/**
 * A support replay, safer than a raw reset: reconcile with the platform first; a post that is
 * already there is recorded and never posted again; otherwise a new run publish-<targetId>-<n>.
 * A target whose run ops stopped mid-way (interrupted) is replayed the same way; one still running is refused.
 */
export async function replayPublishWorkflow(input: ReplayPublishInput): Promise<ReplayPublishResult> {
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: TargetId, value: input.targetId },
  ]);
  async function answer(result: ReplayPublishResult): Promise<ReplayPublishResult> {
    const { outcome, ...details } = result;
    await records.auditReplay({ ...input, outcome, details });
    return result;
  }

  // Versioned: replays started before interrupted runs were recognised go straight to the check.
  if (patched('replay-interrupted-runs')) await runs.syncInterruptedRun({ orgId: input.orgId, targetId: input.targetId });
  const check = await records.checkReplayable({ orgId: input.orgId, targetId: input.targetId });
  if (!check.ok) return answer({ outcome: check.url ? 'already_published' : 'refused', message: check.message, url: check.url });

  const acts = platformActivities(check.platform as PlatformName, input.orgId);
  const found = await acts.reconcile
    .reconcileTarget({ targetId: input.targetId, always: true })
    .catch((err: unknown) => ({ outcome: 'unknown' as const, message: failureMessage(err) }));
  if (found.outcome === 'published') {
    await records.finishPublish({ targetId: input.targetId, workflowId: workflowInfo().workflowId, outcome: 'published' });
    await startMonitoring({ ...input, postId: check.postId }, check.platform, found.publishedAt);
    return answer({ outcome: 'already_published', message: `The post is already on the platform (${found.url || found.platformPostId}); recorded as published and not posted again.`, url: found.url });
  }
  if (found.outcome === 'unknown') return answer({ outcome: 'refused', message: `Could not check the platform, so nothing was posted: ${found.message}` });

  const claim = await records.claimReplayRun({ targetId: input.targetId, requestKey: input.requestKey, actorId: input.actorId, reason: input.reason });
  if (!claim.ok) return answer({ outcome: 'refused', message: claim.message });
  try {
    await startChild(publishTargetWorkflow, {
      workflowId: claim.workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      priority: tenantPriority(input.orgId, 'publishing'),
      args: [{ targetId: input.targetId, postId: check.postId, orgId: input.orgId, attempt: claim.run, replayOf: input.requestKey }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return answer({ outcome: 'started', message: `Not on the platform; publishing again as ${claim.workflowId}.`, workflowId: claim.workflowId });
}
