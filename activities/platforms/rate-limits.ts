import type { RateLimitBudget } from './types.js';

/**
 * Reading what a platform says is left of its rate limits, on any answer (not only a 429):
 * X-style `x-rate-limit-*` windows with their 24-hour variants, and Meta's usage headers.
 */

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const YEAR_SECONDS = 31_536_000;

/** A reset header as an instant: epoch seconds (X) or, below a year, seconds from now (some APIs). */
export function resetInstant(value: string | undefined, nowMs: number): Date | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return new Date(n > YEAR_SECONDS ? n * 1000 : nowMs + n * 1000);
}

/** Header families that state a window as limit / remaining / reset, and what each one limits. */
const WINDOW_FAMILIES = [
  { prefix: 'x-rate-limit', scope: 'requests in the current rate-limit window' },
  { prefix: 'x-ratelimit', scope: 'requests in the current rate-limit window' },
  { prefix: 'x-user-limit-24hour', scope: 'requests per 24 hours' },
  { prefix: 'x-app-limit-24hour', scope: "Herald's app-wide requests per 24 hours" },
] as const;

function windowBudgets(headers: HeaderSource, nowMs: number): RateLimitBudget[] {
  return WINDOW_FAMILIES.flatMap(({ prefix, scope }) => {
    const remaining = header(headers, `${prefix}-remaining`);
    if (remaining === undefined || !/^\d+$/.test(remaining.trim())) return [];
    const limit = Number(header(headers, `${prefix}-limit`));
    return [{ remaining: Number(remaining), limit: Number.isFinite(limit) && limit > 0 ? limit : undefined, resetAt: resetInstant(header(headers, `${prefix}-reset`), nowMs), scope }];
  });
}

interface MetaUsage {
  call_count?: number;
  total_cputime?: number;
  total_time?: number;
  estimated_time_to_regain_access?: number;
}

function parseJson(raw: string | undefined): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Meta reports usage as percentages of its budget, and (per business object) minutes until access returns. */
function metaBudgets(headers: HeaderSource, nowMs: number): RateLimitBudget[] {
  const business = parseJson(header(headers, 'x-business-use-case-usage')) as Record<string, MetaUsage[]> | undefined;
  const app = parseJson(header(headers, 'x-app-usage')) as MetaUsage | undefined;
  const usages = [...Object.values(business ?? {}).flat(), ...(app && typeof app === 'object' ? [app] : [])];
  return usages.map((u) => {
    const used = Math.max(u.call_count ?? 0, u.total_cputime ?? 0, u.total_time ?? 0);
    const regain = u.estimated_time_to_regain_access ?? 0;
    return { remaining: Math.max(0, 100 - used), limit: 100, resetAt: regain > 0 ? new Date(nowMs + regain * 60_000) : undefined, scope: 'Graph API calls (as a share of Meta\'s budget)' };
  });
}

/** The budget that binds first: a used-up one (the latest to reset), else the one with least left. */
export function tightestBudget(budgets: RateLimitBudget[]): RateLimitBudget | undefined {
  const resetMs = (b: RateLimitBudget) => b.resetAt?.getTime() ?? 0;
  const exhausted = budgets.filter((b) => b.remaining <= 0);
  if (exhausted.length > 0) return exhausted.reduce((a, b) => (resetMs(b) > resetMs(a) ? b : a));
  return budgets.reduce<RateLimitBudget | undefined>((a, b) => (!a || b.remaining < a.remaining || (b.remaining === a.remaining && resetMs(b) > resetMs(a)) ? b : a), undefined);
}

/** What is left of the tightest limit the headers describe, if they describe any. */
export function rateLimitFromHeaders(headers: HeaderSource, nowMs = Date.now()): RateLimitBudget | undefined {
  return tightestBudget([...windowBudgets(headers, nowMs), ...metaBudgets(headers, nowMs)]);
}

/** Milliseconds until a used-up budget frees, or undefined when it is not used up or its reset is unknown. */
export function msUntilFree(budget: RateLimitBudget | undefined, nowMs = Date.now()): number | undefined {
  if (!budget || budget.remaining > 0 || !budget.resetAt) return undefined;
  return Math.max(0, budget.resetAt.getTime() - nowMs);
}
