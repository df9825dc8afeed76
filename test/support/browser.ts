import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { outboxEmails } from '../../db/schema/index.js';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { resetNetworkLimits } from './auth-limits.js';
import { waitFor } from './processes.js';
import { silentLog, startStack, type TestStack } from './stack.js';

/** Browser tests: the built web app served by the real API, driven in Debian's Chromium. */
export interface BrowserStack {
  stack: TestStack;
  browser: Browser;
  /** A fresh browser profile (its own cookies) on the app; a laptop unless a viewport is given. */
  newContext(options?: { viewport?: { width: number; height: number }; timeZone?: string }): Promise<BrowserContext>;
  stop(): Promise<void>;
}

export const STRONG_PASSWORD = 'flour water salt and time';
export const newAddress = () => `${randomBytes(5).toString('hex')}@bakery.example`;

/**
 * `options` go to startStack (e.g. billing on the Stripe emulator); or `stack`, an already running
 * stack (e.g. a publishing stack with the platform emulator), which the caller stops.
 */
export async function startBrowserStack(options: Parameters<typeof startStack>[0] & { stack?: TestStack } = {}): Promise<BrowserStack> {
  await ensureWebBuilt(silentLog);
  const { stack: given, ...stackOptions } = options;
  const stack = given ?? (await startStack(stackOptions));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    stack,
    browser,
    async newContext(options = {}) {
      const context = await browser.newContext({
        baseURL: stack.baseUrl,
        viewport: options.viewport ?? { width: 1280, height: 800 },
        timezoneId: options.timeZone ?? 'Europe/Berlin',
      });
      // A loaded machine (2 cores, many suites) can be slow to answer: wait for states, generously.
      context.setDefaultTimeout(30_000);
      return context;
    },
    async stop() {
      await browser.close();
      if (!options.stack) await stack.stop();
    },
  };
}

/** Every request comes from 127.0.0.1: give each test the network's sign-up and login budget unused. */
export const freshNetworkBudget = resetNetworkLimits;

/** The one-time token of the newest `kind` mail to `address`, from the outbox, as the link carries it. */
export async function tokenFromMail(stack: TestStack, address: string, kind: string): Promise<string> {
  return waitFor(
    async () => {
      const [mail] = await stack.database.db
        .select({ body: outboxEmails.body })
        .from(outboxEmails)
        .where(and(eq(outboxEmails.toAddress, address), eq(outboxEmails.kind, kind)))
        .orderBy(desc(outboxEmails.createdAt))
        .limit(1);
      return mail?.body.match(/#token=([\w-]+)/)?.[1];
    },
    20_000,
    `a ${kind} mail to ${address}`,
  );
}

/**
 * Runs axe-core (served from node_modules, no CDN) on the page and returns the serious and critical
 * violations as readable lines: a screen passes when this is empty.
 */
export async function seriousA11yViolations(page: import('playwright-core').Page): Promise<string[]> {
  const { source } = (await import('axe-core')).default;
  // Through DevTools, not a <script> tag: the app's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(`${source};undefined`);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Collects console errors and failed (>= 400) requests on a page: every screen should end with none. */
export function watchProblems(page: import('playwright-core').Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
  page.on('response', (response) => void (response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`)));
  return problems;
}

/**
 * Console errors other than failed requests: a CSP violation, an exception, a React warning. For
 * screens whose tests provoke 4xx answers on purpose (a wrong password, a used reset link, /me
 * while logged out), where watchProblems would list those.
 */
export function watchConsoleErrors(page: import('playwright-core').Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(error.message));
  return errors;
}

/** Saves a screenshot of a main screen for the README (docs/screenshots/<name>-<desktop|phone>.png). */
export async function screenshotForReadme(page: import('playwright-core').Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  // caret 'initial': hiding the caret injects a <style>, which the app's CSP (style-src 'self') reports as a console error.
  await page.screenshot({ path: `docs/screenshots/${name}-${width < 600 ? 'phone' : 'desktop'}.png`, fullPage: true, caret: 'initial' });
}

/** Signs a new business up in the browser; a new org has no brand profile, so it lands in the wizard. */
export async function signUpIntoWizard(page: import('playwright-core').Page): Promise<{ orgId: string; userId: string }> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Rosa');
  await page.getByLabel('E-mail').fill(newAddress());
  await page.getByLabel('Password').fill(STRONG_PASSWORD);
  await page.getByLabel('Business name').fill('Rosa Bakery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Set up Herald', level: 1 }).waitFor();
  const me = (await (await page.request.get('/api/v1/me')).json()) as { user: { id: string }; activeOrgId: string };
  return { orgId: me.activeOrgId, userId: me.user.id };
}
