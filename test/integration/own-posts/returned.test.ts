import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRow } from '../../../activities/email/activities.js';
import { outboxEmails, postRevisions, postTargets } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { postRow } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { startPublishingStack, type PublishingStack } from '../../support/publishing.js';
import { createTestUser, type TestUser } from '../../support/stack.js';

let s: PublishingStack;
let author: TestUser;
let approver: TestUser;
let second: TestUser;
let orgId: string;

beforeAll(async () => {
  s = await startPublishingStack();
  orgId = s.platforms.orgId;
  author = await createTestUser(s.stack, { orgId, role: 'owner', name: 'Rosa' });
  approver = await createTestUser(s.stack, { orgId, role: 'approver', name: 'Ben' });
  second = await createTestUser(s.stack, { orgId, role: 'editor', name: 'Cleo' });
  await s.platforms.connect('linkedin', 'rosa-bakery');
  expect((await api(author, '', { requireSecondApprover: true }, 'PATCH')).status).toBe(200);
}, 120_000);
afterAll(() => s?.stop());

const api = (user: TestUser, path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') => user.request(`/api/v1/orgs/${orgId}${path}`, { method, ...(json !== undefined && { json }) });
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const TEXT = 'Christmas stollen pre-orders are open. Order by Friday and pick it up warm.';

async function waitingOwnPost(text = TEXT): Promise<string> {
  const res = await api(author, '/posts', { platforms: ['linkedin'], text, scheduledAt: inMinutes(90) });
  expect(res.status).toBe(201);
  const { postId } = await res.json();
  await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 30_000, 'awaiting approval');
  return postId;
}

const mailsOf = (postId: string, kind: string) =>
  s.stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, orgId), eq(outboxEmails.kind, kind))).then((rows) => rows.filter((r) => r.data.postId === postId));

describe('a hand-made post rejected by the second approver', () => {
  it('goes back to its author with the reason, unchanged (no AI replacement); edited and resubmitted, it is approved', async () => {
    const postId = await waitingOwnPost();
    const reason = 'Say the price: people ask what it costs.';
    const rejected = await api(approver, `/posts/${postId}/reject`, { reason });
    expect(rejected.status).toBe(200);
    expect((await rejected.json()).state).toMatchObject({ stage: 'returned', revision: 1 });

    // The author's words stay as written: no replacement, no new revision.
    const detail = await (await api(author, `/posts/${postId}`)).json();
    expect(detail.post).toMatchObject({ stage: 'returned', outcomeReason: reason, revision: 1 });
    expect(detail.targets[0]).toMatchObject({ text: TEXT, stage: 'returned' });
    const revisions = await s.stack.database.db.select().from(postRevisions).where(eq(postRevisions.postId, postId));
    expect(revisions.map((r) => r.kind)).not.toContain('replacement');
    const history = await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).fetchHistory();
    const activities = history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(activities).not.toContain('writeReplacementForPost');

    // The list shows the state and why; only the author is told, by mail.
    const listed = await (await api(author, '/posts?stage=returned')).json();
    expect(listed.posts.find((p: { id: string }) => p.id === postId)).toMatchObject({ stage: 'returned', outcomeReason: reason });
    const told = await waitFor(async () => {
      const rows = await mailsOf(postId, 'post_returned');
      return rows.length > 0 ? rows : undefined;
    }, 30_000, 'the author told');
    expect(told.map((m) => m.toUserId)).toEqual([author.userId]);
    expect(told[0]!.body).toContain(reason);
    const mail = await renderRow({ db: s.stack.database.db }, told[0]!);
    expect(mail.subject).toBe('Your post was returned to you');
    expect(mail.text).toContain(`Your post was rejected: ${reason}`);
    expect(mail.text).toContain(TEXT);

    // Only a returned post is resubmitted; approving it meanwhile is refused.
    expect((await api(approver, `/posts/${postId}/approve`, {})).status).toBe(409);

    const edited = await api(author, `/posts/${postId}`, { targets: [{ platform: 'linkedin', text: `${TEXT} 24 EUR a loaf.` }] }, 'PATCH');
    expect(edited.status).toBe(200);
    const resubmitted = await api(author, `/posts/${postId}/resubmit`, {});
    expect(resubmitted.status).toBe(200);
    expect((await resubmitted.json()).state).toMatchObject({ stage: 'awaiting_approval', approvals: [], revision: 2 });
    expect((await api(author, `/posts/${postId}/resubmit`, {})).status).toBe(409);
    const asked = await waitFor(async () => {
      const rows = (await mailsOf(postId, 'approval_requested')).filter((m) => m.body.includes('changed by its author'));
      return rows.length > 0 ? rows : undefined;
    }, 30_000, 'approvers asked again');
    expect(asked.map((m) => m.toUserId)).toContain(approver.userId);

    // Two people other than the author approve the resubmitted words.
    expect((await (await api(approver, `/posts/${postId}/approve`, {})).json()).state).toMatchObject({ stage: 'awaiting_approval' });
    expect((await (await api(second, `/posts/${postId}/approve`, {})).json()).state).toMatchObject({ stage: 'approved' });
    const [target] = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
    expect(target!.text).toBe(`${TEXT} 24 EUR a loaf.`);
    saveHistoryFixture('own-post-returned-resubmitted', workflowIds.post(postId));
    await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).terminate('test over');
  }, 180_000);

  it('refuses a resubmit of a post that was not returned, and from a member who may not write', async () => {
    const postId = await waitingOwnPost('Gingerbread workshop on Saturday at ten. Bring the kids.');
    const early = await api(author, `/posts/${postId}/resubmit`, {});
    expect(early.status).toBe(409);
    expect((await early.json()).error.message).toMatch(/only a post returned to its author can be resubmitted/);
    expect((await api(approver, `/posts/${postId}/reject`, { reason: 'Name the time zone' })).status).toBe(200);
    expect((await api(approver, `/posts/${postId}/resubmit`, {})).status).toBe(403);
    await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).terminate('test over');
  }, 120_000);
});
