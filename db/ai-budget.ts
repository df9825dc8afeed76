import { and, eq, gte, sql } from 'drizzle-orm';
import { budgetMonth, budgetState, type BudgetState } from '../core/budget.js';
import { effectivePlan, type BillingSettings } from '../core/billing.js';
import type { Database } from './client.js';
import { orgBilling } from './queries/billing.js';
import { aiUsage } from './schema/index.js';

/**
 * The organisation's AI spend this month against its plan's budget, with the sentence to show
 * (approval queue, owner e-mail). Shared by the gateway's ledger and the API.
 */
export async function orgBudgetState(db: Database, orgId: string, settings: BillingSettings, now = new Date()): Promise<BudgetState> {
  const org = await orgBilling(db, orgId);
  if (!org) throw new Error(`Organisation ${orgId} does not exist, so it has no AI budget.`);
  // The plan the org is on now: with billing off every org is on the configured plan, whatever the row says.
  const plan = effectivePlan(org, settings, now);
  const { start } = budgetMonth(now);
  const [spent] = await db
    .select({ total: sql<string>`coalesce(sum(${aiUsage.costUsd}), 0)` })
    .from(aiUsage)
    .where(and(eq(aiUsage.orgId, orgId), gte(aiUsage.at, start)));
  return budgetState({ plan, spentUsd: Number(spent?.total ?? 0), now });
}
