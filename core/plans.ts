/**
 * Herald's subscription plans and the monthly AI budget each one carries. The budgets follow the
 * product blueprint's cost tiers ($5 base, $15 pro) and leave the free plan enough for a trial week.
 */
import { formatBytes } from './uploads.js';

export const PLANS = ['free', 'starter', 'pro', 'business'] as const;
export type Plan = (typeof PLANS)[number];

export const PLAN_LABELS: Record<Plan, string> = {
  free: 'Free',
  starter: 'Starter',
  pro: 'Pro',
  business: 'Business',
};

/** Dollars of LLM, image, speech and paid platform calls an organisation may spend per calendar month. */
export const MONTHLY_AI_BUDGET_USD: Record<Plan, number> = {
  free: 1,
  starter: 5,
  pro: 15,
  business: 50,
};

export function isPlan(value: string): value is Plan {
  return (PLANS as readonly string[]).includes(value);
}

/** An organisation whose plan text is unknown (legacy row, typo) gets the free plan's budget, never unlimited. */
export function planOrFree(value: string): Plan {
  return isPlan(value) ? value : 'free';
}

/** What each plan allows; `null` is unlimited. Seats count members plus pending invitations. */
export interface PlanLimits {
  postsPerMonth: number | null;
  connectedAccounts: number;
  seats: number;
}

export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
  free: { postsPerMonth: 10, connectedAccounts: 2, seats: 1 },
  starter: { postsPerMonth: 30, connectedAccounts: 3, seats: 1 },
  pro: { postsPerMonth: null, connectedAccounts: 10, seats: 3 },
  business: { postsPerMonth: null, connectedAccounts: 25, seats: 10 },
};

const GB = 1024 ** 3;

/** Bytes of uploaded images and videos an organisation may keep in its media store. */
export const MEDIA_STORAGE_BYTES: Record<Plan, number> = {
  free: 1 * GB,
  starter: 5 * GB,
  pro: 25 * GB,
  business: 100 * GB,
};

/** Whether `adding` more bytes of uploads fit the plan's media storage, with the sentence to act on if not. */
export function checkMediaStorage(plan: Plan, usedBytes: number, addingBytes: number): { allowed: boolean; message: string; upgradeTo?: Plan } {
  const max = MEDIA_STORAGE_BYTES[plan];
  if (usedBytes + addingBytes <= max) return { allowed: true, message: `${formatBytes(usedBytes)} of ${formatBytes(max)} of media storage used on ${PLAN_LABELS[plan]}.` };
  const upgradeTo = PLANS.find((p) => MEDIA_STORAGE_BYTES[p] >= usedBytes + addingBytes);
  return {
    allowed: false,
    ...(upgradeTo && { upgradeTo }),
    message: `The ${PLAN_LABELS[plan]} plan keeps ${formatBytes(max)} of uploaded media; ${formatBytes(usedBytes)} are in use, and this file needs ${formatBytes(addingBytes)} more. ${upgradeTo ? `Upgrade to ${PLAN_LABELS[upgradeTo]} for ${formatBytes(MEDIA_STORAGE_BYTES[upgradeTo])}.` : 'No plan keeps more.'}`,
  };
}

export type BillingInterval = 'month' | 'year';

/** Dollars per month; a year costs ten months (two months free). */
export const PLAN_PRICE_USD: Record<Plan, number> = { free: 0, starter: 29, pro: 79, business: 199 };

export function planPriceUsd(plan: Plan, interval: BillingInterval): number {
  return interval === 'year' ? PLAN_PRICE_USD[plan] * 10 : PLAN_PRICE_USD[plan];
}

/** The plans someone can pay for (Free is where a cancelled subscription lands). */
export const PAID_PLANS = ['starter', 'pro', 'business'] as const satisfies readonly Plan[];
export type PaidPlan = (typeof PAID_PLANS)[number];

export const LIMIT_NAMES = ['posts_per_month', 'connected_accounts', 'seats'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

const LIMIT_FIELD: Record<LimitName, keyof PlanLimits> = {
  posts_per_month: 'postsPerMonth',
  connected_accounts: 'connectedAccounts',
  seats: 'seats',
};

const LIMIT_WORDS: Record<LimitName, string> = {
  posts_per_month: 'posts this month',
  connected_accounts: 'connected accounts',
  seats: 'seats (members and pending invitations)',
};

export const limitOf = (plan: Plan, limit: LimitName): number | null => PLAN_LIMITS[plan][LIMIT_FIELD[limit]];

/** The cheapest plan that allows `needed` of a limit, if any does. */
export function planThatLifts(limit: LimitName, needed: number): Plan | undefined {
  return PLANS.find((plan) => {
    const max = limitOf(plan, limit);
    return max === null || max >= needed;
  });
}

export interface LimitCheck {
  allowed: boolean;
  limit: LimitName;
  plan: Plan;
  used: number;
  max: number | null;
  /** The cheapest plan that would allow this, when the current one does not. */
  upgradeTo?: Plan;
  message: string;
}

/** Whether `adding` more of a limit fits the plan, with the sentence a person can act on if not. */
export function checkLimit(plan: Plan, limit: LimitName, used: number, adding = 1): LimitCheck {
  const max = limitOf(plan, limit);
  const allowed = max === null || used + adding <= max;
  const upgradeTo = allowed ? undefined : planThatLifts(limit, used + adding);
  const words = LIMIT_WORDS[limit];
  const message = allowed
    ? `${used} of ${max ?? 'unlimited'} ${words} used on ${PLAN_LABELS[plan]}.`
    : `The ${PLAN_LABELS[plan]} plan allows ${max} ${words}; ${used} are in use. ${upgradeTo ? `Upgrade to ${PLAN_LABELS[upgradeTo]} for ${limitOf(upgradeTo, limit) ?? 'unlimited'}.` : 'No plan allows more.'}`;
  return { allowed, limit, plan, used, max, ...(upgradeTo && { upgradeTo }), message };
}

/**
 * After a downgrade below current use nothing is deleted; these sentences say which limits are
 * exceeded and what to do (new connections and seats stay refused until use fits).
 */
export function overLimitNotices(plan: Plan, used: Partial<Record<LimitName, number>>): string[] {
  return LIMIT_NAMES.flatMap((limit) => {
    const max = limitOf(plan, limit);
    const current = used[limit];
    if (max === null || current === undefined || current <= max) return [];
    const upgradeTo = planThatLifts(limit, current);
    const way = limit === 'posts_per_month' ? 'no new posts are written this month' : `nothing was deleted; remove ${current - max} to add new ones`;
    return [`${PLAN_LABELS[plan]} allows ${max} ${LIMIT_WORDS[limit]}; ${current} are in use: ${way}${upgradeTo ? `, or upgrade to ${PLAN_LABELS[upgradeTo]}` : ''}.`];
  });
}

/**
 * Which accounts publish while an org has more than its plan allows (after a downgrade nothing is
 * deleted): the ones an owner or admin chose to keep, then the oldest, up to the limit. Within the
 * limit every account is active. Accounts are counted as `connectedAccountCount` counts them.
 */
export function activeAccountIds<A extends { id: string; createdAt: Date; keptAt: Date | null }>(accounts: readonly A[], max: number | null): Set<string> {
  if (max === null || accounts.length <= max) return new Set(accounts.map((a) => a.id));
  const byAge = [...accounts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const ordered = [...byAge.filter((a) => a.keptAt), ...byAge.filter((a) => !a.keptAt)];
  return new Set(ordered.slice(0, max).map((a) => a.id));
}
