import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRATEGY_RULES } from '../../../core/planning.js';
import { weeklyStrategies } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { weeklyStateQuery } from '../../../workflows/weekly.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';
import { startTimeSkipping, type TimeSkippingWorld } from '../../support/time-skipping.js';

const HOUR_MS = 3_600_000;

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

describe('the weekly strategy left undecided (time-skipping server)', () => {
  it(`expires after its default ${STRATEGY_RULES.expireAfterHours} h, not before`, async () => {
    const user = await createTestUser(stack);
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin'] });
    const planStart = (await world.now()).toISOString().slice(0, 10);
    const handle = await world.env.client.workflow.start('weeklyPlanWorkflow', {
      workflowId: workflowIds.weekly(user.orgId, user.userId, planStart),
      taskQueue: world.taskQueue,
      args: [{ orgId: user.orgId, userId: user.userId, planStart }],
    });
    try {
      // Presenting runs activities: let a minute of skipped time pass until the strategy is presented.
      let state = await handle.query(weeklyStateQuery);
      for (let i = 0; i < 120 && state.status !== 'presented'; i++) {
        await world.sleepUntil(new Date((await world.now()).getTime() + 1_000));
        state = await handle.query(weeklyStateQuery);
      }
      expect(state.status).toBe('presented');
      const expiresAt = Date.parse(state.expiresAt!);
      const presentedAt = expiresAt - STRATEGY_RULES.expireAfterHours * HOUR_MS;
      expect(Math.abs(presentedAt - (await world.now()).getTime())).toBeLessThan(2 * 60_000);

      await world.sleepUntil(new Date(expiresAt - 60_000));
      expect((await handle.query(weeklyStateQuery)).status).toBe('presented');
      const [waiting] = await stack.database.db.select().from(weeklyStrategies).where(eq(weeklyStrategies.userId, user.userId));
      expect(waiting!.status).not.toBe('expired');

      await world.sleepUntil(new Date(expiresAt + 60_000));
      const [row] = await stack.database.db.select().from(weeklyStrategies).where(eq(weeklyStrategies.userId, user.userId));
      expect(row!.status).toBe('expired');
      expect(['expired', 'batches', 'done']).toContain((await handle.query(weeklyStateQuery)).status);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }, 180_000);
});
