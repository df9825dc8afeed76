import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshNetworkBudget, newAddress, startBrowserStack, STRONG_PASSWORD, tokenFromMail, type BrowserStack } from '../support/browser.js';

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
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('signing up and in from the browser', () => {
  it('a sign-up confirms the browser\'s time zone and lands on Today', async () => {
    const context = await s.newContext({ timeZone: 'America/New_York' });
    const page = await context.newPage();
    await page.goto('/signup');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await signUpInBrowser(page, newAddress());
    await page.getByText('Nothing waits for you').waitFor();
    expect(await page.getByText('times in America/New_York').count()).toBe(1);
    await context.close();
  });

  it('after logging out, Today asks to log in, and logging in returns there', async () => {
    const email = newAddress();
    const context = await s.newContext();
    const page = await context.newPage();
    await signUpInBrowser(page, email);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Herald' }).waitFor();
    await page.goto('/team');
    await page.getByRole('heading', { name: 'Log in to Herald' }).waitFor();

    await logIn(page, email, 'not the password at all');
    await page.getByRole('alert').getByText('The e-mail address or password is wrong.').waitFor();
    await logIn(page, email, STRONG_PASSWORD);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await context.close();
  });

  it('a forgotten password is reset through the e-mailed link, and the new one logs in', async () => {
    const email = newAddress();
    const context = await s.newContext();
    const page = await context.newPage();
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
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await context.close();
  });
});
