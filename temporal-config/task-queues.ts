import { PLATFORMS, type Platform } from '../core/platforms.js';

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
    served: () => [`${prefix}-main`, ...PLATFORMS.map((p) => `${prefix}-publish-${p}`)],
  };
}

/** Publishes one worker runs at once per platform: one platform's slowness or limits never starve another. */
export const PUBLISH_CONCURRENCY: Record<Platform, number> = { x: 4, linkedin: 4, facebook: 4, instagram: 2, tiktok: 2, youtube: 2 };

/** The defaults with an operator's overrides, written `linkedin=2,x=8` (PUBLISH_CONCURRENCY, already validated). */
export function publishConcurrency(overrides = ''): Record<Platform, number> {
  const caps = { ...PUBLISH_CONCURRENCY };
  for (const pair of overrides.split(',').filter(Boolean)) {
    const [platform, n] = pair.split('=') as [Platform, string];
    caps[platform] = Number(n);
  }
  return caps;
}
