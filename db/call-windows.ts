import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { rateWindowCalls } from './schema/index.js';

/** One rate limit as a platform reports it (headers) or as Herald counts it (TikTok's inits, run-now). */
export interface RateLimitBudget {
  /** Requests or posts left in the window; 0 means the next one would be refused. */
  remaining: number;
  limit?: number;
  /** When the window frees up; unknown for usage reported only as a percentage. */
  resetAt?: Date;
  /** Which limit, as a plural noun for the waiting post's reason: "video inits per minute". */
  scope: string;
}

/**
 * A sliding-window limit Herald counts itself: one a platform enforces but does not report (TikTok:
 * 6 video inits per minute per user, no headers), or one Herald sets (run-now per brand profile).
 * `key` says whose calls they are: the social account's or the profile's id.
 */
export interface CallWindow {
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Takes a slot for one call now and returns 0, or returns how long until a slot frees (taking
   * none). Two callers can never both take the last slot.
   */
  reserve(key: string, nowMs?: number): Promise<number>;
  /** What is left for the key, and when its oldest call leaves the window. */
  budget(key: string, nowMs?: number): Promise<RateLimitBudget>;
}

/** Makes the window for one limit: `scope` names it (`tiktok:video-init`), `label` is its plural noun for people. */
export type CallWindows = (scope: string, limit: number, windowMs: number, label: string) => CallWindow;

/** The wait before a slot frees given the calls still in the window (oldest first); 0 when one is free. */
function waitForSlot(recent: number[], limit: number, windowMs: number, nowMs: number): number {
  return recent.length >= limit ? recent[recent.length - limit]! + windowMs - nowMs : 0;
}

function budgetOf(recent: number[], limit: number, windowMs: number, label: string, nowMs: number): RateLimitBudget {
  return { remaining: Math.max(0, limit - recent.length), limit, resetAt: new Date((recent[0] ?? nowMs) + windowMs), scope: label };
}

/**
 * Counts in this process only: right for one worker, and for code that has no database (the
 * adapters' own tests). Calls from other processes show up only as the platform's refusal.
 */
export const memoryCallWindows: CallWindows = (_scope, limit, windowMs, label) => {
  const sent = new Map<string, number[]>();
  const recent = (key: string, nowMs: number) => {
    const kept = (sent.get(key) ?? []).filter((at) => at > nowMs - windowMs);
    // Keys with nothing in the window are forgotten.
    if (kept.length > 0) sent.set(key, kept);
    else sent.delete(key);
    return kept;
  };
  return {
    limit,
    windowMs,
    async reserve(key, nowMs = Date.now()) {
      // No await before the update: two calls in this process cannot both take the last slot.
      const calls = recent(key, nowMs);
      const wait = waitForSlot(calls, limit, windowMs, nowMs);
      if (wait === 0) sent.set(key, [...calls, nowMs]);
      return wait;
    },
    async budget(key, nowMs = Date.now()) {
      return budgetOf(recent(key, nowMs), limit, windowMs, label, nowMs);
    },
  };
};

/**
 * Counts in Postgres, shared by every worker process: what the workers run with. A reservation
 * holds a transaction-scoped advisory lock on (scope, key), so concurrent reservations of one
 * account queue up and never overshoot the limit; other accounts are not held up.
 */
export function postgresCallWindows(db: Database): CallWindows {
  return (scope, limit, windowMs, label) => {
    const mine = (key: string) => and(eq(rateWindowCalls.scope, scope), eq(rateWindowCalls.key, key));
    const recent = async (executor: Pick<Database, 'select'>, key: string, nowMs: number) => {
      const rows = await executor
        .select({ at: rateWindowCalls.at })
        .from(rateWindowCalls)
        .where(and(mine(key), gt(rateWindowCalls.at, new Date(nowMs - windowMs))))
        .orderBy(asc(rateWindowCalls.at));
      return rows.map((r) => r.at.getTime());
    };
    return {
      limit,
      windowMs,
      reserve: (key, nowMs = Date.now()) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${scope}:${key}`}, 0))`);
          await tx.delete(rateWindowCalls).where(and(mine(key), lte(rateWindowCalls.at, new Date(nowMs - windowMs))));
          const calls = await recent(tx, key, nowMs);
          const wait = waitForSlot(calls, limit, windowMs, nowMs);
          if (wait === 0) await tx.insert(rateWindowCalls).values({ scope, key, at: new Date(nowMs) });
          return wait;
        }),
      budget: async (key, nowMs = Date.now()) => budgetOf(await recent(db, key, nowMs), limit, windowMs, label, nowMs),
    };
  };
}
