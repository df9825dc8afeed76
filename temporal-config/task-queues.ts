import type { Platform } from '../core/platforms.js';

/**
 * Task queue names. A prefix (TEMPORAL_TASK_QUEUE_PREFIX) lets several Herald deployments, or
 * parallel test runs, share one Temporal namespace without stealing each other's tasks.
 */
export interface TaskQueues {
  main: string;
  platform(platform: Platform): string;
  /** Queues that the worker process polls and /healthz checks. */
  served(): string[];
}

export function taskQueues(prefix: string): TaskQueues {
  return {
    main: `${prefix}-main`,
    platform: (platform) => `${prefix}-publish-${platform}`,
    served: () => [`${prefix}-main`],
  };
}
