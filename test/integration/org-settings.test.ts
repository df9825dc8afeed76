import type { WorkflowHandle } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cycleActivities } from '../../activities/content/cycle.js';
import { auditLog } from '../../db/schema/index.js';
import { cycleStateQuery, runCycleNowUpdate } from '../../workflows/cycle.js';
import { createBrandProfile, startCycle } from '../support/content.js';
import { runCli, waitFor } from '../support/processes.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';
import { zonePastDigestTime } from '../support/zones.js';

let stack: TestStack;
let owner: TestUser;
let colleague: TestUser;
let editor: TestUser;
let stranger: TestUser;
const cycles: WorkflowHandle[] = [];
const timeZone = zonePastDigestTime();
const MINUTE = 60_000;

beforeAll(async () => {
  stack = await startStack();
  stranger = await createTestUser(stack, { name: 'Other Org' });
});
/** Every test gets an org of its own, at the default rules: none depends on what an earlier one changed. */
beforeEach(async () => {
  owner = await createTestUser(stack, { name: 'Ines', timeZone });
  colleague = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', name: 'Colm' });
  editor = await createTestUser(stack, { orgId: owner.orgId, role: 'editor', name: 'Eda' });
});
afterAll(async () => {
  for (const cycle of cycles) await cycle.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

const orgPath = () => `/api/v1/orgs/${owner.orgId}`;
const settingsOf = async (user: TestUser) => (await (await user.request(orgPath())).json()).org;
const patch = (user: TestUser, json: unknown) => user.request(orgPath(), { method: 'PATCH', json });

/** Runs the owner's cycle once now and returns the posts it left awaiting approval, with their workflow state. */
async function postsWrittenNow() {
  await createBrandProfile(stack, owner, { timeZone, platforms: ['linkedin'], postsPerDay: 1 });
  const cycle = await startCycle(stack, owner);
  cycles.push(cycle);
  await cycle.executeUpdate(runCycleNowUpdate, { args: [{ actorId: owner.userId }] });
  await waitFor(async () => (await cycle.query(cycleStateQuery)).lastRun, 90_000, 'manual run finished');
  const { posts } = await (await owner.request(`${orgPath()}/posts?stage=awaiting_approval`)).json();
  expect(posts.length).toBeGreaterThanOrEqual(1);
  return posts as { id: string; scheduledAt: string }[];
}

const workflowOf = async (postId: string) => (await (await owner.request(`${orgPath()}/posts/${postId}`)).json()).workflow;

describe('an org\'s approval rules', () => {
  it('start at 30 minutes lead time, reminders 120 and 30 minutes before the deadline, one approver', async () => {
    expect(await settingsOf(owner)).toMatchObject({ approvalLeadMinutes: 30, approvalReminderMinutes: [120, 30], requireSecondApprover: false });
  });

  it('refuses values out of range, naming each field, and saves nothing', async () => {
    const res = await patch(owner, { approvalLeadMinutes: 2, approvalReminderMinutes: [30, 30, 0], requireSecondApprover: 'maybe' });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.message).toContain('approvalLeadMinutes: must be at least 5');
    expect(error.message).toContain('approvalReminderMinutes.2: must be at least 1');
    expect(error.message).toContain('each reminder time once');
    expect(error.message).toContain('requireSecondApprover');
    expect(await settingsOf(owner)).toMatchObject({ approvalLeadMinutes: 30, approvalReminderMinutes: [120, 30], requireSecondApprover: false });
  });

  it('refuses an unknown field and an empty change', async () => {
    const unknown = await patch(owner, { approvalLeadMinute: 40 });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toContain('approvalLeadMinute');
    const empty = await patch(owner, {});
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.message).toContain('send at least one of');
  });

  it('may be changed only by owners and admins (403), and not at all from another org (404)', async () => {
    const byEditor = await patch(editor, { approvalLeadMinutes: 60 });
    expect(byEditor.status).toBe(403);
    expect((await byEditor.json()).error.message).toContain('you are editor');
    const byStranger = await patch(stranger, { approvalLeadMinutes: 60 });
    expect(byStranger.status).toBe(404);
    expect(await settingsOf(owner)).toMatchObject({ approvalLeadMinutes: 30 });
  });

  it('herald org settings changes them, records who did it, and herald org show reads them back', async () => {
    const env = { HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: owner.token };
    const refused = await runCli(['org', 'settings', '--lead-minutes', 'soon'], env);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('--lead-minutes takes whole minutes');

    const saved = await runCli(['org', 'settings', '--lead-minutes', '45', '--reminders', '20,90', '--second-approver', 'yes'], env);
    expect(saved.code, saved.stdout + saved.stderr).toBe(0);
    expect(saved.stdout).toContain('approval closes: 45 min before publish time');
    expect(saved.stdout).toContain('reminders: 90 min, 20 min before the deadline');

    const shown = await runCli(['org', 'show', '--json'], env);
    expect(JSON.parse(shown.stdout).org).toMatchObject({ approvalLeadMinutes: 45, approvalReminderMinutes: [90, 20], requireSecondApprover: true });
    const audit = await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, owner.orgId), eq(auditLog.action, 'org.approval_settings')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: owner.userId, details: { approvalLeadMinutes: 45, approvalReminderMinutes: [20, 90], requireSecondApprover: true } });
  });

  it('posts the cycle writes afterwards close for approval 45 minutes ahead and need two approvers', async () => {
    expect((await patch(owner, { approvalLeadMinutes: 45, approvalReminderMinutes: [20, 90], requireSecondApprover: true })).status).toBe(200);
    const posts = await postsWrittenNow();
    const postPath = `${orgPath()}/posts/${posts[0]!.id}`;
    const workflow = await workflowOf(posts[0]!.id);
    expect(Date.parse(posts[0]!.scheduledAt) - Date.parse(workflow.deadline)).toBe(45 * MINUTE);
    expect(workflow.approvalsNeeded).toBe(2);
    // The reminders each new post workflow is started with.
    expect((await cycleActivities(stack.database.db).loadCycleSettings({ orgId: owner.orgId, userId: owner.userId })).reminderMinutes).toEqual([90, 20]);

    const first = await owner.request(`${postPath}/approve`, { method: 'POST', json: {} });
    expect((await first.json()).state).toMatchObject({ stage: 'awaiting_approval', approvals: [owner.userId] });
    const second = await colleague.request(`${postPath}/approve`, { method: 'POST', json: {} });
    expect((await second.json()).state).toMatchObject({ stage: 'approved', approvals: [owner.userId, colleague.userId] });
  });

  it('changing them leaves posts already awaiting approval on the rules they were written under', async () => {
    const posts = await postsWrittenNow();
    const before = await Promise.all(posts.map((p) => workflowOf(p.id)));
    expect(before.map((w) => w.approvalsNeeded)).toEqual(posts.map(() => 1));

    expect((await patch(owner, { approvalLeadMinutes: 90, approvalReminderMinutes: [10], requireSecondApprover: true })).status).toBe(200);
    const after = await Promise.all(posts.map((p) => workflowOf(p.id)));
    expect(after.map((w) => [w.deadline, w.approvalsNeeded, w.stage])).toEqual(before.map((w) => [w.deadline, w.approvalsNeeded, w.stage]));
    posts.forEach((post, i) => expect(Date.parse(post.scheduledAt) - Date.parse(after[i].deadline)).toBe(30 * MINUTE));
    // One approval still decides a waiting post, as the rules said when it was written.
    const approved = await owner.request(`${orgPath()}/posts/${posts[0]!.id}/approve`, { method: 'POST', json: {} });
    expect((await approved.json()).state).toMatchObject({ stage: 'approved', approvals: [owner.userId] });
  });
});
