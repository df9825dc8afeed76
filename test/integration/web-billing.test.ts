import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, startBrowserStack, STRONG_PASSWORD, watchProblems, type BrowserStack } from '../support/browser.js';
import { emulatorBilling } from '../support/stripe.js';

/** A browser signed up as a new business (through the API, as the sign-up page does). */
async function signedInOwner(context: BrowserContext): Promise<string> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { orgId: string }).orgId;
}

const noHorizontalScroll = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('billing in the browser, with Stripe (its emulator)', () => {
  let s: BrowserStack;
  let stripe: StripeEmulator;
  beforeAll(async () => {
    stripe = await startStripeEmulator();
    s = await startBrowserStack({ billing: emulatorBilling(stripe) });
    stripe.webhookUrl = `${s.stack.baseUrl}/api/v1/billing/webhook`;
  });
  afterAll(async () => {
    await s?.stop();
    await stripe?.close();
  });
  beforeEach(() => freshNetworkBudget(s.stack));

  it('an owner sees the plan and usage, upgrades through Stripe Checkout and comes back on Pro', async () => {
    const context = await s.newContext();
    const orgId = await signedInOwner(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/billing');

    await page.getByText('Free', { exact: true }).waitFor();
    expect(await page.getByRole('meter', { name: /Posts this month/ }).getAttribute('aria-valuetext')).toBe('0 of 10');
    expect(await page.getByRole('meter', { name: 'Seats' }).getAttribute('aria-valuetext')).toBe('1 of 1, near the limit');
    expect(await page.getByRole('meter', { name: 'Connected accounts' }).getAttribute('aria-valuetext')).toBe('0 of 2');
    expect(await page.getByRole('meter', { name: /AI spend/ }).getAttribute('aria-valuetext')).toMatch(/^\$0\.00 of \$\d/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'billing');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotForReadme(page, 'billing');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);

    // Stripe sends the browser back to HERALD_API_URL, which the test stack does not listen on: send it to the stack.
    const appUrl = s.stack.config.apiUrl.replace(/\/$/, '');
    // Playwright does not route a redirect's next hop, so the emulator's own answer (it pays the session) is fetched and its Location rewritten.
    await page.route(`${stripe.url}/checkout/**`, async (route) => {
      const paid = await route.fetch({ maxRedirects: 0 });
      route.fulfill({ status: 302, headers: { location: paid.headers().location!.replace(appUrl, s.stack.baseUrl) } });
    });
    const toCheckout = page.waitForRequest((r) => r.url().startsWith(`${stripe.url}/checkout/cs_`));
    await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
    await toCheckout;
    await page.waitForURL(`${s.stack.baseUrl}/orgs/${orgId}/billing?checkout=success`);
    await page.getByText('Thank you: Pro is active.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('meter', { name: 'Seats' }).getAttribute('aria-valuetext')).toBe('1 of 3');
    await page.getByRole('button', { name: 'Manage subscription' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('billing in the browser, without Stripe', () => {
  let s: BrowserStack;
  beforeAll(async () => {
    s = await startBrowserStack({ worker: false });
  });
  afterAll(() => s?.stop());
  beforeEach(() => freshNetworkBudget(s.stack));

  it('says billing is not configured, shows usage and offers nothing to buy', async () => {
    const context = await s.newContext();
    await signedInOwner(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/billing');
    await page.getByText(/Billing is not configured on this Herald/).waitFor();
    await page.getByRole('meter', { name: 'Seats' }).waitFor();
    expect(await page.getByRole('button', { name: /Upgrade|Manage/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
