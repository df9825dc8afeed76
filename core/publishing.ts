import type { PostStage } from './stages.js';

/**
 * A post's own stage from its targets' publish stages: published when every target is, failed
 * when one failed and none is still going, unconfirmed when one awaits reconciling, else publishing.
 */
export function postStageOf(targetStages: string[]): PostStage {
  if (targetStages.length > 0 && targetStages.every((s) => s === 'published')) return 'published';
  const settled = targetStages.every((s) => s === 'published' || s === 'failed' || s === 'unconfirmed');
  if (!settled) return 'publishing';
  return targetStages.includes('failed') ? 'failed' : 'unconfirmed';
}

/** How Temporal reports a publish run (its execution status names); NOT_FOUND when it has no workflow with that id. */
export type PublishRunStatus =
  | 'UNSPECIFIED'
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TERMINATED'
  | 'CONTINUED_AS_NEW'
  | 'TIMED_OUT'
  | 'PAUSED'
  | 'UNKNOWN'
  | 'NOT_FOUND';

/** What support sees for a target left `publishing` by a run that stopped (list status and error kind). */
export const INTERRUPTED = 'interrupted';

/** Closed without completing: nothing recorded the run's outcome (ops terminated, cancelled or timed it out, or it failed). */
const STOPPED: ReadonlySet<PublishRunStatus> = new Set(['TERMINATED', 'CANCELLED', 'TIMED_OUT', 'FAILED']);

/** A replay starts its run seconds after registering it: a registered run Temporal still does not know after this never started. */
const NEVER_STARTED_AFTER_MS = 5 * 60_000;

/**
 * The longest a send may be in flight: the send activity's start-to-close timeout. A stopped
 * run's activity is not stopped with it, so its request may land until then.
 */
export const SEND_IN_FLIGHT_MS = 30 * 60_000;
/** A request whose answer was lost may still be processed this long after: the publish workflow waits this before reconciling. */
export const LATE_ANSWER_GRACE_MS = 10_000;

/** Until when a stopped run's open attempt may still land on the platform: a send in flight, or a lost answer within its grace. */
export function mayLandUntil(attempt: { status: string; startedAt: Date; finishedAt: Date | null }): Date | undefined {
  if (attempt.status === 'sending') return new Date(attempt.startedAt.getTime() + SEND_IN_FLIGHT_MS);
  if (attempt.status === 'unconfirmed') return new Date((attempt.finishedAt ?? attempt.startedAt).getTime() + LATE_ANSWER_GRACE_MS);
  return undefined;
}

export interface PublishRunView {
  workflowId: string;
  status: PublishRunStatus;
  /** When Herald registered the run (publish_runs.started_at). */
  registeredAt: Date;
  closedAt?: Date;
}

/**
 * A target is interrupted when it is `publishing` but its newest run is no longer running and
 * did not complete: nothing will record its outcome, so support may replay it (reconcile first).
 */
export function isInterrupted(stage: string, run: PublishRunView, now: Date): boolean {
  if (stage !== 'publishing') return false;
  if (run.status === 'NOT_FOUND') return now.getTime() - run.registeredAt.getTime() > NEVER_STARTED_AFTER_MS;
  return STOPPED.has(run.status);
}

const HOW: Partial<Record<PublishRunStatus, string>> = { TERMINATED: 'terminated', CANCELLED: 'cancelled', TIMED_OUT: 'timed out', FAILED: 'failed' };

/** Support's words for an interrupted target: which run stopped, how and when. */
export function interruptedMessage(run: PublishRunView): string {
  const stopped =
    run.status === 'NOT_FOUND'
      ? `${run.workflowId} is not in Temporal (it never started, or its history expired)`
      : `${run.workflowId} was ${HOW[run.status] ?? run.status.toLowerCase()} in Temporal${run.closedAt ? ` at ${run.closedAt.toISOString()}` : ''}`;
  return `${stopped} before it recorded an outcome. Replay checks the platform first and posts only if the post is not there.`;
}
