import { MONTHLY_AI_BUDGET_USD, PLAN_LABELS, type Plan } from './plans.js';

/**
 * The monthly AI budget rules, pure: at 80% the owner is warned, at 90% Herald switches to the
 * cheaper model with shorter outputs, at 100% it stops generating until the month turns or the
 * plan is upgraded. Months are UTC calendar months.
 */
export const BUDGET_THRESHOLDS = { warn: 0.8, economy: 0.9, exhausted: 1 } as const;

export type BudgetLevel = 'normal' | 'warned' | 'economy' | 'exhausted';

export interface BudgetState {
  level: BudgetLevel;
  plan: Plan;
  month: string;
  spentUsd: number;
  budgetUsd: number;
  /** Spent / budget, e.g. 0.83. */
  ratio: number;
  /** First instant of the next month (UTC), when the budget resets. */
  resetsAt: string;
  /** A sentence for the owner and the approval queue; null while spending is unremarkable. */
  reason: string | null;
}

export function budgetMonth(now: Date): { month: string; start: Date; next: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { month: start.toISOString().slice(0, 7), start, next };
}

export function budgetLevel(ratio: number): BudgetLevel {
  if (ratio >= BUDGET_THRESHOLDS.exhausted) return 'exhausted';
  if (ratio >= BUDGET_THRESHOLDS.economy) return 'economy';
  if (ratio >= BUDGET_THRESHOLDS.warn) return 'warned';
  return 'normal';
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const pct = (r: number) => `${Math.floor(r * 100)}%`;
const day = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function reasonFor(level: BudgetLevel, plan: Plan, spentUsd: number, budgetUsd: number, ratio: number, next: Date): string | null {
  const planBudget = `the ${PLAN_LABELS[plan]} plan's ${usd(budgetUsd)} monthly AI budget`;
  switch (level) {
    case 'normal':
      return null;
    case 'warned':
      return `AI spend is at ${pct(ratio)} of ${planBudget} (${usd(spentUsd)} used). At 90% Herald switches to a cheaper model with shorter posts.`;
    case 'economy':
      return `AI spend is at ${pct(ratio)} of ${planBudget} (${usd(spentUsd)} used), so Herald is writing with a cheaper model and shorter outputs until ${day(next)}.`;
    case 'exhausted':
      return `${planBudget[0]!.toUpperCase()}${planBudget.slice(1)} is used up (${usd(spentUsd)} spent): Herald has stopped generating new content until ${day(next)} or until the plan is upgraded.`;
  }
}

export function budgetState(input: { plan: Plan; spentUsd: number; now: Date; budgetUsd?: number }): BudgetState {
  const budgetUsd = input.budgetUsd ?? MONTHLY_AI_BUDGET_USD[input.plan];
  const ratio = budgetUsd > 0 ? input.spentUsd / budgetUsd : 1;
  const level = budgetLevel(ratio);
  const { month, next } = budgetMonth(input.now);
  return {
    level,
    plan: input.plan,
    month,
    spentUsd: input.spentUsd,
    budgetUsd,
    ratio,
    resetsAt: next.toISOString(),
    reason: reasonFor(level, input.plan, input.spentUsd, budgetUsd, ratio, next),
  };
}
