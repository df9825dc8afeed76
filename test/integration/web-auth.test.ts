import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshNetworkBudget, newAddress, startBrowserStack, STRONG_PASSWORD, tokenFromMail, watchConsoleErrors, type BrowserStack } from '../support/browser.js';

let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(() => s?.stop());
beforeEach(() => freshNetworkBudget(s.stack));

async function signUpInBrowser(page: Page, email: string) {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Rosa');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(STRONG_PASSWORD);
  await page.getByLabel('Business name').fill('Rosa Bakery');
  await page.getByRole('button', { name: 'Create account' }).click();
  // A new business has no brand profile yet: sign-up leads straight into the setup wizard.
  await page.getByRole('heading', { name: 'Set up Herald', level: 1 }).waitFor();
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('signing up and in from the browser', () => {
  it('a sign-up confirms the browser\'s time zone and lands on the setup wizard; Today still offers the setup', async () => {
    const context = await s.newContext({ timeZone: 'America/New_York' });
    const page = await context.newPage();
    // No CSP violation or script error on the sign-up, login and reset screens.
    const errors = watchConsoleErrors(page);
    await page.goto('/signup');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await signUpInBrowser(page, newAddress());
    await page.getByRole('heading', { name: 'Step 1 of 6: Your business' }).waitFor();
    await page.getByRole('link', { name: 'Today' }).click();
    await page.getByRole('link', { name: 'Start the setup' }).waitFor();
    await page.getByText('Nothing waits for you').waitFor();
    // The page's lead names the zone every time on Today is shown in.
    expect(await page.locator('main .lead').textContent()).toContain('times in America/New_York');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after logging out, Today asks to log in; logging in leads to the wizard while the org is not set up, and to a page a link asked for', async () => {
    const email = newAddress();
    const context = await s.newContext();
    const page = await context.newPage();
    // No CSP violation or script error on the sign-up, login and reset screens.
    const errors = watchConsoleErrors(page);
    await signUpInBrowser(page, email);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Herald' }).waitFor();
    await page.goto('/team');
    await page.getByRole('heading', { name: 'Log in to Herald' }).waitFor();

    await logIn(page, email, 'not the password at all');
    await page.getByRole('alert').getByText('The e-mail address or password is wrong.').waitFor();
    await logIn(page, email, STRONG_PASSWORD);
    await page.getByRole('heading', { name: 'Set up Herald', level: 1 }).waitFor();

    // Sent to log in from another page, the person goes back there, setup or not.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Herald' }).waitFor();
    await page.goto('/team');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a forgotten password is reset through the e-mailed link, and the new one logs in', async () => {
    const email = newAddress();
    const context = await s.newContext();
    const page = await context.newPage();
    // No CSP violation or script error on the sign-up, login and reset screens.
    const errors = watchConsoleErrors(page);
    await signUpInBrowser(page, email);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a link to choose a new password is on its way').waitFor();

    const token = await tokenFromMail(s.stack, email, 'reset_password');
    await page.goto(`/reset-password#token=${token}`);
    const newPassword = 'rye starter every morning';
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password is changed').waitFor();
    // The link works once (opened afresh, as from the mail again).
    await page.goto('/login');
    await page.goto(`/reset-password#token=${token}`);
    await page.getByLabel('New password').fill('another long enough phrase');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('alert').getByText('expired or was already used').waitFor();

    await logIn(page, email, newPassword);
    await page.getByRole('heading', { name: 'Set up Herald', level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
