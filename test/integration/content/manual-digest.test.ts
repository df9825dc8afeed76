import type { WorkflowHandle } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleRuns, outboxEmails } from '../../../db/schema/index.js';
import { cycleStateQuery, runCycleNowUpdate } from '../../../workflows/cycle.js';
import type { DailyRunSummary } from '../../../workflows/daily-run.js';
import { createBrandProfile, startCycle } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';
import { zoneBeforeDigestTime } from '../../support/zones.js';

let stack: TestStack;
let cycle: WorkflowHandle | undefined;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await cycle?.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

/**
 * The setup wizard's "Run the first cycle now" at 05:00: the user is waiting for their posts. The
 * run used to hold its digest (and itself, and "Run now") until 08:00 local; now a manual run sends
 * it when done. Scheduled runs still wait for each reader's hour (digest-hour.test.ts).
 */
describe('a run the user asked for before their digest hour', () => {
  it('finishes and sends its digest at once, not at 08:00', async () => {
    const timeZone = zoneBeforeDigestTime();
    const user = await createTestUser(stack, { timeZone });
    await createBrandProfile(stack, user, { timeZone, platforms: ['linkedin'], postsPerDay: 1 });
    cycle = await startCycle(stack, user);
    const pressedAt = Date.now();
    await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: user.userId }] });
    const last = await waitFor(async () => (await cycle!.query(cycleStateQuery)).lastRun, 180_000, `the manual run finished (it is before 08:00 in ${timeZone})`);
    const [run] = await stack.database.db.select().from(cycleRuns).where(eq(cycleRuns.workflowId, last.workflowId));
    const summary = run!.summary as unknown as DailyRunSummary;
    expect(summary.kind).toBe('manual');
    expect(Date.parse(summary.digestAt!)).toBeGreaterThanOrEqual(pressedAt - 1000);
    expect(Date.parse(summary.digestAt!)).toBeLessThanOrEqual(Date.now());

    const digests = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, user.orgId), eq(outboxEmails.kind, 'approval_digest')));
    expect(digests.map((d) => ({ to: d.toUserId, sendAfter: d.sendAfter }))).toEqual([{ to: user.userId, sendAfter: null }]);
    saveHistoryFixture('daily-run-manual-digest-at-once', last.workflowId);
  });
});
