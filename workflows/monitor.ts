import { ActivityFailure, ApplicationFailure, proxyActivities, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { checkpointWindows, type AlertKind, type Checkpoint } from '../core/monitoring.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { OrgId, Platform, PostId, TargetId } from '../temporal-config/search-attributes.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

export interface MonitorTargetInput {
  targetId: string;
  postId: string;
  orgId: string;
  platform: string;
  /** ISO instant the platform published the target. */
  publishedAt: string;
  /** Checkpoint offsets after publishedAt in ms (default 15m, 1h, 4h, 12h, 24h); for tests and ops. */
  offsets?: number[];
}

export interface CheckpointResult {
  checkpoint: Checkpoint;
  status: 'taken' | 'missed' | 'unavailable';
  alerts: AlertKind[];
}

const store = proxyActivities<Activities>({ priority: inheritedFairness('monitoring'), startToCloseTimeout: '1 minute', retry: retryReads });

const MAX_RETRY_INTERVAL_MS = 5 * 60_000;

/**
 * Metrics are read-only: retry generously, with backoff, until the checkpoint's window closes.
 * The interval is capped at a quarter of the window so the attempts spread over all of it.
 */
function readerUntil(closesAtMs: number) {
  const windowMs = Math.max(1, closesAtMs - Date.now());
  return proxyActivities<Activities>({
  priority: inheritedFairness('monitoring'),
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: windowMs,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: Math.max(1_000, Math.min(MAX_RETRY_INTERVAL_MS, windowMs / 4)) },
  });
}

/** The innermost message of a failure chain: what the platform (or the timeout) actually said. */
function reasonOf(err: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (!(e instanceof ActivityFailure)) messages.push(e.message);
  return messages.length > 0 ? messages.reverse().join(' <- ') : String(err);
}

/**
 * monitor-<targetId>: sleeps until each checkpoint after publication, reads the metrics, stores
 * a snapshot and raises alerts; a checkpoint not read within its window is recorded as missed, one
 * whose post the platform gives no figures for (a private TikTok video) as unavailable.
 */
export async function monitorTargetWorkflow(input: MonitorTargetInput): Promise<CheckpointResult[]> {
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: PostId, value: input.postId },
    { key: TargetId, value: input.targetId },
    { key: Platform, value: input.platform },
  ]);
  const publishedAtMs = Date.parse(input.publishedAt);
  if (Number.isNaN(publishedAtMs)) throw ApplicationFailure.nonRetryable(`publishedAt ${input.publishedAt} is not an ISO instant.`, 'BadInput');
  let windows;
  try {
    windows = checkpointWindows(publishedAtMs, input.offsets);
  } catch (err) {
    throw ApplicationFailure.nonRetryable((err as Error).message, 'BadInput');
  }

  const results: CheckpointResult[] = [];
  for (const window of windows) {
    const due = { targetId: input.targetId, checkpoint: window.checkpoint, dueAt: new Date(window.dueAtMs).toISOString() };
    if (window.dueAtMs > Date.now()) await sleep(window.dueAtMs - Date.now());
    if (Date.now() >= window.closesAtMs) {
      await store.recordMissedCheckpoint({ ...due, reason: `Monitoring reached the ${window.checkpoint} checkpoint after its window had closed (workflow ${workflowInfo().workflowId} started late or was held up).` });
      results.push({ checkpoint: window.checkpoint, status: 'missed', alerts: [] });
      continue;
    }
    try {
      const outcome = await readerUntil(window.closesAtMs).takeCheckpoint(due);
      results.push({ checkpoint: window.checkpoint, status: outcome.status ?? 'taken', alerts: outcome.alerts });
    } catch (err) {
      await store.recordMissedCheckpoint({ ...due, reason: `Metrics could not be read before ${new Date(window.closesAtMs).toISOString()}: ${reasonOf(err)}` });
      results.push({ checkpoint: window.checkpoint, status: 'missed', alerts: [] });
    }
  }
  return results;
}
