import { getExternalWorkflowHandle, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Platform } from '../core/platforms.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { inheritedFairness } from '../temporal-config/priorities.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { mediaChangedSignal } from './post.js';

/** The LLM gateway answers within its own timeouts and falls back to the offline editor. */
const agents = proxyActivities<Activities>({ priority: inheritedFairness('interactive'), startToCloseTimeout: '3 minutes', retry: { ...retryReads, maximumAttempts: 3 } });
/** Image and video making render (or call image and speech models): room and a heartbeat. */
const media = proxyActivities<Activities>({ priority: inheritedFairness('interactive'), startToCloseTimeout: '5 minutes', heartbeatTimeout: '1 minute', retry: { ...retryReads, maximumAttempts: 3 } });

export interface AdaptPostInput {
  orgId: string;
  userId: string;
  platforms: Platform[];
  /** The person's own copy (at most 5,000 characters: the API bounds it). */
  text: string;
  hashtags: string[];
}

/** "Adapt with AI": one gateway call, through the spend ledger; answers the stored output's id. */
export async function adaptPostWorkflow(input: AdaptPostInput) {
  const { outputId, offlineWritten, provider, model, summary } = await agents.adaptOwnPost(input);
  return { outputId, offlineWritten, provider, model, summary };
}

export interface RegeneratePostMediaInput {
  postId: string;
  kind: 'image' | 'video';
  actorId: string;
}

/**
 * A waiting post's image or video, made again from its brief; one at a time per post (workflow id).
 * The post's workflow is then told, so approvals given to the old media no longer count (versioned:
 * runs recorded before this told nobody).
 */
export async function regeneratePostMediaWorkflow(input: RegeneratePostMediaInput) {
  const made = await media.regeneratePostMedia(input);
  if (patched(MEDIA_CLEARS_APPROVALS)) {
    await getExternalWorkflowHandle(workflowIds.post(input.postId))
      .signal(mediaChangedSignal, { actorId: input.actorId, kind: input.kind })
      // A post whose workflow has ended has no approvals left to clear.
      .catch(() => undefined);
  }
  return made;
}

const MEDIA_CLEARS_APPROVALS = 'media-clears-approvals';
