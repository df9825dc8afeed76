import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { budgetMonth, budgetState, type BudgetState } from '../../core/budget.js';
import { planOrFree } from '../../core/plans.js';
import type { Database } from '../../db/client.js';
import { aiOutputs, aiUsage, organizations } from '../../db/schema/index.js';
import type { AiLedger, OutputRow, StoredOutput, UsageRow } from './ledger.js';

export function databaseLedger(db: Database): AiLedger {
  return {
    async recordUsage(row: UsageRow) {
      await db.insert(aiUsage).values(row);
    },
    async saveOutput(row: OutputRow) {
      const [saved] = await db.insert(aiOutputs).values(row).returning({ id: aiOutputs.id });
      return saved!.id;
    },
    async loadOutput(orgId: string, id: string) {
      const [row] = await db.select().from(aiOutputs).where(and(eq(aiOutputs.orgId, orgId), eq(aiOutputs.id, id)));
      return row as StoredOutput | undefined;
    },
    async latestOutput(orgId: string, task: string) {
      const [row] = await db
        .select()
        .from(aiOutputs)
        .where(and(eq(aiOutputs.orgId, orgId), eq(aiOutputs.task, task)))
        .orderBy(desc(aiOutputs.createdAt))
        .limit(1);
      return row as StoredOutput | undefined;
    },
    budget: (orgId: string, now = new Date()) => orgBudgetState(db, orgId, now),
  };
}

/** The organisation's spend this month against its plan's AI budget, with the sentence to show. */
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
