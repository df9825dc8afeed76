import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { posts, postTargets } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, startBrowserStack, STRONG_PASSWORD, watchProblems, type BrowserStack } from '../support/browser.js';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../support/content.js';
import { platformHarness, type PlatformHarness } from '../support/platforms.js';
import { waitFor } from '../support/processes.js';
import type { TestUser } from '../support/stack.js';

/**
 * The approval queue on Today in a real browser against the real stack: reject and see the
 * replacement arrive without a reload, edit before lock, approve selected, approve all with TikTok
 * posts asking who may see them (a sandbox account on the platform emulator); the screen passes
 * axe, has no console error or failed request, and fits a 360 px phone.
 */
let s: BrowserStack;
let platforms: PlatformHarness;
beforeAll(async () => {
  // The API asks the emulator's TikTok account which audiences it offers (creator_info).
  platforms = await platformHarness();
  s = await startBrowserStack({ platforms: platforms.platforms.config });
}, 180_000);
afterAll(async () => {
  await s?.stop();
  await platforms?.close();
});
beforeEach(() => freshNetworkBudget(s.stack));

type Owner = Pick<TestUser, 'orgId' | 'userId'> & { csrfToken: string };
const running: string[] = [];
afterAll(async () => {
  await Promise.all(running.map((id) => s.stack.temporal.workflow.getHandle(workflowIds.post(id)).terminate('test over').catch(() => undefined)));
});

async function signedInOwner(context: BrowserContext): Promise<Owner> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { user: { id: string }; orgId: string; csrfToken: string };
  await createBrandProfile(s.stack, { userId: body.user.id, orgId: body.orgId });
  return { userId: body.user.id, orgId: body.orgId, csrfToken: body.csrfToken };
}

/** A written post whose workflow waits for approval, publishing `hours` from now; `tiktok`: also on that TikTok account. */
async function postAwaitingApproval(user: Owner, hours: number, tiktok?: { accountId: string; text: string }): Promise<string> {
  const publishAt = new Date(Date.now() + hours * 3600_000);
  const postId = await createWrittenPost(s.stack, user, publishAt);
  if (tiktok) await s.stack.database.db.insert(postTargets).values({ postId, orgId: user.orgId, platform: 'tiktok', text: tiktok.text, socialAccountId: tiktok.accountId });
  running.push(postId);
  await startPostWorkflow(s.stack, { postId, orgId: user.orgId, publishAt: publishAt.toISOString(), leadMinutes: 30 });
  await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 30_000, 'awaiting approval');
  return postId;
}

async function noHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe('the approval queue in the browser', () => {
  it('reject with a reason: the replacement appears without a reload, then approving it sends it on', async () => {
    const context = await s.newContext();
    const user = await signedInOwner(context);
    const postId = await postAwaitingApproval(user, 3);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    const card = page.getByTestId('post-card');
    await card.getByText('Approve within').waitFor();
    await page.getByRole('heading', { name: 'Going out today' }).waitFor();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'today');

    await card.getByRole('button', { name: /^Reject the/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /Why\?/ }).fill('Too formal; mention the rye loaves');
    await dialog.getByRole('button', { name: 'Reject and replace' }).click();
    await dialog.waitFor({ state: 'detached' });
    // No reload: the queue polls and the replacement shows up in place.
    await page.getByText('Replacement (revision 2)').waitFor({ timeout: 120_000 });
    expect((await postRow(s.stack, postId)).revision).toBe(2);

    await page.getByTestId('post-card').getByRole('button', { name: /^Approve the/ }).click();
    await page.getByText('Nothing waits for you').waitFor();
    await waitFor(async () => ((await postRow(s.stack, postId)).stage !== 'awaiting_approval' ? true : undefined), 30_000, 'the replacement approved');
    expect((await postRow(s.stack, postId)).approvedBy).toBe(user.userId);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('edits a post before lock and approves only the selected one', async () => {
    const context = await s.newContext();
    const user = await signedInOwner(context);
    const first = await postAwaitingApproval(user, 2);
    const second = await postAwaitingApproval(user, 5);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    const cards = page.getByTestId('post-card');
    await cards.nth(1).getByText('Approve within').waitFor();

    await cards.first().getByRole('button', { name: /^Edit the/ }).click();
    const dialog = page.getByRole('dialog');
    const x = dialog.getByRole('group', { name: 'X' });
    await x.getByRole('textbox', { name: 'Text' }).fill('y'.repeat(300));
    await x.getByText(/^X allows 280/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await x.getByRole('textbox', { name: 'Text' }).fill('Rye loaves, warm from the oven at 7.');
    await x.getByRole('textbox', { name: 'Hashtags' }).fill('#rye #bakery');
    expect(await x.getByText(/^X allows 280/).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await cards.first().getByRole('region', { name: 'X version' }).getByText('Rye loaves, warm from the oven at 7.').waitFor();
    const [xTarget] = await s.stack.database.db.select().from(postTargets).where(and(eq(postTargets.postId, first), eq(postTargets.platform, 'x')));
    expect(xTarget).toMatchObject({ text: 'Rye loaves, warm from the oven at 7.', hashtags: ['rye', 'bakery'] });

    // The styled box over the native input takes the click, as a person's would.
    await cards.first().locator('label.checkbox').click();
    expect(await cards.first().getByRole('checkbox').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Approve selected (1)' }).click();
    await page.getByText('Approved 1 post.').waitFor();
    await page.getByRole('heading', { name: 'Waiting for your approval (1)' }).waitFor();
    const stages = await waitFor(async () => {
      const rows = await s.stack.database.db.select({ id: posts.id, stage: posts.stage }).from(posts).where(eq(posts.orgId, user.orgId));
      return rows.find((r) => r.id === first)?.stage === 'awaiting_approval' ? undefined : rows;
    }, 30_000, 'the selected post approved');
    expect(stages.find((r) => r.id === second)?.stage).toBe('awaiting_approval');
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('approve all asks who may see each TikTok post, from the account\'s own choices with none preselected, and says what happened to each post', async () => {
    const context = await s.newContext();
    const user = await signedInOwner(context);
    // The sandbox TikTok creator offers two audiences only (its creator_info); the queue offers just those.
    const account = `rosa-tiktok-${Date.now()}`;
    await fetch(`${platforms.emulator.url}/tiktok/_emulator/creator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] }) });
    const connected = await context.request.post(`/api/v1/orgs/${user.orgId}/accounts/connect-sandbox`, { data: { platform: 'tiktok', account }, headers: { 'x-csrf-token': user.csrfToken } });
    expect(connected.status()).toBe(201);
    const accountId = ((await connected.json()) as { account: { id: string } }).account.id;
    const folded = await postAwaitingApproval(user, 2, { accountId, text: 'Rye loaves, folded by hand' });
    const starter = await postAwaitingApproval(user, 3, { accountId, text: 'Our rye starter is ten years old' });
    const plain = await postAwaitingApproval(user, 4);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    await page.getByTestId('post-card').nth(2).getByText('Approve within').waitFor();

    await page.getByRole('button', { name: 'Approve all (3)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Who can see these 2 TikTok posts?' });
    const questions = dialog.getByRole('button', { name: /Who can see it on TikTok/ });
    await questions.nth(1).waitFor();
    expect(await questions.count()).toBe(2);
    for (const text of await questions.allTextContents()) expect(text).toContain('Choose…');
    const approve = dialog.getByRole('button', { name: 'Approve 3 posts' });
    expect(await approve.isDisabled()).toBe(true);
    // Meanwhile the plain post is approved in another tab: the batch still names it, and the server refuses it.
    const elsewhere = await context.request.post(`/api/v1/orgs/${user.orgId}/posts/${plain}/approve`, { data: {}, headers: { 'x-csrf-token': user.csrfToken } });
    expect(elsewhere.status()).toBe(200);

    await questions.first().click();
    await page.getByRole('option').nth(1).waitFor();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Followers', 'Only me']);
    await page.getByRole('option', { name: 'Followers' }).click();
    await questions.nth(1).click();
    await page.getByRole('option', { name: 'Only me' }).click();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await approve.click();

    await page.getByText('Approved 2 posts.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    const results = await page.getByRole('region', { name: 'What the approval did' }).getByRole('listitem').allTextContents();
    expect(results).toEqual([
      expect.stringMatching(/^Approved: the .*TikTok.* post for .*\(Europe\/Berlin\)$/),
      expect.stringMatching(/^Approved: the .*TikTok.* post for .*\(Europe\/Berlin\)$/),
      expect.stringMatching(/^Not approved: the (LinkedIn and X|X and LinkedIn) post for .*\(Europe\/Berlin\) Nothing was done: this post was already approved\.$/),
    ]);
    const levels = await waitFor(async () => {
      const rows = await s.stack.database.db
        .select({ postId: postTargets.postId, level: postTargets.privacyLevel })
        .from(postTargets)
        .where(and(eq(postTargets.orgId, user.orgId), eq(postTargets.platform, 'tiktok')));
      return rows.every((r) => r.level) ? new Map(rows.map((r) => [r.postId, r.level])) : undefined;
    }, 30_000, 'the chosen audiences stored');
    expect(levels.get(folded)).toBe('FOLLOWER_OF_CREATOR');
    expect(levels.get(starter)).toBe('SELF_ONLY');
    for (const postId of [folded, starter]) {
      const row = await waitFor(async () => { const r = await postRow(s.stack, postId); return r.stage !== 'awaiting_approval' ? r : undefined; }, 30_000, 'approved');
      expect(row.approvedBy).toBe(user.userId);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('on a phone, Today fits 360 px, and the 390 px screenshot shows the queue', async () => {
    const context = await s.newContext({ viewport: { width: 360, height: 740 } });
    const user = await signedInOwner(context);
    await postAwaitingApproval(user, 2);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    await page.getByTestId('post-card').getByText('Approve within').waitFor();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await noHorizontalScroll(page);
    await page.getByRole('button', { name: /^Edit the/ }).click();
    await page.getByRole('dialog').waitFor();
    await noHorizontalScroll(page);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotForReadme(page, 'today');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
