import { eq } from 'drizzle-orm';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { posts } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { freshNetworkBudget, newAddress, startBrowserStack, STRONG_PASSWORD, type BrowserStack } from '../support/browser.js';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../support/content.js';
import { waitFor } from '../support/processes.js';
import type { TestUser } from '../support/stack.js';

let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(() => s?.stop());
beforeEach(() => freshNetworkBudget(s.stack));

/** A browser signed up as a new business (through the API, as the sign-up page does). */
async function signedInOwner(context: BrowserContext): Promise<Pick<TestUser, 'orgId' | 'userId'>> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { user: { id: string }; orgId: string };
  return { userId: body.user.id, orgId: body.orgId };
}

/** A written post whose workflow is waiting for approval, publishing in two hours. */
async function postAwaitingApproval(user: Pick<TestUser, 'orgId' | 'userId'>): Promise<string> {
  await createBrandProfile(s.stack, user);
  const publishAt = new Date(Date.now() + 2 * 3600_000);
  const postId = await createWrittenPost(s.stack, user as TestUser, publishAt);
  await startPostWorkflow(s.stack, { postId, orgId: user.orgId, publishAt: publishAt.toISOString(), leadMinutes: 30 });
  await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 30_000, 'awaiting approval');
  return postId;
}

describe('Today in the browser', () => {
  it('a waiting post shows per platform with its deadline and leaves the queue once approved, with no console error or failed request', async () => {
    const context = await s.newContext();
    const user = await signedInOwner(context);
    const postId = await postAwaitingApproval(user);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('response', (response) => void (response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`)));
    await page.goto('/');
    const card = page.getByTestId('post-card');
    await card.getByRole('region', { name: 'LinkedIn version' }).waitFor();
    await card.getByRole('region', { name: 'X version' }).waitFor();
    await card.getByText('Approve within').waitFor();
    expect(await card.getByTestId('length').first().textContent()).toMatch(/^\d+ \/ \d+ characters$/);

    await card.getByRole('button', { name: /^Approve the/ }).click();
    await page.getByText('Nothing waits for you').waitFor();
    const row = await waitFor(async () => {
      const [p] = await s.stack.database.db.select().from(posts).where(eq(posts.id, postId));
      return p && p.stage !== 'awaiting_approval' ? p : undefined;
    }, 30_000, 'the approval recorded');
    expect(row.approvedBy).toBe(user.userId);
    expect(problems).toEqual([]);
    await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).terminate('test over');
    await context.close();
  });

  it('on a 360 px phone, Today with a waiting post has no horizontal scroll', async () => {
    const context = await s.newContext({ viewport: { width: 360, height: 740 } });
    const user = await signedInOwner(context);
    const postId = await postAwaitingApproval(user);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('post-card').getByText('Approve within').waitFor();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.screenshot({ path: 'test-results/web-today-phone.png', fullPage: true });
    await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).terminate('test over');
    await context.close();
  });
});
