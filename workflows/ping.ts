import { proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { PingInput, PingResult } from '../activities/system/ping.js';
import type { Activities } from '../activities/index.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { Stage } from '../temporal-config/search-attributes.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

const { recordPing } = proxyActivities<Pick<Activities, 'recordPing'>>({
  priority: inheritedFairness('interactive'),
  startToCloseTimeout: '30 seconds',
  retry: retryReads,
});

/** Proves the plumbing: API -> Temporal -> worker -> activity -> Postgres -> back. */
export async function pingWorkflow(input: PingInput): Promise<PingResult> {
  setCurrentDetails(`Recording ping ${input.pingId} for ${input.requestedBy}`);
  const result = await recordPing(input);
  upsertSearchAttributes([{ key: Stage, value: 'done' }]);
  setCurrentDetails(`Ping ${input.pingId} recorded as audit row ${result.auditId}`);
  return result;
}
