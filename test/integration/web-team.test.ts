import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshNetworkBudget, newAddress, startBrowserStack, STRONG_PASSWORD, tokenFromMail, watchConsoleErrors, type BrowserStack } from '../support/browser.js';

let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(() => s?.stop());
beforeEach(() => freshNetworkBudget(s.stack));

async function fillSignup(page: Page, name: string, email?: string) {
  await page.getByLabel('Your name').fill(name);
  if (email) await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(STRONG_PASSWORD);
}

describe('a team in the browser', () => {
  it('an owner invites a colleague by e-mail, who signs up through the link and joins the org', async () => {
    const owner = await (await s.newContext()).newPage();
    // No CSP violation or script error on the team and invitation screens.
    const errors = watchConsoleErrors(owner);
    await owner.goto('/signup');
    await fillSignup(owner, 'Rosa', newAddress());
    await owner.getByLabel('Business name').fill('Rosa Bakery');
    await owner.getByRole('button', { name: 'Create account' }).click();
    await owner.getByRole('heading', { name: 'Set up Herald', level: 1 }).waitFor();

    await owner.getByRole('link', { name: 'Team' }).click();
    const colleague = newAddress();
    await owner.getByLabel('E-mail').fill(colleague);
    await owner.getByRole('button', { name: /Role/ }).click();
    await owner.getByRole('option', { name: /^Editor/ }).click();
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`Invitation sent to ${colleague}.`).waitFor();
    const pending = owner.getByRole('list', { name: 'Pending invitations' });
    await pending.getByText(colleague).waitFor();
    expect(await pending.getByText('editor').count()).toBe(1);

    // The colleague opens the mailed link in a browser of their own.
    const token = await tokenFromMail(s.stack, colleague, 'invitation');
    const colleaguePage = await (await s.newContext()).newPage();
    const colleagueErrors = watchConsoleErrors(colleaguePage);
    await colleaguePage.goto(`/invitation#token=${token}`);
    await fillSignup(colleaguePage, 'Ben');
    await colleaguePage.getByLabel('E-mail').fill(colleague);
    await colleaguePage.getByRole('button', { name: 'Create account and join' }).click();
    await colleaguePage.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await colleaguePage.getByText('Rosa Bakery').first().waitFor();

    await owner.reload();
    await owner.getByRole('list', { name: 'Members' }).getByText(colleague).waitFor();
    await owner.getByText('No open invitations.').waitFor();
    expect([...errors, ...colleagueErrors]).toEqual([]);
  });
});
