import { randomUUID } from 'node:crypto';
import { budgetState } from '../../core/budget.js';
import type { Plan } from '../../core/plans.js';
import type { AiLedger, OutputRow, StoredOutput, UsageRow } from './ledger.js';

/**
 * The ledger without a database, for the cost benchmark and unit tests of the gateway: the same
 * budget rules over rows kept in memory.
 */
export interface MemoryLedger extends AiLedger {
  usage: UsageRow[];
  outputs: StoredOutput[];
}

export function memoryLedger(plan: Plan = 'starter'): MemoryLedger {
  const usage: UsageRow[] = [];
  const outputs: StoredOutput[] = [];
  return {
    usage,
    outputs,
    async recordUsage(row) {
      usage.push(row);
    },
    async saveOutput(row: OutputRow) {
      const stored = { ...row, id: randomUUID(), createdAt: new Date() };
      outputs.push(stored);
      return stored.id;
    },
    async loadOutput(orgId, id) {
      return outputs.find((o) => o.orgId === orgId && o.id === id);
    },
    async latestOutput(orgId, task) {
      return outputs.filter((o) => o.orgId === orgId && o.task === task).at(-1);
    },
    async budget(orgId, now = new Date()) {
      const spentUsd = usage.filter((u) => u.orgId === orgId).reduce((sum, u) => sum + u.costUsd, 0);
      return budgetState({ plan, spentUsd, now });
    },
  };
}
