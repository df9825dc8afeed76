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
    await page.goto(`${stack.baseUrl}/status`);
    await page.getByTestId('overall').waitFor();
    expect(await page.getByTestId('overall').textContent()).toBe('All systems running');
    expect(await page.getByTestId('health-database').textContent()).toContain('OK');
    expect(await page.getByTestId(`health-worker ${stack.queues.main}`).textContent()).toContain('OK');
    expect(await page.getByRole('link', { name: 'Open the Temporal UI' }).getAttribute('href')).toBe(stack.config.temporal.uiUrl);
    await page.screenshot({ path: 'test-results/web-health.png' });
  });
});
