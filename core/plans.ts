/**
 * Herald's subscription plans and the monthly AI budget each one carries. The budgets follow the
 * product blueprint's cost tiers ($5 base, $15 pro) and leave the free plan enough for a trial week.
 */
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
