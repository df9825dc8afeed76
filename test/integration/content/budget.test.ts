import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBillingConfig } from '../../../config/billing.js';
import { aiUsage, outboxEmails } from '../../../db/schema/index.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';
import { zonePastDigestTime } from '../../support/zones.js';

const timeZone = zonePastDigestTime();
const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
let stack: TestStack;
let owner: TestUser;
beforeAll(async () => {
  // Billing off, every org on Free: the budget follows the configured plan.
  stack = await startStack({ billing: loadBillingConfig({ HERALD_DEFAULT_PLAN: 'free' }) });
  owner = await createTestUser(stack, { timeZone });
  await createBrandProfile(stack, owner, { platforms: ['linkedin'], postsPerDay: 1, timeZone });
  // 85 % of the free plan's monthly AI budget already spent.
  await stack.database.db.insert(aiUsage).values({ orgId: owner.orgId, task: 'content.post', kind: 'llm', provider: 'anthropic', model: 'test', costUsd: 0.85, latencyMs: 1 });
});
afterAll(() => stack?.stop());

describe('AI spend in the daily run and the approval queue', () => {
  it('warns the owners once when 80 % of the month\'s budget is used, and the approval queue says so', async () => {
    for (const n of [1, 2]) {
      const handle = await stack.temporal.workflow.start('dailyRunWorkflow', {
        workflowId: `daily-${owner.userId}-budget-${n}`,
        taskQueue: stack.queues.main,
        args: [{ orgId: owner.orgId, userId: owner.userId, localDate: today, kind: 'manual' }],
      });
      await handle.result();
    }
    const warnings = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, owner.orgId), eq(outboxEmails.kind, 'ai_budget')));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.toUserId).toBe(owner.userId);

    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/posts`);
    const { budget } = await res.json();
    expect(budget.level).toBe('warned');
    expect(budget.reason).toMatch(/^AI spend is at 8\d% of the .* monthly AI budget .*At 90% Herald switches to a cheaper model/);
  });
});
