import { and, asc, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { authAttempts } from '../db/schema/index.js';
import { HttpError } from './errors.js';

/**
 * Rate limits for sign-up, login and password reset, kept in Postgres so every API process
 * counts the same attempts. Per IP they slow down a script; per account they lock out a guesser
 * (keyed by the address typed, registered or not, so the lock reveals nothing).
 */
export const AUTH_LIMITS = {
  signupPerIp: { max: 10, windowSeconds: 3600 },
  loginPerIp: { max: 50, windowSeconds: 900 },
  loginFailuresPerAccount: { max: 5, windowSeconds: 900 },
  resetPerIp: { max: 10, windowSeconds: 3600 },
  resetPerAccount: { max: 3, windowSeconds: 3600 },
} as const;

type Limit = (typeof AUTH_LIMITS)[keyof typeof AUTH_LIMITS];

export const ipKey = (ip: string | undefined) => `ip:${ip ?? 'unknown'}`;
export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

function retryAfter(oldest: Date, limit: Limit): { seconds: number; at: Date } {
  const at = new Date(oldest.getTime() + limit.windowSeconds * 1000);
  return { seconds: Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000)), at };
}

/** When `key` has used up `limit` for `action`: the time its oldest counted attempt leaves the window. */
async function blockedUntil(db: Database, key: string, action: string, limit: Limit): Promise<{ seconds: number; at: Date } | undefined> {
  const since = new Date(Date.now() - limit.windowSeconds * 1000);
  const where = and(eq(authAttempts.key, key), eq(authAttempts.action, action), gt(authAttempts.at, since));
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(authAttempts).where(where);
  if (n < limit.max) return undefined;
  const [oldest] = await db.select({ at: authAttempts.at }).from(authAttempts).where(where).orderBy(asc(authAttempts.at)).offset(n - limit.max).limit(1);
  return retryAfter(oldest?.at ?? new Date(), limit);
}

/** Whether `key` may still try `action`, for limits that must not answer 429 (that would tell). */
export async function withinLimit(db: Database, key: string, action: string, limit: Limit): Promise<boolean> {
  return (await blockedUntil(db, key, action, limit)) === undefined;
}

/** Throws 429 (with Retry-After and the time in words) when `key` used up `limit` for `action`. */
export async function checkLimit(db: Database, key: string, action: string, limit: Limit, who: string): Promise<void> {
  const wait = await blockedUntil(db, key, action, limit);
  if (!wait) return;
  throw new HttpError(429, 'too_many_attempts', `Too many attempts ${who}; try again after ${wait.at.toISOString().slice(11, 16)} UTC (in ${Math.ceil(wait.seconds / 60)} min).`, {
    retryAfterSeconds: wait.seconds,
    retryAt: wait.at.toISOString(),
  });
}

/** Counts one attempt, and drops this key's rows older than a day. */
export async function recordAttempt(db: Database, key: string, action: string): Promise<void> {
  await db.insert(authAttempts).values({ key, action });
  await db.delete(authAttempts).where(and(eq(authAttempts.key, key), lt(authAttempts.at, sql`now() - interval '1 day'`)));
}

/** A successful login clears the account's failures. */
export async function clearAttempts(db: Database, key: string, action: string): Promise<void> {
  await db.delete(authAttempts).where(and(eq(authAttempts.key, key), eq(authAttempts.action, action)));
}
