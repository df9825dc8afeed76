import type { WorkflowHandle } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmailLinkConfig } from '../../../config/email-links.js';
import { signActionLink } from '../../../core/action-links.js';
import { memberships, outboxEmails } from '../../../db/schema/index.js';
import { approveUpdate, postStateQuery } from '../../../workflows/post.js';
import { createBrandProfile, createWrittenPost, offlineActivities, postRow, startPostWorkflow } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { refusalOf } from '../../support/updates.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

interface MailedLinks {
  posts: { postId: string; approveUrl: string; rejectUrl: string }[];
  approveAllUrl?: string;
}

let stack: TestStack;
let owner: TestUser;
let approver: TestUser;
const started: WorkflowHandle[] = [];
const MIN = 60_000;

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Rosa' });
  approver = await createTestUser(stack, { name: 'Tom', orgId: owner.orgId, role: 'approver' });
  await createBrandProfile(stack, owner);
});
afterAll(async () => {
  for (const handle of started) await handle.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

const stageOf = async (handle: WorkflowHandle) => (await handle.query(postStateQuery)).stage;
const waitForStage = (handle: WorkflowHandle, stage: string, ms = 30_000) =>
  waitFor(async () => ((await stageOf(handle)) === stage ? true : undefined), ms, `stage ${stage}`);

/** A waiting post; its workflow mails every approver an approval request with links. */
async function waitingPost(minutesToPublish = 120) {
  const publishAt = new Date(Date.now() + minutesToPublish * MIN);
  const postId = await createWrittenPost(stack, owner, publishAt);
  const handle = await startPostWorkflow(stack, { postId, orgId: owner.orgId, publishAt: publishAt.toISOString() });
  started.push(handle);
  await waitForStage(handle, 'awaiting_approval');
  return { postId, handle };
}

/** The links in the newest mail of `kind` to `user` about `postId` (or any post). */
async function mailedLinks(user: TestUser, kind: string, postId?: string): Promise<{ body: string; links: MailedLinks }> {
  return waitFor(async () => {
    const [row] = await stack.database.db
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.toUserId, user.userId), eq(outboxEmails.kind, kind), postId ? sql`${outboxEmails.data}->>'postId' = ${postId}` : undefined))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(1);
    const links = row?.data.actions as MailedLinks | undefined;
    return row && links ? { body: row.body, links } : undefined;
  }, 30_000, `${kind} mail with links`);
}

/** The mailed URL, pointed at the test API instead of the public address. */
const local = (mailed: string) => {
  const url = new URL(mailed);
  return `${stack.baseUrl}${url.pathname}${url.search}`;
};
const tokenOf = (mailed: string) => new URL(mailed).searchParams.get('token')!;
const open = async (mailed: string) => {
  const res = await fetch(local(mailed));
  return { status: res.status, html: await res.text() };
};
const click = async (token: string, form: Record<string, string> = {}) => {
  const res = await fetch(`${stack.baseUrl}/email/action`, { method: 'POST', body: new URLSearchParams({ token, ...form }) });
  return { status: res.status, html: await res.text() };
};
/** The keys the API and worker use (the dev key in the shared data dir), to make links a mail would not carry. */
const linkKeys = () => loadEmailLinkConfig({ NODE_ENV: 'test', HERALD_DATA_DIR: stack.config.dataDir }).keys;

describe('approving from the e-mail', () => {
  it('opening the link only shows the post; the button approves it through the post workflow', async () => {
    const { postId, handle } = await waitingPost();
    const { body, links } = await mailedLinks(owner, 'approval_requested', postId);
    expect(body).toContain(`Approve: ${links.posts[0]!.approveUrl}`);

    const page = await open(links.posts[0]!.approveUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Approve this post?');
    expect(page.html).toContain('name="viewport"');
    // Mail scanners open links: a GET (twice, even) leaves the post waiting.
    await open(links.posts[0]!.approveUrl);
    const afterGet = await handle.query(postStateQuery);
    expect(afterGet.stage).toBe('awaiting_approval');
    expect(afterGet.approvals).toEqual([]);

    const answer = await click(tokenOf(links.posts[0]!.approveUrl));
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Approved. It will be published at');
    await waitForStage(handle, 'approved');
    expect((await postRow(stack, postId)).approvedBy).toBe(owner.userId);
  });

  it('a link works once: the second click says it was already used', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    const token = tokenOf(links.posts[0]!.approveUrl);
    expect((await click(token)).status).toBe(200);
    await waitForStage(handle, 'approved');
    const again = await click(token);
    expect(again.status).toBe(410);
    expect(again.html).toContain('This link was already used');
    expect((await open(links.posts[0]!.approveUrl)).html).toContain('This link was already used');
  });

  it('rejecting asks for the reason on the page and writes a replacement from it', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    expect((await open(links.posts[0]!.rejectUrl)).html).toContain('<textarea');
    const token = tokenOf(links.posts[0]!.rejectUrl);

    const noReason = await click(token, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Say why');
    expect(await stageOf(handle)).toBe('awaiting_approval');

    const answer = await click(token, { reason: 'Too salesy, talk about the bakers' });
    expect(answer.html).toContain('Rejected.');
    await waitFor(async () => {
      const s = await handle.query(postStateQuery);
      return s.stage === 'awaiting_approval' && s.revision === 2 ? s : undefined;
    }, 60_000, 'replacement awaiting approval');
    expect((await handle.query(postStateQuery)).history.find((h) => h.action === 'reject')).toMatchObject({ actorId: owner.userId, reason: 'Too salesy, talk about the bakers' });
  });
});

describe('links that cannot act say why', () => {
  it('a tampered link is refused and the post keeps waiting', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    const token = tokenOf(links.posts[0]!.approveUrl);
    const [v, id, claims, signature] = token.split('.') as [string, string, string, string];
    const raw = JSON.parse(Buffer.from(claims, 'base64url').toString());
    raw.a = 'reject';
    const tampered = [v, id, Buffer.from(JSON.stringify(raw)).toString('base64url'), signature].join('.');
    for (const answer of [await open(`http://x/email/action?token=${tampered}`), await click(tampered, { reason: 'x' })]) {
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('This link is not valid');
      expect(answer.html).toContain('signature does not match');
    }
    expect(await stageOf(handle)).toBe('awaiting_approval');
  });

  it('an expired link says when it expired', async () => {
    const { postId, handle } = await waitingPost();
    const token = signActionLink(linkKeys(), { action: 'approve', orgId: owner.orgId, recipientId: owner.userId, posts: [{ postId, revision: 1 }], expiresAt: Date.now() - MIN });
    const answer = await click(token);
    expect(answer.status).toBe(410);
    expect(answer.html).toContain('This link has expired');
    expect(answer.html).toContain('(UTC)');
    expect(await stageOf(handle)).toBe('awaiting_approval');
  });

  it('a link made for someone outside the org says it belongs to someone else', async () => {
    const { postId, handle } = await waitingPost();
    const stranger = await createTestUser(stack, { name: 'Eve' });
    const token = signActionLink(linkKeys(), { action: 'approve', orgId: owner.orgId, recipientId: stranger.userId, posts: [{ postId, revision: 1 }], expiresAt: Date.now() + 60 * MIN });
    const answer = await click(token);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('This link belongs to someone else');
    expect(await stageOf(handle)).toBe('awaiting_approval');
  });

  it('a recipient whose approving role was removed since the mail cannot act', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(approver, 'approval_requested', postId);
    await stack.database.db.update(memberships).set({ role: 'viewer' }).where(and(eq(memberships.userId, approver.userId), eq(memberships.orgId, approver.orgId)));
    try {
      const answer = await click(tokenOf(links.posts[0]!.approveUrl));
      expect(answer.status).toBe(403);
      expect(answer.html).toContain('is now viewer');
      expect(await stageOf(handle)).toBe('awaiting_approval');
    } finally {
      await stack.database.db.update(memberships).set({ role: 'approver' }).where(and(eq(memberships.userId, approver.userId), eq(memberships.orgId, approver.orgId)));
    }
  });

  it('a link for an older revision says the post changed, and does not approve the new words', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    const edit = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postId}`, { method: 'PATCH', json: { hashtags: ['#sourdough'] } });
    expect(edit.status).toBe(200);
    const page = await open(links.posts[0]!.approveUrl);
    expect(page.status).toBe(409);
    expect(page.html).toContain('This post has changed');
    expect(page.html).toContain('the link is for version 1, the post is now version 2');
    expect((await click(tokenOf(links.posts[0]!.approveUrl))).status).toBe(409);
    expect(await stageOf(handle)).toBe('awaiting_approval');
  });

  it('an edit between opening the page and pressing the button is refused by the workflow itself', async () => {
    const { postId, handle } = await waitingPost();
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postId}`, { method: 'PATCH', json: { hashtags: ['#rye'] } })).status).toBe(200);
    // What the link's button sends: the revision the mail showed.
    const refusal = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ actorId: owner.userId, revision: 1 }] }));
    expect(refusal).toContain('you saw version 1, it is now version 2');
    expect(await stageOf(handle)).toBe('awaiting_approval');
  });

  it('a link for a post decided in the app says it was already decided', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    expect((await approver.request(`/api/v1/orgs/${owner.orgId}/posts/${postId}/approve`, { method: 'POST', json: {} })).status).toBe(200);
    await waitForStage(handle, 'approved');
    const answer = await click(tokenOf(links.posts[0]!.rejectUrl), { reason: 'too late' });
    expect(answer.status).toBe(409);
    expect(answer.html).toContain('this post was already approved');
  });
});

describe('approve all from the digest', () => {
  it('approves every post still waiting and says, post by post, what happened', async () => {
    const posts = [await waitingPost(), await waitingPost(), await waitingPost()];
    const ids = posts.map((p) => p.postId);
    await offlineActivities(stack).notifyOrg({
      orgId: owner.orgId,
      audience: 'approvers',
      kind: 'approval_digest',
      subject: '3 new posts wait for your approval',
      body: 'digest',
      dedupeKey: `digest:test:${ids[0]}`,
      actions: { postIds: ids, approveAll: true },
    });
    const { body, links } = await mailedLinks(owner, 'approval_digest');
    expect(links.posts.map((p) => p.postId)).toEqual(ids);
    expect(body).toContain(`Approve all 3 waiting posts: ${links.approveAllUrl}`);
    // Another approver's links are signed for them, not copies of Rosa's.
    const tom = await mailedLinks(approver, 'approval_digest');
    expect(tokenOf(tom.links.approveAllUrl!)).not.toBe(tokenOf(links.approveAllUrl!));

    // One post is decided in the app before the click.
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${ids[0]}/approve`, { method: 'POST', json: {} })).status).toBe(200);
    await waitForStage(posts[0]!.handle, 'approved');

    const page = await open(links.approveAllUrl!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Approve 2 waiting posts?');
    expect(page.html).toContain('this post was already approved');
    for (const p of posts.slice(1)) expect(await stageOf(p.handle)).toBe('awaiting_approval');

    const answer = await click(tokenOf(links.approveAllUrl!));
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Partly done');
    expect(answer.html.match(/Approved\. It will be published at/g)).toHaveLength(2);
    expect(answer.html).toContain('Nothing was done: this post was already approved');
    for (const p of posts.slice(1)) await waitForStage(p.handle, 'approved');
    expect((await postRow(stack, ids[0]!)).approvedBy).toBe(owner.userId);
    for (const id of ids.slice(1)) expect((await postRow(stack, id)).approvedBy).toBe(owner.userId);
  });
});

describe('on a phone', () => {
  it('the page fits 360 px without sideways scrolling, and typing a reason and pressing Reject rejects the post', async () => {
    const { postId, handle } = await waitingPost();
    const { links } = await mailedLinks(owner, 'approval_requested', postId);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(local(links.posts[0]!.rejectUrl));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: 'test-results/email-link-reject.png', fullPage: true });
      await page.getByLabel('Why?').fill('Show the bakers at work instead');
      await page.getByRole('button', { name: 'Reject' }).click();
      await page.getByText('Rejected.').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await browser.close();
    }
    expect((await handle.query(postStateQuery)).history.find((h) => h.action === 'reject')).toMatchObject({ actorId: owner.userId, reason: 'Show the bakers at work instead' });
  });
});
