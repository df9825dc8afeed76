import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metricSnapshots, postTargets } from '../../db/schema/index.js';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { startMoto, type MotoServer } from '../support/ai.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, STRONG_PASSWORD, watchProblems } from '../support/browser.js';
import { madeMedia } from '../support/media-files.js';
import { waitFor } from '../support/processes.js';
import { addDays, todayIn } from '../../web/src/lib/local-dates.js';
import { monitorSecondsApart, startPublishingStack, type PublishingStack } from '../support/publishing.js';
import { silentLog } from '../support/stack.js';

/**
 * Compose and post detail in Debian's Chromium against the publishing stack: the real API and
 * worker, Temporal, Postgres, the platform emulator, and S3 (moto) for the uploaded image.
 */
const BUCKET = 'herald-web-compose';
const DAY_MS = 86_400_000;

let moto: MotoServer;
let s: PublishingStack;
let browser: Browser;
beforeAll(async () => {
  moto = await startMoto();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await ensureWebBuilt(silentLog);
  s = await startPublishingStack({ aiEnv: { S3_BUCKET: BUCKET, S3_ENDPOINT: moto.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test' } });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await moto?.stop();
});
beforeEach(() => freshNetworkBudget(s.stack));

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: s.stack.baseUrl, viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(30_000);
  return context;
}

/** A new business signed up in the browser's profile, with sandbox X and LinkedIn accounts connected through the API. */
async function signedUpWithAccounts(context: BrowserContext): Promise<{ orgId: string; userId: string }> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { user: { id: string }; orgId: string; csrfToken: string };
  for (const platform of ['x', 'linkedin']) {
    const connected = await context.request.post(`/api/v1/orgs/${body.orgId}/accounts/connect-sandbox`, { data: { platform }, headers: { 'x-csrf-token': body.csrfToken } });
    expect(connected.status()).toBe(201);
  }
  return { orgId: body.orgId, userId: body.user.id };
}

async function noHorizontalScrollAt360(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  // Charts re-measure after a resize (ResizeObserver runs later): wait for the settled layout.
  await page
    .waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, undefined, { timeout: 10_000 })
    .catch(() => undefined);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe('compose and post detail in the browser', () => {
  it('a post written with an image and published now is on the emulator, and its detail shows it live with a link and its checkpoints charted', async () => {
    const context = await newContext();
    const { orgId } = await signedUpWithAccounts(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const nonce = randomUUID().slice(0, 8);
    const text = `Our rye sourdough is out of the oven (${nonce}). Come by before noon!`;

    await page.goto('/compose');
    await page.getByRole('heading', { name: 'Compose', level: 1 }).waitFor();
    await page.getByRole('checkbox', { name: /^X/ }).check({ force: true });
    await page.getByRole('checkbox', { name: /^LinkedIn/ }).check({ force: true });
    await page.getByLabel('Post text').fill(text);
    await page.getByLabel('Hashtags').fill('sourdough bakery');
    await page.getByLabel('Images and videos').setInputFiles({ name: 'loaf.jpg', mimeType: 'image/jpeg', buffer: madeMedia('jpg', '1200x628') });
    await page.getByRole('list', { name: 'Attached media' }).getByText('image · 1200×628').waitFor();
    const xPreview = page.getByTestId('preview-x');
    expect(await xPreview.getByTestId('length').textContent()).toBe(`${text.length + '\n\n#sourdough #bakery'.length} / 280 characters`);
    await xPreview.getByRole('img', { name: 'Attached image' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'compose');

    // Scheduling instead: tomorrow typed into the date picker, the time field named with the user's zone; then back to now.
    await page.getByRole('radio', { name: 'Schedule' }).check({ force: true });
    await page.getByText('A day in Europe/Berlin').waitFor();
    const [year, month, day] = addDays(todayIn('Europe/Berlin'), 1).split('-');
    await page.getByRole('spinbutton', { name: /^month, Date/ }).click();
    await page.keyboard.type(`${month}${day}${year}`);
    expect(await page.getByRole('spinbutton', { name: /^hour, Time \(Europe\/Berlin\)/ }).textContent()).toBe('9');
    await expect.poll(() => page.getByRole('button', { name: 'Schedule' }).isEnabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'Publish now' }).check({ force: true });

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    const postId = page.url().split('/').pop()!;

    // On the platform emulator, each with the image.
    const onX = await waitFor(async () => (await s.platforms.posts('x')).find((p) => p.text.includes(nonce)), 180_000, 'the post on X');
    const onLinkedIn = await waitFor(async () => (await s.platforms.posts('linkedin')).find((p) => p.text.includes(nonce)), 60_000, 'the post on LinkedIn');
    expect(onX.mediaCount).toBe(1);
    expect(onLinkedIn.mediaCount).toBe(1);
    const targets = await waitFor(async () => {
      const rows = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
      return rows.length === 2 && rows.every((t) => t.stage === 'published' && t.platformPostUrl) ? rows : undefined;
    }, 60_000, 'both targets published');

    const xStatus = page.getByTestId('status-x');
    await xStatus.getByText('Published', { exact: true }).waitFor({ timeout: 60_000 });
    const xTarget = targets.find((t) => t.platform === 'x')!;
    expect(await xStatus.getByRole('link', { name: 'View the live post on X' }).getAttribute('href')).toBe(xTarget.platformPostUrl);
    await page.getByTestId('status-linkedin').getByRole('link', { name: 'View the live post on LinkedIn' }).waitFor();
    await page.getByRole('list', { name: 'Approval history' }).getByText('You approved').waitFor();

    for (const target of targets) {
      await s.platforms.advanceClock(DAY_MS);
      await monitorSecondsApart(s, target);
    }
    await waitFor(async () => {
      const rows = await s.stack.database.db.select().from(metricSnapshots).where(eq(metricSnapshots.postId, postId));
      return rows.length === 10 ? rows : undefined;
    }, 90_000, 'five checkpoints per platform');
    const chart = page.getByTestId('checkpoints-x');
    await chart.getByRole('row', { name: /^15m/ }).getByRole('cell').nth(1).waitFor({ timeout: 60_000 });
    const [taken] = await s.stack.database.db.select().from(metricSnapshots).where(eq(metricSnapshots.targetId, xTarget.id)).orderBy(metricSnapshots.dueAt).limit(1);
    expect(taken!.status).toBe('taken');
    const row24 = chart.getByRole('row', { name: /^24h/ });
    await row24.waitFor();
    expect(await chart.getByRole('row', { name: /^15m/ }).textContent()).toContain(Math.round(taken!.engagements!).toLocaleString('en-US'));
    // Both lines drawn: the readings and the expected curve.
    const curves = chart.locator('path.recharts-line-curve');
    expect(await curves.count()).toBe(2);
    for (const d of await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) expect(d).toMatch(/^M[\d.]+,[\d.]+(L|C)/);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'post-detail');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotForReadme(page, 'post-detail');
    await noHorizontalScrollAt360(page);

    await page.goto('/compose');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('checkbox', { name: /^X/ }).check({ force: true });
    await page.getByLabel('Post text').fill(`${'Fresh bread every morning. '.repeat(11)}`);
    await page.getByTestId('preview-x').getByText(/^X allows 280 characters/).waitFor();
    expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'compose');
    await noHorizontalScrollAt360(page);

    expect(problems).toEqual([]);
    for (const target of targets) await s.stack.temporal.workflow.getHandle(workflowIds.monitor(target.id)).terminate('test over').catch(() => undefined);
    await context.close();
  }, 420_000);
});
