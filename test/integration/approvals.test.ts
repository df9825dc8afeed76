import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyActivities } from '../../activities/content/notify.js';
import { renderRow } from '../../activities/email/activities.js';
import { BULK_APPROVAL_LIMITS } from '../../core/bulk-approvals.js';
import { addLocalDays, instantOfLocal, intlOffsetAt, localDateOf } from '../../core/local-time.js';
import { organizations, outboxEmails, postRevisions, posts, postTargets } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { postStateQuery } from '../../workflows/post.js';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../support/content.js';
import { waitFor } from '../support/processes.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * Approvals for people in a hurry, through the API against real Temporal and Postgres: many posts
 * decided in one request (each answering on its own), and the approval queue by deadline.
 */
let stack: TestStack;
let owner: TestUser;
let approver: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const started: WorkflowHandle[] = [];
const MIN = 60_000;
const timeZone = 'Europe/Berlin';
const offsetAt = intlOffsetAt(timeZone);

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Rosa' });
  await createBrandProfile(stack, owner, { timeZone });
  approver = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', name: 'Ana Approver' });
  viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer', name: 'Vic Viewer' });
  stranger = await createTestUser(stack, { name: 'Other Org' });
  await createBrandProfile(stack, stranger, { timeZone });
});
afterAll(async () => {
  for (const handle of started) await handle.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

/** A written post whose workflow runs; waits until the database shows `stage` (awaiting approval unless told). */
async function waitingPost(user: TestUser, publishAt: Date, options: { leadMinutes?: number; stage?: string } = {}) {
  const postId = await createWrittenPost(stack, user, publishAt);
  started.push(await startPostWorkflow(stack, { postId, orgId: user.orgId, publishAt: publishAt.toISOString(), leadMinutes: options.leadMinutes ?? 0 }));
  await waitFor(async () => ((await postRow(stack, postId)).stage === (options.stage ?? 'awaiting_approval') ? true : undefined), 60_000, `post ${postId} ${options.stage ?? 'awaiting_approval'}`);
  return postId;
}

const bulk = (user: TestUser, json: unknown, orgId = owner.orgId) => user.request(`/api/v1/orgs/${orgId}/approvals/bulk`, { method: 'POST', json });
const stageOf = async (postId: string) => (await postRow(stack, postId)).stage;
const resultOf = (body: { results: { postId: string }[] }, postId: string) => body.results.find((r) => r.postId === postId);

describe('bulk decisions', () => {
  it('approves the selected posts and refuses the rest one by one: decided, deadline passed, another org\'s, unknown', async () => {
    const inTwoHours = new Date(Date.now() + 120 * MIN);
    const first = await waitingPost(owner, inTwoHours);
    const second = await waitingPost(owner, new Date(inTwoHours.getTime() + 10 * MIN));
    const decided = await waitingPost(owner, new Date(inTwoHours.getTime() + 20 * MIN));
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${decided}/approve`, { method: 'POST', json: {} })).status).toBe(200);
    // Publishing in two minutes with a five-minute lead: its deadline has passed, it expires at once.
    const late = await waitingPost(owner, new Date(Date.now() + 2 * MIN), { leadMinutes: 5, stage: 'expired' });
    const theirs = await waitingPost(stranger, inTwoHours);
    const unknown = randomUUID();

    const res = await bulk(approver, { action: 'approve', postIds: [first, decided, theirs, second, late, unknown] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results.map((r: { postId: string }) => r.postId)).toEqual([first, decided, theirs, second, late, unknown]);
    expect(resultOf(body, first)).toMatchObject({ done: true, outcome: 'approved', stage: 'approved' });
    expect(resultOf(body, second)).toMatchObject({ done: true, outcome: 'approved', stage: 'approved' });
    expect(resultOf(body, decided)).toMatchObject({ done: false, code: 'already_decided', message: expect.stringContaining('already approved') });
    expect(resultOf(body, late)).toMatchObject({ done: false, code: 'deadline_passed', message: expect.stringContaining('deadline has passed') });
    // Another org's post is not confirmed to exist, and is left as it was.
    expect(resultOf(body, theirs)).toMatchObject({ done: false, code: 'not_found' });
    expect(resultOf(body, unknown)).toMatchObject({ done: false, code: 'not_found' });
    expect(body.counts).toEqual({ approved: 2, rejected: 0, refused: 4 });
    expect(await stageOf(first)).toBe('approved');
    expect((await postRow(stack, first)).approvedBy).toBe(approver.userId);
    expect(await stageOf(theirs)).toBe('awaiting_approval');
    expect(await stageOf(late)).toBe('expired');
  });

  it('rejects the selected posts with one reason: each gets a replacement written from it', async () => {
    const at = new Date(Date.now() + 180 * MIN);
    const ids = [await waitingPost(owner, at), await waitingPost(owner, new Date(at.getTime() + 5 * MIN))];
    const reason = 'Too salesy; talk about the bakers instead';
    const res = await bulk(owner, { action: 'reject', postIds: ids, reason });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.counts).toEqual({ approved: 0, rejected: 2, refused: 0 });
    for (const postId of ids) {
      expect(resultOf(body, postId)).toMatchObject({ done: true, outcome: 'rejected' });
      const replacement = await waitFor(async () => {
        const revisions = await stack.database.db.select().from(postRevisions).where(eq(postRevisions.postId, postId));
        return revisions.find((r) => r.kind === 'replacement');
      }, 60_000, `replacement of ${postId}`);
      expect(replacement.reason).toBe(reason);
    }
  });

  it('approves every waiting post of a day in the org\'s zone, and only those', async () => {
    const day = addLocalDays(localDateOf(Date.now(), offsetAt), 2);
    const morning = await waitingPost(owner, new Date(instantOfLocal(day, '09:00', offsetAt)));
    const evening = await waitingPost(owner, new Date(instantOfLocal(day, '23:30', offsetAt)));
    const nextDay = await waitingPost(owner, new Date(instantOfLocal(addLocalDays(day, 1), '00:30', offsetAt)));
    const res = await bulk(owner, { action: 'approve', day });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ day, timeZone });
    // 23:30 in Berlin is the next day in UTC, 00:30 the day before: the org's zone decides.
    expect(body.results.map((r: { postId: string }) => r.postId)).toEqual([morning, evening]);
    expect(body.counts.approved).toBe(2);
    expect(await stageOf(nextDay)).toBe('awaiting_approval');
  });

  it('approves a digest\'s posts; a post outside the digest or already decided answers why', async () => {
    const at = new Date(Date.now() + 240 * MIN);
    const inDigest = [await waitingPost(owner, at), await waitingPost(owner, new Date(at.getTime() + 5 * MIN))];
    const outside = await waitingPost(owner, new Date(at.getTime() + 10 * MIN));
    await notifyActivities(stack.database.db).notifyOrg({
      orgId: owner.orgId, audience: 'approvers', kind: 'approval_digest', subject: '2 new posts wait for your approval', body: 'Open Herald.',
      dedupeKey: `test-digest:${randomUUID()}`, data: { created: inDigest, postIds: inDigest },
    });
    // The mail names its digest and links to Herald's page for it; the id in the link is what the API takes.
    const mail = await digestMail(owner.userId, inDigest);
    const rendered = await renderRow({ db: stack.database.db, appUrl: 'https://herald.test' }, mail);
    const link = rendered.text.match(/Digest ([0-9a-f-]{36}): approve all of it in Herald: (\S+)/);
    expect(link).not.toBeNull();
    expect(link![2]).toBe(`https://herald.test/digests/${link![1]}`);
    expect(rendered.html).toContain(`href="https://herald.test/digests/${link![1]}"`);
    const digestId = link![1]!;
    expect(digestId).toBe(mail.id);

    const selected = await (await bulk(owner, { action: 'approve', digestId, postIds: [inDigest[0], outside] })).json();
    expect(resultOf(selected, inDigest[0]!)).toMatchObject({ done: true, outcome: 'approved' });
    expect(resultOf(selected, outside)).toMatchObject({ done: false, code: 'outside_selection' });
    expect(await stageOf(outside)).toBe('awaiting_approval');

    const all = await (await bulk(owner, { action: 'approve', digestId })).json();
    expect(resultOf(all, inDigest[0]!)).toMatchObject({ done: false, code: 'already_decided' });
    expect(resultOf(all, inDigest[1]!)).toMatchObject({ done: true, outcome: 'approved' });

    // Another org's member cannot use this digest in their own org.
    const theirs = await bulk(stranger, { action: 'approve', digestId }, stranger.orgId);
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).error.message).toContain(digestId);
  });

  it('asks for the TikTok privacy choice per post, and takes one choice for all', async () => {
    const at = new Date(Date.now() + 270 * MIN);
    const withTikTok = await createWrittenPost(stack, owner, at);
    await stack.database.db.insert(postTargets).values({ postId: withTikTok, orgId: owner.orgId, platform: 'tiktok', text: 'Sourdough Saturday' });
    started.push(await startPostWorkflow(stack, { postId: withTikTok, orgId: owner.orgId, publishAt: at.toISOString() }));
    await waitFor(async () => ((await stageOf(withTikTok)) === 'awaiting_approval' ? true : undefined), 60_000, 'TikTok post awaiting approval');
    const plain = await waitingPost(owner, new Date(at.getTime() + 5 * MIN));

    const first = await (await bulk(owner, { action: 'approve', postIds: [withTikTok, plain] })).json();
    expect(resultOf(first, withTikTok)).toMatchObject({ done: false, code: 'privacy_choice_needed', message: expect.stringContaining('privacy.tiktok') });
    expect(resultOf(first, plain)).toMatchObject({ done: true, outcome: 'approved' });
    const second = await (await bulk(owner, { action: 'approve', postIds: [withTikTok], privacy: { tiktok: 'SELF_ONLY' } })).json();
    expect(resultOf(second, withTikTok)).toMatchObject({ done: true, outcome: 'approved', stage: 'approved' });
  });

  it('is for approvers: a viewer gets 403 and nothing is decided; another org\'s id answers 404', async () => {
    const postId = await waitingPost(owner, new Date(Date.now() + 300 * MIN));
    const refused = await bulk(viewer, { action: 'approve', postIds: [postId] });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain('you are viewer');
    expect((await bulk(stranger, { action: 'approve', postIds: [postId] })).status).toBe(404);
    expect(await stageOf(postId)).toBe('awaiting_approval');
  });

  it('names what to fix (422): no selection, a reject without reason or selection, too many posts', async () => {
    const none = await bulk(owner, { action: 'approve' });
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toContain('day (YYYY-MM-DD), a digestId, or postIds');
    const reject = await (await bulk(owner, { action: 'reject', day: '2027-01-10' })).json();
    expect(reject.error.message).toContain('reason: say why');
    expect(reject.error.message).toContain('postIds: select the posts to reject');
    const max = BULK_APPROVAL_LIMITS.maxPosts;
    const tooMany = await bulk(owner, { action: 'approve', postIds: Array.from({ length: max + 1 }, () => randomUUID()) });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error.message).toContain(`at most ${max} posts per request`);
  });

  it('refuses a day with more waiting posts than one request takes, saying how to page', async () => {
    const day = '2027-02-10';
    const max = BULK_APPROVAL_LIMITS.maxPosts;
    const at = instantOfLocal(day, '10:00', offsetAt);
    await stack.database.db.insert(posts).values(
      Array.from({ length: max + 1 }, (_, i) => ({ orgId: owner.orgId, userId: owner.userId, stage: 'awaiting_approval', scheduledAt: new Date(at + i * MIN), slotKey: `bulk-cap:${randomUUID()}` })),
    );
    const res = await bulk(owner, { action: 'approve', day });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('too_many_posts');
    expect(error.message).toContain(`${max + 1} posts awaiting approval; at most ${max}`);
  });
});

/** The id of the digest mail sent to `userId` listing `postIds`. */
async function digestMail(userId: string, postIds: string[]) {
  const rows = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.toUserId, userId));
  return rows.find((r) => r.kind === 'approval_digest' && JSON.stringify((r.data as { postIds?: string[] }).postIds) === JSON.stringify(postIds))!;
}

describe('the approval queue', () => {
  it('lists waiting posts by deadline with the seconds left and the emergency and skip windows', async () => {
    const member = await createTestUser(stack, { name: 'Queue Owner' });
    await stack.database.db.update(organizations).set({ approvalLeadMinutes: 30 }).where(eq(organizations.id, member.orgId));
    const now = Date.now();
    const waiting = (minutes: number, stage = 'awaiting_approval') =>
      stack.database.db
        .insert(posts)
        .values({ orgId: member.orgId, userId: member.userId, stage, scheduledAt: new Date(now + minutes * MIN), slotKey: `queue:${randomUUID()}` })
        .returning()
        .then(([row]) => row!.id);
    // Past their normal deadline, 20 and 10 minutes out are replacements: they close 5 minutes before publishing.
    const inTwenty = await waiting(20);
    const inForty = await waiting(40);
    const inTen = await waiting(10);
    const inThree = await waiting(3);
    const inThreeHours = await waiting(180);
    await waiting(60, 'approved');

    const res = await member.request(`/api/v1/orgs/${member.orgId}/posts?stage=awaiting_approval`);
    expect(res.status).toBe(200);
    const { posts: queue } = await res.json();
    // By deadline: 40 minutes out closes in 10 (lead 30), before 20 minutes out, which closes in 15.
    expect(queue.map((p: { id: string }) => p.id)).toEqual([inThree, inTen, inForty, inTwenty, inThreeHours]);
    // A page is the first posts by deadline, not the first by time.
    const page = await (await member.request(`/api/v1/orgs/${member.orgId}/posts?stage=awaiting_approval&limit=3`)).json();
    expect(page.posts.map((p: { id: string }) => p.id)).toEqual([inThree, inTen, inForty]);
    const entry = (id: string) => queue.find((p: { id: string }) => p.id === id).approval;
    expect(entry(inThree)).toMatchObject({ secondsLeft: 0, onReject: 'skip', skipWindow: true, emergencyWindow: false });
    expect(entry(inTen)).toMatchObject({ onReject: 'emergency', emergencyWindow: true, skipWindow: false });
    expect(entry(inTwenty)).toMatchObject({ onReject: 'normal', emergencyWindow: false, skipWindow: false });
    expect(entry(inForty).deadline).toBe(new Date(now + 10 * MIN).toISOString());
    expect(entry(inForty).secondsLeft).toBeGreaterThan(0);
    expect(entry(inForty).secondsLeft).toBeLessThanOrEqual(600);
    expect(entry(inThreeHours).secondsLeft).toBeGreaterThan(entry(inTwenty).secondsLeft);
  });

  it('waits for a real post workflow: the queue\'s deadline is the one the workflow enforces', async () => {
    const publishAt = new Date(Date.now() + 150 * MIN);
    const postId = await waitingPost(owner, publishAt, { leadMinutes: 30 });
    const state = await stack.temporal.workflow.getHandle(workflowIds.post(postId)).query(postStateQuery);
    const { posts: queue } = await (await owner.request(`/api/v1/orgs/${owner.orgId}/posts?stage=awaiting_approval&limit=200`)).json();
    expect(queue.find((p: { id: string }) => p.id === postId).approval.deadline).toBe(state.deadline);
  });
});
