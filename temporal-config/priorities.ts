import type { Priority } from '@temporalio/common';

/**
 * Task-queue priority and fairness (Temporal's new matcher: matching.useNewMatcher and
 * matching.enableFairness). Within one priority, tasks are handed out fairly between fairness
 * keys, so one org's burst of 1,000 posts waits behind itself, not in front of every other org.
 * Lower number = served first.
 */
export const PRIORITY = {
  /** A post that failed close to its time and is being rewritten now. */
  emergency: 1,
  publishing: 2,
  /** What a person waits for: e-mail, billing events, support replays' records. */
  interactive: 3,
  monitoring: 4,
  planning: 5,
} as const;

export type PriorityLevel = keyof typeof PRIORITY;

/** The fairness key of work that belongs to no org (the e-mail dispatcher, Stripe events before they are matched). */
export const SYSTEM_FAIRNESS_KEY = 'herald-system';

/** Priority of an org's work: its fairness key is the org id. */
export function tenantPriority(orgId: string, level: PriorityLevel): Priority {
  return { priorityKey: PRIORITY[level], fairnessKey: orgId };
}

export function systemPriority(level: PriorityLevel): Priority {
  return { priorityKey: PRIORITY[level], fairnessKey: SYSTEM_FAIRNESS_KEY };
}

/**
 * For activities proxied once per workflow module (before the org is known): the server fills
 * every field left empty from the workflow's own priority, so they keep the org's fairness key.
 */
export function inheritedFairness(level: PriorityLevel): Priority {
  return { priorityKey: PRIORITY[level] };
}
