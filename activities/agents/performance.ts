import type { PerformanceSample } from '../../core/performance.js';

/** Where the intelligence, optimisation and learning agents read the account's published results. */
export interface PerformanceSource {
  samples(orgId: string, since: Date, until: Date): Promise<PerformanceSample[]>;
}

/**
 * Until post monitoring stores metric snapshots (issue "monitoring"), the agents plan from the
 * profile alone and say so ("no data yet") in their outputs.
 */
export const noSnapshotsYet: PerformanceSource = {
  samples: async () => [],
};
