import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { AgentResult } from '../activities/agents/activities.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { OrgId, UserId } from '../temporal-config/search-attributes.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

export interface WeeklyLearningInput {
  orgId: string;
  userId: string;
  /** First local date (YYYY-MM-DD) of the week analysed. */
  weekStart: string;
}

const learning = proxyActivities<Activities>({ priority: inheritedFairness('planning'), startToCloseTimeout: '5 minutes', retry: { ...retryReads, maximumAttempts: 3 } });

/**
 * The weekly analysis of one user's published posts (from monitoring snapshots), stored as the
 * learning agent's output; the next weekly strategy and the optimiser read the latest one.
 */
export async function weeklyLearningWorkflow(input: WeeklyLearningInput): Promise<AgentResult> {
  upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: UserId, value: input.userId },
  ]);
  return learning.analyseWeek(input);
}
