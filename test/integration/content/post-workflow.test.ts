import type { WorkflowHandle } from '@temporalio/client';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outboxEmails, postRevisions, postTargets } from '../../../db/schema/index.js';
import { Stage } from '../../../temporal-config/search-attributes.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { approveUpdate, editUpdate, postStateQuery, rejectUpdate, type PostState } from '../../../workflows/post.js';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { refusalOf } from '../../support/updates.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

let stack: TestStack;
let owner: TestUser;
const started: WorkflowHandle[] = [];
const MIN = 60_000;

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Rosa' });
  await createBrandProfile(stack, owner);
});
afterAll(async () => {
  for (const handle of started) await handle.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

async function newPost(minutesToPublish: number, extra: Record<string, unknown> = {}) {
  const publishAt = new Date(Date.now() + minutesToPublish * MIN);
  const postId = await createWrittenPost(stack, owner, publishAt);
  const handle = await startPostWorkflow(stack, { postId, orgId: owner.orgId, publishAt: publishAt.toISOString(), ...extra });
  started.push(handle);
  await waitFor(async () => ((await handle.query(postStateQuery)).stage === 'awaiting_approval' ? true : undefined), 60_000, 'awaiting approval');
  return { postId, handle };
}

/**
 * A post awaiting approval whose publish time is chosen only once it waits: `secondsToPublish`
 * then counts from now, and however long the setup took on a loaded machine, none of it is eaten.
 */
async function newPostPublishingIn(secondsToPublish: number, extra: Record<string, unknown> = {}) {
  const post = await newPost(120, extra);
  const scheduledAt = new Date(Date.now() + secondsToPublish * 1_000).toISOString();
  await post.handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { scheduledAt } }] });
  return post;
}

const stageOf = async (handle: WorkflowHandle) => (await handle.query(postStateQuery)).stage;
const waitForStage = (handle: WorkflowHandle, stage: string, ms = 30_000) =>
  waitFor(async () => ((await stageOf(handle)) === stage ? true : undefined), ms, `stage ${stage}`);

describe('approving a post', () => {
  it('approves before the deadline, locks the content and hands it to publishing at its time', async () => {
    const { postId, handle } = await newPostPublishingIn(24);
    const state: PostState = await handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId }] });
    expect(state.approvals).toEqual([owner.userId]);
    await waitForStage(handle, 'approved');
    const row = await postRow(stack, postId);
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.approvedBy).toBe(owner.userId);

    await waitForStage(handle, 'publishing', 60_000);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(Stage)).toBe('publishing');
    // Each platform got its own publish workflow (these targets have no account, so they fail fast).
    const targets = await stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
    for (const t of targets) {
      const publish = await stack.temporal.workflow.getHandle(workflowIds.publish(t.id)).describe();
      expect(publish.type).toBe('publishTargetWorkflow');
    }
    saveHistoryFixture('post-approved', handle.workflowId);
  });

  it('refuses to approve twice and after the post is decided', async () => {
    const { handle } = await newPost(60);
    await handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId }] });
    await waitForStage(handle, 'approved');
    const message = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId }] }));
    expect(message).toContain('only a post awaiting approval can be approved');
  });
});

describe('rejecting a post', () => {
  it('writes a replacement from the reason and asks again; the replacement can be approved', async () => {
    const { postId, handle } = await newPost(120);
    await handle.executeUpdate(rejectUpdate, { args: [{ actorId: owner.userId, reason: 'Too salesy, talk about the bakers instead' }] });
    await waitFor(async () => {
      const s = await handle.query(postStateQuery);
      return s.stage === 'awaiting_approval' && s.revision === 2 ? s : undefined;
    }, 30_000, 'replacement awaiting approval');
    const revisions = await stack.database.db.select().from(postRevisions).where(eq(postRevisions.postId, postId)).orderBy(asc(postRevisions.revision));
    expect(revisions.map((r) => r.kind)).toEqual(['generated', 'replacement']);
    expect(revisions[1]!.reason).toBe('Too salesy, talk about the bakers instead');
    // The mail that asks again is a replacement_ready mail: its template says so by kind, not by reading the subject.
    const asked = await waitFor(async () => {
      const rows = await stack.database.db.select({ kind: outboxEmails.kind }).from(outboxEmails).where(sql`${outboxEmails.data}->>'postId' = ${postId} and ${outboxEmails.data}->>'revision' = '2'`);
      return rows.length > 0 ? rows : undefined;
    }, 30_000, 'the mail asking about the replacement');
    expect(asked.map((m) => m.kind)).toEqual(['replacement_ready']);

    await handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId }] });
    await waitForStage(handle, 'approved');
    saveHistoryFixture('post-rejected-replaced-approved', handle.workflowId);
  });

  it('under 15 minutes to publish, writes the simplified emergency replacement', async () => {
    const { postId, handle } = await newPost(10, { leadMinutes: 5 });
    await handle.executeUpdate(rejectUpdate, { args: [{ actorId: owner.userId, reason: 'Wrong day mentioned' }] });
    await waitFor(async () => ((await handle.query(postStateQuery)).revision === 2 ? true : undefined), 30_000, 'emergency replacement');
    const kinds = (await stack.database.db.select().from(postRevisions).where(eq(postRevisions.postId, postId))).map((r) => r.kind);
    expect(kinds).toContain('emergency');
    const state = await handle.query(postStateQuery);
    expect(state.history.map((h) => h.action)).toContain('emergency-replacement');
    // The replacement stays approvable until 5 minutes before publish time.
    expect(Date.parse(state.publishAt) - Date.parse(state.deadline)).toBe(5 * MIN);
  });

  it('under 5 minutes to publish, skips the slot and tells the approvers', async () => {
    const { postId, handle } = await newPost(3);
    await handle.executeUpdate(rejectUpdate, { args: [{ actorId: owner.userId, reason: 'Not today' }] });
    const result = await handle.result();
    expect(result.outcome).toBe('skipped');
    expect((await postRow(stack, postId)).stage).toBe('skipped');
    const mails = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.orgId, owner.orgId));
    expect(mails.some((m) => m.kind === 'skipped' && m.data.postId === postId)).toBe(true);
  });

  it('refuses a rejection without a reason before it enters history', async () => {
    const { handle } = await newPost(60);
    const message = await refusalOf(handle.executeUpdate(rejectUpdate, { args: [{ actorId: owner.userId, reason: '  ' }] }));
    expect(message).toContain('Say why');
    const history = await handle.fetchHistory();
    expect(history.events!.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  });
});

describe('no decision', () => {
  it('expires at the deadline after reminding the approvers, and is not published', async () => {
    // The deadline (lead 0) is 45 s away and the reminder 21 s before it, both counted from when the
    // post already waits: a reminder time already past when the workflow waits is never sent.
    const { postId, handle } = await newPostPublishingIn(45, { reminderMinutes: [0.35] });
    const result = await handle.result();
    expect(result.outcome).toBe('expired');
    expect((await postRow(stack, postId)).stage).toBe('expired');
    const mails = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.orgId, owner.orgId));
    const mine = mails.filter((m) => m.data.postId === postId).map((m) => m.kind);
    expect(mine).toContain('expired');
    expect(mine.some((k) => k.startsWith('reminder-'))).toBe(true);
  });
});

describe('content lock after approval', () => {
  let handle: WorkflowHandle;
  let postId: string;
  let approvedAt: number;
  beforeAll(async () => {
    ({ handle, postId } = await newPost(120));
    approvedAt = Date.parse((await handle.query(postStateQuery)).publishAt);
    await handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId }] });
    await waitForStage(handle, 'approved');
  });

  it('accepts a time change of +30 minutes', async () => {
    const scheduledAt = new Date(approvedAt + 30 * MIN).toISOString();
    const state = await handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { scheduledAt } }] });
    expect(state.publishAt).toBe(scheduledAt);
    expect((await postRow(stack, postId)).scheduledAt.toISOString()).toBe(scheduledAt);
  });

  it('refuses +31 minutes and says how far it may move', async () => {
    const scheduledAt = new Date(approvedAt + 31 * MIN).toISOString();
    const message = await refusalOf(handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { scheduledAt } }] }));
    expect(message).toContain('at most 30 minutes');
  });

  it('accepts new hashtags, recording a revision and a new content hash', async () => {
    const before = (await postRow(stack, postId)).contentHash;
    await handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { hashtags: ['SourdoughSaturday', 'Bakery'] } }] });
    const targets = await stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
    expect(targets.every((t) => t.hashtags.join() === 'SourdoughSaturday,Bakery')).toBe(true);
    expect((await postRow(stack, postId)).contentHash).not.toBe(before);
  });

  it('refuses a text edit and keeps the approved text', async () => {
    const [before] = await stack.database.db.select().from(postTargets).where(and(eq(postTargets.postId, postId), eq(postTargets.platform, 'x')));
    const message = await refusalOf(
      handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { targets: [{ platform: 'x', text: 'Something else' }] } }] }),
    );
    expect(message).toContain('locked');
    const [after] = await stack.database.db.select().from(postTargets).where(and(eq(postTargets.postId, postId), eq(postTargets.platform, 'x')));
    expect(after!.text).toBe(before!.text);
  });

  it('refuses hashtags that break a platform rule, saving nothing', async () => {
    const tooMany = Array.from({ length: 60 }, (_, i) => `tag${i}longenoughtobreakx`);
    const message = await refusalOf(handle.executeUpdate(editUpdate, { args: [{ actorId: owner.userId, changes: { hashtags: tooMany } }] }));
    expect(message).toContain('x:');
  });
});

describe('second approver', () => {
  it('refuses the author, needs two different approvers, then approves', async () => {
    const author = owner;
    const first = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', name: 'Ines' });
    const second = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', name: 'Jon' });
    const { postId, handle } = await newPost(120, { requireSecondApprover: true, authorUserId: author.userId });

    expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ actorId: author.userId }] }))).toContain('cannot approve their own post');
    await handle.executeUpdate(approveUpdate, { args: [{ actorId: first.userId }] });
    expect(await stageOf(handle)).toBe('awaiting_approval');
    expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ actorId: first.userId }] }))).toContain('already approved');
    await handle.executeUpdate(approveUpdate, { args: [{ actorId: second.userId }] });
    await waitForStage(handle, 'approved');

    const decisions = await stack.database.db.select().from(auditLog).where(eq(auditLog.subjectId, postId));
    expect(decisions.map((d) => d.actor).sort()).toEqual([first.userId, second.userId].sort());
  });
});

describe('second approver, one person approving twice at once', () => {
  it('counts concurrent approvals from the same person once and keeps waiting for a second approver', async () => {
    const approver = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', name: 'Kai' });
    const { handle } = await newPost(120, { requireSecondApprover: true, authorUserId: owner.userId });

    const answers = await Promise.allSettled(
      Array.from({ length: 4 }, () => handle.executeUpdate(approveUpdate, { args: [{ actorId: approver.userId }] })),
    );
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status === 'rejected')) {
      expect(String((refused as PromiseRejectedResult).reason?.cause?.message)).toContain('already approved');
    }
    const state = await handle.query(postStateQuery);
    expect(state.approvals).toEqual([approver.userId]);
    expect(state.stage).toBe('awaiting_approval');
  });
});
