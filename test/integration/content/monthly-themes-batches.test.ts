import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocalDays } from '../../../core/local-time.js';
import { weeklyStrategies } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { weeklyStateQuery } from '../../../workflows/weekly.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';
import { startTimeSkipping, type TimeSkippingWorld } from '../../support/time-skipping.js';

let stack: TestStack;
let world: TimeSkippingWorld;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  world = await startTimeSkipping(stack);
});
afterAll(async () => {
  await world?.stop();
  await stack?.stop();
});

interface Strategy {
  id: string;
  weekStart: string;
  purpose: string;
  monthlyThemesId: string | null;
  decision: { state: string };
  monthTheme: { month: string; week: number; title: string } | null;
}

describe('the month\'s themes over the days of a plan (time-skipping server)', () => {
  it('the batch strategy made on day 3 follows the same month\'s themes, for its own week, after the presentation expired', async () => {
    const user = await createTestUser(stack);
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin'], timeZone: 'UTC' });
    // The first day of next month: the month's first planning day, and its days 8-14 in the same month.
    const now = await world.now();
    const planStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    const handle = await world.env.client.workflow.start('weeklyPlanWorkflow', {
      workflowId: workflowIds.weekly(user.orgId, user.userId, planStart),
      taskQueue: world.taskQueue,
      args: [{ orgId: user.orgId, userId: user.userId, planStart }],
    });
    try {
      // Day 3 at 03:00 (UTC) the first batch is made; a few minutes after it, it is there.
      await world.sleepUntil(new Date(`${addLocalDays(planStart, 2)}T03:10:00Z`), 120_000);
      const state = await handle.query(weeklyStateQuery);
      expect(state.batches[0]!.status).not.toBe('waiting');

      const rows = await stack.database.db.select().from(weeklyStrategies).where(and(eq(weeklyStrategies.userId, user.userId)));
      const read = async (purpose: string) => {
        const row = rows.find((r) => r.purpose === purpose)!;
        const res = await user.request(`/api/v1/orgs/${user.orgId}/strategies/${row.id}`);
        return ((await res.json()) as { strategy: Strategy }).strategy;
      };
      const presented = await read('presentation');
      const batch = await read('batch');
      expect(presented.decision.state).toBe('expired');
      expect(presented.monthTheme).toMatchObject({ month: planStart.slice(0, 7), week: 1 });
      expect(batch.weekStart).toBe(addLocalDays(planStart, 7));
      expect(batch.monthlyThemesId).toBe(presented.monthlyThemesId);
      expect(batch.monthTheme).toMatchObject({ month: planStart.slice(0, 7), week: 2 });
      expect(batch.monthTheme!.title).not.toBe(presented.monthTheme!.title);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }, 240_000);
});
