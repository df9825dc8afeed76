import { describe, expect, it } from 'vitest';
import { budgetState } from '../../../core/budget.js';
import { MONTHLY_AI_BUDGET_USD, planOrFree } from '../../../core/plans.js';

const now = new Date('2026-11-22T10:00:00Z');
const starterAt = (spentUsd: number) => budgetState({ plan: 'starter', spentUsd, now });

describe('monthly AI budget thresholds', () => {
  it('stay quiet below 80%', () => {
    expect(starterAt(3.99)).toMatchObject({ level: 'normal', reason: null });
  });

  it('warn the owner from 80%', () => {
    const state = starterAt(4);
    expect(state.level).toBe('warned');
    expect(state.reason).toBe("AI spend is at 80% of the Starter plan's $5.00 monthly AI budget ($4.00 used). At 90% Herald switches to a cheaper model with shorter posts.");
  });

  it('switch to economy from 90%, until the month turns', () => {
    const state = starterAt(4.5);
    expect(state.level).toBe('economy');
    expect(state.reason).toContain('cheaper model and shorter outputs until 1 December 2026');
  });

  it('stop generating at 100% and say when it resumes', () => {
    const state = starterAt(5);
    expect(state).toMatchObject({ level: 'exhausted', resetsAt: '2026-12-01T00:00:00.000Z', month: '2026-11' });
    expect(state.reason).toBe(
      "The Starter plan's $5.00 monthly AI budget is used up ($5.00 spent): Herald has stopped generating new content until 1 December 2026 or until the plan is upgraded.",
    );
  });

  it('give an unknown plan the free budget, never an unlimited one', () => {
    expect(planOrFree('enterprise-legacy')).toBe('free');
    expect(budgetState({ plan: planOrFree('x'), spentUsd: MONTHLY_AI_BUDGET_USD.free, now }).level).toBe('exhausted');
  });
});
