import { describePostProblem } from './action-link-verdicts.js';
import type { PostStage } from './stages.js';

/**
 * Deciding many posts at once (POST /orgs/:orgId/approvals/bulk): each post answers on its own,
 * and these are the reasons one is refused, in words a user can act on.
 */
export const BULK_APPROVAL_LIMITS = {
  /** Posts per request; a larger day or digest is decided in pages of selected posts. */
  maxPosts: 100,
  /** Updates in flight at once: a day's posts finish in seconds without crowding the workers. */
  concurrency: 4,
} as const;

export type BulkRefusalCode = 'not_found' | 'outside_selection' | 'already_decided' | 'deadline_passed' | 'privacy_choice_needed' | 'privacy_level_not_offered' | 'refused' | 'unavailable';

export interface BulkRefusal {
  code: BulkRefusalCode;
  message: string;
}

/** A post that is no longer waiting: expired means its deadline passed; any other stage, it was decided. */
export function refusalOfStage(stage: PostStage): BulkRefusal | undefined {
  if (stage === 'awaiting_approval') return undefined;
  if (stage === 'expired') return { code: 'deadline_passed', message: 'Nothing was done: the approval deadline has passed, so this post expired and will not be published.' };
  return { code: 'already_decided', message: describePostProblem({ kind: 'decided', stage }).message };
}

/**
 * Why the post's workflow refused the Update, from its state read right after: decided or expired
 * meanwhile, or its deadline passed before the timer moved it; otherwise the workflow's own words.
 */
export function refusalOfWorkflow(words: string, state: { stage: PostStage; deadline: string } | undefined, nowMs: number): BulkRefusal {
  const byStage = state && refusalOfStage(state.stage);
  if (byStage) return byStage;
  if (state && nowMs >= Date.parse(state.deadline)) return { code: 'deadline_passed', message: `Nothing was done: the approval deadline (${state.deadline}) has passed.` };
  return { code: 'refused', message: `Nothing was done: ${words}` };
}
