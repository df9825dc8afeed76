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

export async function startBrowserStack(): Promise<BrowserStack> {
  await ensureWebBuilt(silentLog);
  const stack = await startStack();
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
      await stack.stop();
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
