import type { WorkflowHandle } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchDates } from '../../../core/planning.js';
import { outboxEmails, posts, weeklyStrategies } from '../../../db/schema/index.js';
import { addLocalDays } from '../../../core/local-time.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { decideStrategyUpdate, weeklyStateQuery } from '../../../workflows/weekly.js';
import { createBrandProfile } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';
import { refusalOf } from '../../support/updates.js';
import { zonePastDigestTime } from '../../support/zones.js';

let stack: TestStack;
const handles: WorkflowHandle[] = [];
const planStart = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  for (const h of handles) await h.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

async function startPlan(user: TestUser, decisionHours?: { reminderAfterHours: number[]; expireAfterHours: number }, start = planStart) {
  const handle = await stack.temporal.workflow.start('weeklyPlanWorkflow', {
    workflowId: workflowIds.weekly(user.orgId, user.userId, start),
    taskQueue: stack.queues.main,
    args: [{ orgId: user.orgId, userId: user.userId, planStart: start, decisionHours }],
  });
  handles.push(handle);
  return handle;
}

const presentedVersion = (handle: WorkflowHandle, version: number) =>
  waitFor(async () => {
    const s = await handle.query(weeklyStateQuery);
    return s.status === 'presented' && s.version === version ? s : undefined;
  }, 30_000, `strategy v${version} presented`);

describe('the weekly strategy presentation', () => {
  it('regenerates with the instructions on modify, regenerates on reject, and approves', async () => {
    const user = await createTestUser(stack);
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin'] });
    const handle = await startPlan(user);
    await presentedVersion(handle, 1);
    // Last week's analysis ran first; the strategy reads it.
    const learning = await stack.temporal.workflow.getHandle(workflowIds.learning(user.orgId, user.userId, addLocalDays(planStart, -7))).describe();
    expect(learning.status.name).toBe('COMPLETED');

    expect(await refusalOf(handle.executeUpdate(decideStrategyUpdate, { args: [{ decision: 'modify_strategy', actorId: user.userId, instructions: ' ' }] }))).toContain('needs instructions');
    await handle.executeUpdate(decideStrategyUpdate, { args: [{ decision: 'modify_strategy', actorId: user.userId, instructions: 'More about our new croissants' }] });
    await presentedVersion(handle, 2);
    await handle.executeUpdate(decideStrategyUpdate, { args: [{ decision: 'reject_and_regenerate', actorId: user.userId }] });
    await presentedVersion(handle, 3);
    await handle.executeUpdate(decideStrategyUpdate, { args: [{ decision: 'approve_all', actorId: user.userId }] });
    const state = await waitFor(async () => {
      const s = await handle.query(weeklyStateQuery);
      return s.status === 'batches' ? s : undefined;
    }, 30_000, 'approved, waiting for batches');
    // Batches are planned on days 3/6/9/12 for days 8-14, 15-21, 22-28, 29-35.
    expect(state.batches.map(({ createOn, weekStart, weekEnd }) => ({ createOn, weekStart, weekEnd }))).toEqual(batchDates(planStart));

    const rows = await stack.database.db.select().from(weeklyStrategies).where(eq(weeklyStrategies.userId, user.userId)).orderBy(asc(weeklyStrategies.version));
    expect(rows.map((r) => [r.version, r.status])).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'approved']]);
    expect(rows[1]!.instructions).toBe('More about our new croissants');
    saveHistoryFixture('weekly-modify-reject-approve', handle.workflowId);
  });

  it('reminds, then expires into the default plan and tells the user', async () => {
    const user = await createTestUser(stack);
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin'] });
    const handle = await startPlan(user, { reminderAfterHours: [0.001], expireAfterHours: 0.002 });
    // The state says `expired` a moment before the e-mail telling the user is written; wait for the
    // workflow to move past the decision (to its batches), which happens only after that e-mail.
    await waitFor(async () => (['batches', 'done'].includes((await handle.query(weeklyStateQuery)).status) ? true : undefined), 30_000, 'expiry');
    const [row] = await stack.database.db.select().from(weeklyStrategies).where(eq(weeklyStrategies.userId, user.userId));
    expect(row!.status).toBe('expired');
    const mails = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, user.orgId)));
    const kinds = mails.map((m) => m.kind);
    expect(kinds).toContain('strategy_ready');
    expect(kinds.some((k) => k.startsWith('strategy_reminder'))).toBe(true);
    expect(kinds).toContain('strategy_expired');
  });

  it('on day 3 creates the posts for days 8-14, one per slot, each waiting for approval', async () => {
    const timeZone = zonePastDigestTime();
    const user = await createTestUser(stack, { timeZone });
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin', 'x'], timeZone });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
    const start = addLocalDays(today, -2); // today is day 3 of this plan
    const handle = await startPlan(user, { reminderAfterHours: [], expireAfterHours: 0.0005 }, start);
    const state = await waitFor(async () => {
      const s = await handle.query(weeklyStateQuery);
      return s.batches[0]!.status !== 'waiting' ? s : undefined;
    }, 60_000, 'the first batch');
    expect(state.batches[0]).toMatchObject({ status: 'created', weekStart: addLocalDays(start, 7), weekEnd: addLocalDays(start, 13) });
    const made = await stack.database.db.select().from(posts).where(eq(posts.userId, user.userId));
    expect(made).toHaveLength(state.batches[0]!.created);
    expect(made.length).toBeGreaterThanOrEqual(7);
    const dates = made.map((p) => p.slotKey!.split(':')[1]!.split('@')[0]!).sort();
    expect(dates[0]).toBe(addLocalDays(start, 7));
    expect(dates.at(-1)).toBe(addLocalDays(start, 13));
    expect(new Set(made.map((p) => p.slotKey)).size).toBe(made.length);
    expect(state.batches[1]!.status).toBe('waiting');
    await waitFor(async () => {
      const rows = await stack.database.db.select().from(posts).where(eq(posts.userId, user.userId));
      return rows.every((p) => p.stage === 'awaiting_approval') ? true : undefined;
    }, 30_000, 'every batch post awaiting approval');
  });
});
