import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { silentLog, startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let browser: Browser;
beforeAll(async () => {
  await ensureWebBuilt(silentLog);
  stack = await startStack();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the web app', () => {
  it('the status page shows every component healthy and links to the Temporal UI', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${stack.baseUrl}/status`);
    // The page refreshes its report: a worker whose first heartbeat is not in yet turns green on a later one.
    await page.getByTestId('overall').filter({ hasText: 'All systems running' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('overall').textContent()).toBe('All systems running');
    await page.getByTestId('health-database').filter({ hasText: 'OK' }).waitFor({ timeout: 60_000 });
    await page.getByTestId(`health-worker ${stack.queues.main}`).filter({ hasText: 'OK' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('link', { name: 'Open the Temporal UI' }).getAttribute('href')).toBe(stack.config.temporal.uiUrl);
    // The app runs under Herald's CSP without the browser refusing anything.
    expect(refused).toEqual([]);
    await page.screenshot({ path: 'test-results/web-health.png' });
  });
});
