import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiTokens, brandProfiles, organizations, socialAccounts } from '../../db/schema/index.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { freshNetworkBudget, screenshotForReadme, seriousA11yViolations, signUpIntoWizard, startBrowserStack, watchProblems, type BrowserStack } from '../support/browser.js';
import { waitFor } from '../support/processes.js';
import { TEST_ENCRYPTION_KEYS } from '../support/platforms.js';

let s: BrowserStack;
let emulator: PlatformEmulator;
const cycles: [string, string][] = [];
beforeAll(async () => {
  // Sandbox mode: the API connects sandbox accounts on the platform emulator.
  emulator = await startPlatformEmulator();
  Object.assign(process.env, { PLATFORM_EMULATOR_URL: emulator.url, HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS });
  s = await startBrowserStack();
});
afterAll(async () => {
  for (const [orgId, userId] of cycles) await s?.stack.temporal.workflow.getHandle(workflowIds.cycle(orgId, userId)).terminate('test over').catch(() => undefined);
  await s?.stop();
  await emulator?.close();
});
beforeEach(() => freshNetworkBudget(s.stack));

async function noHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe('onboarding, accounts and settings in the browser', () => {
  it('a new business signs up, is led through the wizard, connects sandbox accounts, runs the first cycle and finds a post awaiting approval on Today', async () => {
    const context = await s.newContext();
    const page = await context.newPage();
    const problems = watchProblems(page);
    const user = await signUpIntoWizard(page);
    cycles.push([user.orgId, user.userId]);

    // A step does not go on with a required answer missing, and says what to fix.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Enter your business name').waitFor();
    await page.getByLabel('Business name').fill('Rosa Bakery');
    await page.getByLabel('What your business does').fill('family bakery');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Who you want to reach').fill('families in the neighbourhood');
    await expect.poll(() => page.getByLabel('How your posts should sound').inputValue()).toBe('Friendly and clear, no jargon');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('LinkedIn', { exact: true }).click();
    await page.getByText('X', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    // The zone comes from the browser (Europe/Berlin here) and is confirmed.
    expect(await page.getByRole('textbox', { name: 'Time zone', exact: true }).inputValue()).toBe('Europe/Berlin');
    await screenshotForReadme(page, 'onboarding');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm and save profile' }).click();

    await page.getByRole('heading', { name: /Connect accounts/ }).waitFor();
    await page.getByRole('button', { name: 'Connect LinkedIn (sandbox)' }).click();
    await page.getByText(/Connected LinkedIn \(Sandbox\)/).waitFor();
    await page.getByRole('button', { name: 'Connect X (sandbox)' }).click();
    await page.getByText(/Connected X \(Sandbox\)/).waitFor();
    const accounts = await s.stack.database.db.select().from(socialAccounts).where(eq(socialAccounts.orgId, user.orgId));
    expect(accounts.map((a) => a.platform).sort()).toEqual(['linkedin', 'x']);
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('button', { name: 'Run the first cycle now' }).click();
    await page.getByRole('progressbar', { name: 'First run in progress' }).waitFor();
    await page.getByText(/First run done: \d+ posts? wait/).waitFor({ timeout: 180_000 });
    await page.getByRole('link', { name: 'Go to Today and approve' }).click();
    await page.getByTestId('post-card').first().getByText('Approve within').waitFor();
    expect(await page.getByRole('heading', { name: 'Set up Herald to get your first posts' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('settings save the approval lead time and the time zone, and an API token is shown once and revoked; accounts show their health', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await s.newContext({ viewport });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const user = await signUpIntoWizard(page);
      cycles.push([user.orgId, user.userId]);
      const profile = { businessName: 'Rosa Bakery', industry: 'bakery', audience: 'families', brandVoice: 'warm', platforms: ['linkedin'], timeZone: 'Europe/Berlin', postsPerDay: 1 };
      const csrf = ((await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken;
      expect((await page.request.put(`/api/v1/orgs/${user.orgId}/profiles/${user.userId}`, { data: profile, headers: { 'x-csrf-token': csrf } })).status()).toBe(201);
      expect((await page.request.post(`/api/v1/orgs/${user.orgId}/accounts/connect-sandbox`, { data: { platform: 'linkedin' }, headers: { 'x-csrf-token': csrf } })).status()).toBe(201);

      // Opened afresh: the profile was made through the API, behind the app's cache.
      await page.goto('/settings');
      await page.getByRole('textbox', { name: 'Time zone', exact: true }).fill('America/New_York');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile saved.').waitFor();
      await page.getByLabel('Approval lead time (minutes)').fill('45');
      await page.getByRole('button', { name: 'Save approval rules' }).click();
      await page.getByText('Approval rules saved.').waitFor();
      const [org] = await s.stack.database.db.select().from(organizations).where(eq(organizations.id, user.orgId));
      expect(org!.approvalLeadMinutes).toBe(45);
      const [saved] = await s.stack.database.db.select().from(brandProfiles).where(and(eq(brandProfiles.orgId, user.orgId), eq(brandProfiles.userId, user.userId)));
      expect(saved!.timeZone).toBe('America/New_York');

      await page.getByLabel('What the token is for').fill('Zapier');
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = await page.getByTestId('new-token').textContent();
      expect((await fetch(`${s.stack.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await page.getByRole('button', { name: 'Revoke the token Zapier' }).click();
      await page.getByRole('button', { name: 'Yes, revoke the token Zapier' }).click();
      await page.getByText('No API tokens yet.').waitFor();
      expect(await s.stack.database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.userId))).toEqual([]);
      await page.reload();
      expect(await page.getByLabel('Approval lead time (minutes)').inputValue()).toBe('45');
      expect(await page.getByRole('textbox', { name: 'Time zone', exact: true }).inputValue()).toBe('America/New_York');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await noHorizontalScroll(page);
      await screenshotForReadme(page, 'settings');

      await page.getByRole('link', { name: 'Accounts' }).click();
      const row = page.getByTestId('account-row');
      await row.getByText('Connected', { exact: true }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await noHorizontalScroll(page);
      await screenshotForReadme(page, 'accounts');
      await row.getByRole('button', { name: /^Disconnect LinkedIn/ }).click();
      await row.getByRole('button', { name: /^Yes, disconnect LinkedIn/ }).click();
      await row.getByText('Disconnected', { exact: true }).waitFor();
      await row.getByRole('button', { name: /^Reconnect LinkedIn/ }).click();
      await row.getByText('Connected', { exact: true }).waitFor();

      if (viewport.width < 600) {
        await page.getByRole('link', { name: 'Today' }).click();
        await page.goto('/onboarding');
        await page.getByRole('heading', { name: /Connect accounts/ }).waitFor();
        await noHorizontalScroll(page);
        await screenshotForReadme(page, 'onboarding');
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 400_000);
});
