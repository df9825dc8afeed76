import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyActivities, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { inheritedFairness, tenantPriority } from '../temporal-config/priorities.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { postWorkflow } from './post.js';

const acts = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '2 minutes', retry: retryReads });
/**
 * Short steps that only touch Herald's database and are idempotent (reads, a claim keyed by the
 * workflow id, writes keyed by post and output, outbox rows keyed by a dedupe key): run by the
 * worker that runs the workflow, without a task-queue round trip. A failed attempt retries with
 * the same backoff; a wait longer than a minute becomes a timer in the history.
 */
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: retryReads });

/**
 * The proxy for those short database steps. Versioned: histories recorded before the change
 * scheduled each as an ordinary activity and replay that way.
 */
export const dbSteps = () => (patched('local-db-steps') ? local : acts);
/** Image and video making render (or call image and speech models): give them room and a heartbeat. */
const media = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '5 minutes', heartbeatTimeout: '1 minute', retry: { ...retryReads, maximumAttempts: 3 } });
const agents = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '5 minutes', retry: { ...retryReads, maximumAttempts: 3 } });

export interface Account {
  orgId: string;
  userId: string;
}

export interface StepFailure {
  postId?: string;
  step: string;
  reason: string;
}

export type CycleSettings = Awaited<ReturnType<Activities['loadCycleSettings']>>;

export const reasonOf = (err: unknown) =>
  (err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)).slice(0, 300);

/**
 * Writes and validates the content of freshly claimed slots (shared by the daily run and the
 * weekly batches). A post whose content cannot be made is marked failed and reported; the others
 * go on. Returns the ids of the posts that are ready for approval.
 */
export async function writeFreshPosts(postIds: string[], failures: StepFailure[]): Promise<string[]> {
  const ready: string[] = [];
  for (const postId of postIds) {
    try {
      const written = await agents.writeContentForPost({ postId });
      const stored = await dbSteps().applyGeneratedContent({ postId, outputId: written.outputId, kind: 'generated', actor: 'herald' });
      if (stored.problems > 0) {
        await acts.setPostStage({ postId, stage: 'failed', reason: 'the written copy breaks platform rules', targetsToo: true });
        failures.push({ postId, step: 'validate', reason: `${stored.problems} platform-rule problem(s)` });
        continue;
      }
      // Versioned: runs recorded before images were made replay without this step.
      if (patched('attach-post-images')) {
        await media.attachPostImages({ postId }).catch((err) => failures.push({ postId, step: 'make images', reason: reasonOf(err) }));
      }
      // Versioned: runs recorded before videos were made replay without this step.
      if (patched('attach-post-videos')) {
        await media.attachPostVideos({ postId }).catch((err) => failures.push({ postId, step: 'make video', reason: reasonOf(err) }));
      }
      ready.push(postId);
    } catch (err) {
      await acts.setPostStage({ postId, stage: 'failed', reason: reasonOf(err), targetsToo: true }).catch(() => undefined);
      failures.push({ postId, step: 'create', reason: reasonOf(err) });
    }
  }
  return ready;
}

/** Starts one post workflow per ready post (abandoned by the parent: posts outlive their run). */
export async function requestApprovals(account: Account, postIds: string[], settings: CycleSettings, failures: StepFailure[]): Promise<void> {
  const times = await dbSteps().publishTimes({ postIds });
  for (const postId of postIds) {
    try {
      await startChild(postWorkflow, {
        workflowId: workflowIds.post(postId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        priority: tenantPriority(account.orgId, 'publishing'),
        args: [
          {
            postId,
            orgId: account.orgId,
            publishAt: times[postId]!,
            leadMinutes: settings.leadMinutes,
            requireSecondApprover: settings.requireSecondApprover,
            reminderMinutes: settings.reminderMinutes,
            notifyOnRequest: false,
            userId: account.userId,
          },
        ],
        staticSummary: `Post ${postId} for ${times[postId]}: waits for approval, then publishes`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) failures.push({ postId, step: 'start approval', reason: reasonOf(err) });
    }
  }
}
