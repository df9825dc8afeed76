import { and, desc, eq } from 'drizzle-orm';
import type { BillingSettings } from '../../core/billing.js';
import { orgBudgetState } from '../../db/ai-budget.js';
import type { Database } from '../../db/client.js';
import { aiOutputs, aiUsage } from '../../db/schema/index.js';
import type { AiLedger, OutputRow, StoredOutput, UsageRow } from './ledger.js';

export function databaseLedger(db: Database, billing: BillingSettings): AiLedger {
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
    budget: (orgId: string, now = new Date()) => orgBudgetState(db, orgId, billing, now),
  };
}
