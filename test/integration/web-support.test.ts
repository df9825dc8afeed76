import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postTargets, staffGrants } from '../../db/schema/index.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, startBrowserStack, STRONG_PASSWORD, watchProblems, type BrowserStack } from '../support/browser.js';
import { waitFor } from '../support/processes.js';
import { createTarget, startPublishingStack, targetRow, xPostsStartingWith, type PublishingStack } from '../support/publishing.js';

/**
 * The support console in a real browser against the real stack and the platform emulator: staff
 * find a failed publish across tenants, must give a reason, replay one, and replay the rest after
 * a dry run; a customer cannot open the console.
 */
let pub: PublishingStack;
let s: BrowserStack;
beforeAll(async () => {
  pub = await startPublishingStack();
  s = await startBrowserStack({ stack: pub.stack });
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await pub?.stop();
});
beforeEach(() => freshNetworkBudget(pub.stack));

async function signUp(context: BrowserContext): Promise<string> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Sam', organizationName: 'Herald support', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { user: { id: string } }).user.id;
}

/** A publish X kept failing on, in the harness's org, with words only this test uses. */
async function failedPublish(account: string, marker: string) {
  const target = await createTarget(pub, 'x', account, { text: `Rye at 7 ${randomUUID().slice(0, 8)}` });
  await pub.stack.database.db
    .update(postTargets)
    .set({ stage: 'failed', errorKind: 'retryable', errorMessage: `X kept answering 503 (${marker})`, attempts: 8 })
    .where(eq(postTargets.id, target.targetId));
  return target.targetId;
}

async function noHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe('the support console in the browser', () => {
  it('support replays a failed publish with a required reason, then the rest after a dry run', async () => {
    const marker = `drill-${randomUUID().slice(0, 8)}`;
    const account = await pub.platforms.connect('x', `support-${marker}`);
    const one = await failedPublish(account, marker);
    const two = await failedPublish(account, marker);
    const context = await s.newContext();
    const staffId = await signUp(context);
    await pub.stack.database.db.insert(staffGrants).values({ userId: staffId, grant: 'support', grantedBy: 'test', reason: 'browser test' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
    await page.getByRole('heading', { name: 'Support console' }).waitFor();

    // No reason, no list: the form says the reason is required and nothing is read.
    await page.getByRole('button', { name: 'Show publishes' }).click();
    expect(await page.getByRole('textbox', { name: /Reason/ }).evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(await page.getByTestId('support-line').count()).toBe(0);

    await page.getByRole('textbox', { name: /Reason/ }).fill('Ticket 4711: posts missing after the X outage');
    await page.getByRole('textbox', { name: 'Message contains' }).fill(marker);
    await page.getByRole('button', { name: 'Show publishes' }).click();
    const lines = page.getByTestId('support-line');
    await lines.nth(1).waitFor();
    expect(await lines.count()).toBe(2);
    await lines.first().getByText('Platform kept failing', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'support');

    const first = lines.filter({ hasText: one.slice(0, 8) });
    await first.getByRole('button', { name: /^Replay/ }).click();
    await first.getByText('Replay started').waitFor({ timeout: 60_000 });
    await first.getByRole('link', { name: 'the new run in Temporal UI' }).waitFor();

    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('dry-run');
    await dry.getByText(/Dry run: 1 publish in 1 organisation/).waitFor();
    await dry.getByText(two.slice(0, 8)).waitFor();
    expect((await targetRow(pub, two)).stage).toBe('failed');
    await page.getByRole('button', { name: 'Replay 1 publish now' }).click();
    const results = page.getByTestId('bulk-results');
    const refusal = page.locator('.bulk-replay [role=alert]');
    await results.or(refusal).waitFor({ timeout: 120_000 });
    expect(await refusal.allTextContents()).toEqual([]);
    expect(await results.textContent()).toContain('Replay started for 1 of 1.');

    for (const id of [one, two]) {
      const text = (await targetRow(pub, id)).text!;
      await waitFor(async () => ((await xPostsStartingWith(pub, text)).length === 1 ? true : undefined), 60_000, `the replayed ${id} on X`);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('fits a 360 px phone; the 390 px screenshot shows the console', async () => {
    const context = await s.newContext({ viewport: { width: 360, height: 740 } });
    const staffId = await signUp(context);
    await pub.stack.database.db.insert(staffGrants).values({ userId: staffId, grant: 'support', grantedBy: 'test', reason: 'browser test' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/support');
    await page.getByRole('textbox', { name: /Reason/ }).fill('Weekly check of stuck publishes');
    await page.getByRole('button', { name: 'Show publishes' }).click();
    await page.getByRole('heading', { name: /need|needs a look/ }).waitFor();
    await noHorizontalScroll(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotForReadme(page, 'support');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a customer sees no Support link and cannot open the console', async () => {
    const context = await s.newContext();
    await signUp(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/support');
    await page.getByText('The support console is for Herald\'s support staff.').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: /Reason/ }).count()).toBe(0);
    expect((await context.request.get('/api/v1/support/publishing/targets?reason=just%20looking')).status()).toBe(403);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
