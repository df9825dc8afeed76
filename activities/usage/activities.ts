import type { BillingSettings } from '../../core/billing.js';
import { budgetLevel, type BudgetLevel, type BudgetState } from '../../core/budget.js';
import type { Database } from '../../db/client.js';
import { aiBudgetAlerts } from '../../db/schema/index.js';
import { orgBudgetState } from '../../db/ai-budget.js';
import type { AiLedger } from './ledger.js';

const ALERT_LEVELS: Exclude<BudgetLevel, 'normal'>[] = ['warned', 'economy', 'exhausted'];
const LEVEL_ORDER: BudgetLevel[] = ['normal', ...ALERT_LEVELS];

export interface BudgetCheck {
  state: BudgetState;
  /** Thresholds crossed since the last check this month: the owner is told about each once. */
  newlyCrossed: Exclude<BudgetLevel, 'normal'>[];
}

export function usageActivities(db: Database, ledger: AiLedger, billing: BillingSettings) {
  return {
    /** The org's budget state and the sentence the approval queue shows ("why is nothing being generated?"). */
    aiBudgetState: (input: { orgId: string }): Promise<BudgetState> => orgBudgetState(db, input.orgId, billing),

    /** Records which thresholds (80/90/100%) this month's spend has crossed, returning the ones not announced before. */
    async checkAiBudget(input: { orgId: string }): Promise<BudgetCheck> {
      const state = await orgBudgetState(db, input.orgId, billing);
      const reached = LEVEL_ORDER.indexOf(budgetLevel(state.ratio));
      const crossed = ALERT_LEVELS.filter((level) => LEVEL_ORDER.indexOf(level) <= reached);
      if (crossed.length === 0) return { state, newlyCrossed: [] };
      const inserted = await db
        .insert(aiBudgetAlerts)
        .values(crossed.map((level) => ({ orgId: input.orgId, month: state.month, level })))
        .onConflictDoNothing()
        .returning({ level: aiBudgetAlerts.level });
      return { state, newlyCrossed: ALERT_LEVELS.filter((level) => inserted.some((row) => row.level === level)) };
    },

    /** Paid platform calls (X bills each write) count against the same AI budget. */
    async recordPlatformSpend(input: { orgId: string; platform: string; operation: string; costUsd: number; latencyMs: number }): Promise<void> {
      await ledger.recordUsage({
        orgId: input.orgId,
        task: `platform.${input.operation}`,
        kind: 'platform',
        provider: input.platform,
        model: input.operation,
        units: 1,
        unitName: 'requests',
        costUsd: input.costUsd,
        latencyMs: input.latencyMs,
        outcome: 'ok',
      });
    },
  };
}
