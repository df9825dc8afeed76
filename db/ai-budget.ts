import { and, eq, gte, sql } from 'drizzle-orm';
import { budgetMonth, budgetState, type BudgetState } from '../core/budget.js';
import { planOrFree } from '../core/plans.js';
import type { Database } from './client.js';
import { aiUsage, organizations } from './schema/index.js';

/**
 * The organisation's AI spend this month against its plan's budget, with the sentence to show
 * (approval queue, owner e-mail). Shared by the gateway's ledger and the API.
 */
export async function orgBudgetState(db: Database, orgId: string, now = new Date()): Promise<BudgetState> {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new Error(`Organisation ${orgId} does not exist, so it has no AI budget.`);
  const { start } = budgetMonth(now);
  const [spent] = await db
    .select({ total: sql<string>`coalesce(sum(${aiUsage.costUsd}), 0)` })
    .from(aiUsage)
    .where(and(eq(aiUsage.orgId, orgId), gte(aiUsage.at, start)));
  return budgetState({ plan: planOrFree(org.plan), spentUsd: Number(spent?.total ?? 0), now });
}
