import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { strategyDecisionState, themeWeekOf } from '../../core/planning.js';
import type { Database } from '../client.js';
import { aiOutputs, monthlyThemes, weeklyStrategies } from '../schema/index.js';

/**
 * The weekly strategies and 30-day themes as a user reads them: the plan in full, the learning
 * analysis it was built from, the month's theme it followed and where its decision stands.
 */

type StrategyRow = typeof weeklyStrategies.$inferSelect;
type OutputRow = typeof aiOutputs.$inferSelect;

export interface StrategyPage {
  strategies: ReturnType<typeof summaryOf>[];
  nextCursor: string | null;
}

export interface StrategyFilter {
  userId?: string;
  purpose?: StrategyRow['purpose'];
  limit: number;
  cursor?: StrategyCursor;
}

/** Position after the last strategy of a page: newest week first, then highest version. */
export interface StrategyCursor {
  weekStart: string;
  version: number;
  id: string;
}

export const encodeCursor = (c: StrategyCursor) => Buffer.from(JSON.stringify([c.weekStart, c.version, c.id])).toString('base64url');

export function decodeCursor(raw: string): StrategyCursor | undefined {
  try {
    const [weekStart, version, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof weekStart !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(weekStart) || !Number.isInteger(version) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return { weekStart, version: version as number, id };
  } catch {
    return undefined;
  }
}

const writtenBy = (o: OutputRow | undefined) =>
  o ? { provider: o.provider, model: o.model, promptVersion: o.promptVersion, offlineWritten: o.offlineWritten, at: o.createdAt.toISOString() } : null;

function summaryOf(row: StrategyRow) {
  return {
    id: row.id,
    userId: row.userId,
    planStart: row.planStart,
    weekStart: row.weekStart,
    purpose: row.purpose,
    version: row.version,
    regeneratedWith: row.instructions,
    decision: strategyDecisionState(row),
    monthlyThemesId: row.monthlyThemesId,
    createdAt: row.createdAt.toISOString(),
  };
}

interface WeekPlan {
  themes: string[];
  days: { date: string; posts: { platform: string; time: string; contentType: string; brief: string; predictedEngagementRate: number; confidence: number }[] }[];
}

interface MonthPlan {
  month: string;
  themes: { week: number; title: string; angle: string; contentTypes: string[] }[];
}

export function strategyQueries(db: Database) {
  async function outputs(orgId: string, ids: (string | null)[]): Promise<Map<string, OutputRow>> {
    const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (wanted.length === 0) return new Map();
    const rows = await db.select().from(aiOutputs).where(and(eq(aiOutputs.orgId, orgId), inArray(aiOutputs.id, wanted)));
    return new Map(rows.map((r) => [r.id, r]));
  }

  async function fullOf(orgId: string, row: StrategyRow) {
    const [themesRow] = row.monthlyThemesId ? await db.select().from(monthlyThemes).where(eq(monthlyThemes.id, row.monthlyThemesId)) : [];
    const found = await outputs(orgId, [row.outputId, row.learningOutputId, themesRow?.outputId ?? null]);
    const plan = row.outputId ? (found.get(row.outputId)?.output as WeekPlan | undefined) : undefined;
    const learning = row.learningOutputId ? found.get(row.learningOutputId) : undefined;
    const month = themesRow ? (found.get(themesRow.outputId)?.output as MonthPlan | undefined) : undefined;
    return {
      ...summaryOf(row),
      themes: plan?.themes ?? [],
      days: plan?.days ?? [],
      monthTheme: month ? { month: month.month, ...month.themes.find((t) => t.week === themeWeekOf(row.weekStart, month.themes.length)) } : null,
      learning: learning ? { outputId: learning.id, analysis: learning.output, writtenBy: writtenBy(learning) } : null,
      writtenBy: writtenBy(row.outputId ? found.get(row.outputId) : undefined),
    };
  }

  return {
    async list(orgId: string, filter: StrategyFilter): Promise<StrategyPage> {
      const c = filter.cursor;
      const after: SQL | undefined = c
        ? or(
            lt(weeklyStrategies.weekStart, c.weekStart),
            and(eq(weeklyStrategies.weekStart, c.weekStart), lt(weeklyStrategies.version, c.version)),
            and(eq(weeklyStrategies.weekStart, c.weekStart), eq(weeklyStrategies.version, c.version), sql`${weeklyStrategies.id} < ${c.id}`),
          )
        : undefined;
      const rows = await db
        .select()
        .from(weeklyStrategies)
        .where(
          and(
            eq(weeklyStrategies.orgId, orgId),
            filter.userId ? eq(weeklyStrategies.userId, filter.userId) : undefined,
            filter.purpose ? eq(weeklyStrategies.purpose, filter.purpose) : undefined,
            after,
          ),
        )
        .orderBy(desc(weeklyStrategies.weekStart), desc(weeklyStrategies.version), desc(weeklyStrategies.id))
        .limit(filter.limit + 1);
      const page = rows.slice(0, filter.limit);
      const last = page.at(-1);
      return { strategies: page.map(summaryOf), nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
    },

    /** The latest presentation of a user's most recent plan, whatever its decision. */
    async current(orgId: string, userId: string) {
      const [row] = await db
        .select()
        .from(weeklyStrategies)
        .where(and(eq(weeklyStrategies.orgId, orgId), eq(weeklyStrategies.userId, userId), eq(weeklyStrategies.purpose, 'presentation')))
        .orderBy(desc(weeklyStrategies.planStart), desc(weeklyStrategies.version))
        .limit(1);
      return row ? fullOf(orgId, row) : undefined;
    },

    async byId(orgId: string, id: string) {
      const [row] = await db.select().from(weeklyStrategies).where(and(eq(weeklyStrategies.orgId, orgId), eq(weeklyStrategies.id, id)));
      return row ? fullOf(orgId, row) : undefined;
    },

    /** A user's 30-day themes for a month (YYYY-MM) and the strategies that followed them. */
    async monthlyThemes(orgId: string, userId: string, month: string) {
      const [row] = await db
        .select()
        .from(monthlyThemes)
        .where(and(eq(monthlyThemes.orgId, orgId), eq(monthlyThemes.userId, userId), eq(monthlyThemes.month, month)));
      if (!row) return undefined;
      const output = (await outputs(orgId, [row.outputId])).get(row.outputId);
      const followers = await db
        .select({ id: weeklyStrategies.id })
        .from(weeklyStrategies)
        .where(and(eq(weeklyStrategies.orgId, orgId), eq(weeklyStrategies.monthlyThemesId, row.id)))
        .orderBy(desc(weeklyStrategies.weekStart), desc(weeklyStrategies.version));
      return {
        id: row.id,
        userId: row.userId,
        month: row.month,
        planStart: row.planStart,
        themes: (output?.output as MonthPlan | undefined)?.themes ?? [],
        writtenBy: writtenBy(output),
        strategyIds: followers.map((f) => f.id),
      };
    },
  };
}
