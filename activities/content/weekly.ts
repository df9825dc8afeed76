import { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { loadBillingConfig } from '../../config/billing.js';
import type { BillingSettings } from '../../core/billing.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { aiOutputs, monthlyThemes, weeklyStrategies } from '../../db/schema/index.js';
import type { WeeklyStrategy } from '../agents/strategy/schemas.js';
import { slotActivities, slotPredictions } from './slots.js';

type StrategyStatus = (typeof weeklyStrategies.$inferSelect)['status'];
type StrategyDecisionKind = NonNullable<(typeof weeklyStrategies.$inferSelect)['decision']>;

/** The weekly plan's bookkeeping: presentations, decisions, and the slots a strategy asks for. */
export function weeklyActivities(db: Database, billing: BillingSettings = loadBillingConfig()) {
  const slots = slotActivities(db, billing);
  async function monthlyThemesId(input: { orgId: string; userId: string; month: string }): Promise<string | undefined> {
    const [row] = await db
      .select({ id: monthlyThemes.id })
      .from(monthlyThemes)
      .where(and(eq(monthlyThemes.orgId, input.orgId), eq(monthlyThemes.userId, input.userId), eq(monthlyThemes.month, input.month)));
    return row?.id;
  }
  return {
    async recordStrategy(input: {
      orgId: string;
      userId: string;
      planStart: string;
      weekStart: string;
      purpose: 'presentation' | 'batch';
      version: number;
      outputId: string;
      instructions?: string;
      monthlyThemesId?: string;
      learningOutputId?: string;
      expiresAtMs?: number;
    }): Promise<string> {
      const { expiresAtMs, ...values } = input;
      const [row] = await db
        .insert(weeklyStrategies)
        .values({ ...values, expiresAt: expiresAtMs === undefined ? null : new Date(expiresAtMs), status: input.purpose === 'batch' ? 'approved' : 'presented' })
        .returning({ id: weeklyStrategies.id });
      return row!.id;
    },

    async decideStrategy(input: { strategyId: string; status: StrategyStatus; decidedBy?: string; decidedAtMs: number; decision?: StrategyDecisionKind; instructions?: string }): Promise<void> {
      await db
        .update(weeklyStrategies)
        .set({ status: input.status, decidedBy: input.decidedBy ?? null, decidedAt: new Date(input.decidedAtMs), decision: input.decision ?? null, decisionInstructions: input.instructions ?? null })
        .where(eq(weeklyStrategies.id, input.strategyId));
    },

    /** The id of the user's themes for a month (YYYY-MM), if they were planned. */
    findMonthlyThemes: monthlyThemesId,

    /** Stores a month's planned themes once; a second plan for the same month keeps the first. */
    async recordMonthlyThemes(input: { orgId: string; userId: string; month: string; planStart: string; outputId: string }): Promise<string> {
      await db.insert(monthlyThemes).values(input).onConflictDoNothing({ target: [monthlyThemes.orgId, monthlyThemes.userId, monthlyThemes.month] });
      return (await monthlyThemesId(input))!;
    },

    /** One post per (date, time) of a weekly strategy, covering every platform planned for it. */
    async claimSlotsFromStrategy(input: { orgId: string; userId: string; timeZone: string; outputId: string }) {
      const [stored] = await db.select().from(aiOutputs).where(and(eq(aiOutputs.id, input.outputId), eq(aiOutputs.orgId, input.orgId)));
      if (!stored) throw ApplicationFailure.nonRetryable(`Weekly strategy output ${input.outputId} not found.`, 'StrategyNotFound');
      const strategy = stored.output as WeeklyStrategy;
      const grouped = new Map<string, { date: string; time: string; platforms: Platform[]; brief: string; contentType: string }>();
      for (const day of strategy.days) {
        for (const p of day.posts) {
          const key = `${day.date}@${p.time}`;
          const slot = grouped.get(key) ?? { date: day.date, time: p.time, platforms: [], brief: p.brief, contentType: p.contentType };
          if (!slot.platforms.includes(p.platform)) slot.platforms.push(p.platform);
          grouped.set(key, slot);
        }
      }
      const claimed = [];
      for (const slot of grouped.values()) {
        const result = await slots.claimSlot({
          orgId: input.orgId,
          userId: input.userId,
          timeZone: input.timeZone,
          localDate: slot.date,
          time: slot.time,
          platforms: slot.platforms,
          brief: { topic: slot.contentType, brief: slot.brief, contentType: slot.contentType },
          predictions: slotPredictions(strategy, slot.date, slot.time),
        });
        // Refused for the monthly quota or an unpaid invoice: no post that could not publish.
        if (!('refused' in result)) claimed.push(result);
      }
      return claimed;
    },
  };
}
