import type { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { posts, postTargets } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { weeklyStateQuery } from '../../workflows/weekly.js';
import { addDays, wallClockOf, weekStartOf } from '../../web/src/lib/local-dates.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, startBrowserStack, STRONG_PASSWORD, watchProblems, type BrowserStack } from '../support/browser.js';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../support/content.js';
import { waitFor } from '../support/processes.js';
import type { TestUser } from '../support/stack.js';

/**
 * The strategy and calendar screens in Chromium against the real stack. The browser runs in New
 * York while the user lives in Berlin: every time on screen must be Berlin's, named.
 */
const ZONE = 'Europe/Berlin';
const MINUTE = 60_000;

let s: BrowserStack;
const handles: WorkflowHandle[] = [];
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(async () => {
  for (const h of handles) await h.terminate('test over').catch(() => undefined);
  await s?.stop();
});
beforeEach(() => freshNetworkBudget(s.stack));

interface Owner extends Pick<TestUser, 'orgId' | 'userId'> {
  csrf: string;
}

async function signedInOwner(context: BrowserContext): Promise<Owner> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: ZONE },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { user: { id: string }; orgId: string; csrfToken: string };
  await createBrandProfile(s.stack, { orgId: body.orgId, userId: body.user.id }, { timeZone: ZONE, postsPerDay: 1, platforms: ['linkedin', 'x'] });
  return { userId: body.user.id, orgId: body.orgId, csrf: body.csrfToken };
}

const browserContext = (width = 1280) => s.newContext({ viewport: { width, height: 860 }, timeZone: 'America/New_York' });

/** The screen fits a 360 px phone without scrolling sideways, and a phone screenshot is kept for the README. */
async function checkPhone(page: Page, screen: string) {
  await page.setViewportSize({ width: 390, height: 860 });
  await screenshotForReadme(page, screen);
  await page.setViewportSize({ width: 360, height: 740 });
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe('the weekly strategy in the browser', () => {
  it('shows the plan waiting for a decision, rewrites it from the user\'s instructions, and records the approval', async () => {
    const context = await browserContext();
    const owner = await signedInOwner(context);
    const planStart = addDays(weekStartOf(wallClockOf(Date.now(), ZONE).date), 7);
    const plan = await s.stack.temporal.workflow.start('weeklyPlanWorkflow', {
      workflowId: workflowIds.weekly(owner.orgId, owner.userId, planStart),
      taskQueue: s.stack.queues.main,
      args: [{ orgId: owner.orgId, userId: owner.userId, planStart }],
    });
    handles.push(plan);
    const stateOf = (what: (st: Awaited<ReturnType<typeof readState>>) => boolean, label: string) =>
      waitFor(async () => {
        const st = await readState();
        return what(st) ? st : undefined;
      }, 60_000, label);
    const readState = () => plan.query(weeklyStateQuery);
    await stateOf((st) => st.status === 'presented' && st.version === 1, 'the plan presented');

    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/strategy');
    await page.getByTestId('decision-state').getByText(/^Waiting for your decision until .*\(Europe\/Berlin\)$/).waitFor();
    await page.getByRole('heading', { name: "This week's themes" }).waitFor();
    const planned = page.getByTestId('plan-post');
    await planned.first().waitFor();
    expect(await planned.count()).toBe(14); // one slot a day on two platforms
    expect(await planned.first().textContent()).toMatch(/^\d{2}:\d{2} \(Europe\/Berlin\) · (LinkedIn|X) · .+Predicted engagement \d+\.\d % · confidence \d+ %$/);
    await page.getByRole('heading', { name: /^Themes for / }).waitFor();
    await page.getByText(/^Week \d: /).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'strategy');
    await checkPhone(page, 'strategy');

    await page.getByRole('button', { name: 'Modify…' }).click();
    await page.getByLabel('What should change?').fill('More about our new croissants');
    await page.getByRole('button', { name: 'Rewrite the plan' }).click();
    await page.getByText('Version 2 · written with your instructions “More about our new croissants”').waitFor({ timeout: 90_000 });
    await page.getByTestId('decision-state').getByText(/^Waiting for your decision/).waitFor();
    await stateOf((st) => st.status === 'presented' && st.version === 2, 'version 2 presented');

    await page.getByRole('button', { name: 'Approve the plan' }).click();
    await page.getByTestId('decision-state').getByText('Approved: Herald writes the week\'s posts from this plan.').waitFor();
    await stateOf((st) => st.status !== 'presented', 'the approval recorded');
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** A post written and approved through its workflow, publishing `hoursAhead` from now (on a whole 5 minutes). */
async function approvedPost(context: BrowserContext, owner: Owner, hoursAhead: number): Promise<{ postId: string; at: number }> {
  const at = Math.ceil((Date.now() + hoursAhead * 3600_000) / (5 * MINUTE)) * 5 * MINUTE;
  const postId = await createWrittenPost(s.stack, owner, new Date(at));
  handles.push(await startPostWorkflow(s.stack, { postId, orgId: owner.orgId, publishAt: new Date(at).toISOString(), leadMinutes: 30 }));
  await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 30_000, 'awaiting approval');
  const res = await context.request.post(`/api/v1/orgs/${owner.orgId}/posts/${postId}/approve`, { data: {}, headers: { 'x-csrf-token': owner.csrf } });
  expect(res.status()).toBe(200);
  await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'approved' ? true : undefined), 30_000, 'approved');
  return { postId, at };
}

/** Presses the card with the mouse, moves it `dy` pixels down in steps, checks what shows while held, and lets go. */
async function dragBy(page: Page, card: Locator, dy: number, whileHeld: () => Promise<void>) {
  const box = (await card.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + dy, { steps: 12 });
  await whileHeld();
  await page.mouse.up();
}

/** Shows the week holding `day` (the calendar opens on today's week). */
async function showWeekOf(page: Page, day: string) {
  const today = wallClockOf(Date.now(), ZONE).date;
  if (weekStartOf(day) !== weekStartOf(today)) await page.getByRole('button', { name: 'Next week' }).click();
}

describe('the calendar in the browser', () => {
  it('places posts on the right day and time in the user\'s zone, moves an approved one within +-30 min by dragging it with the mouse, and refuses a drop beyond', async () => {
    const context = await browserContext();
    const owner = await signedInOwner(context);
    // The drags below move the post up to 45 minutes either way; it must stay on one local day (and
    // so in one column), whatever the time the test runs: 3 hours ahead, or 5.5 if that is within an hour of midnight.
    const sameDay = (h: number) => {
      const at = Date.now() + h * 3600_000;
      return wallClockOf(at - 60 * MINUTE, ZONE).date === wallClockOf(at + 60 * MINUTE, ZONE).date;
    };
    const { postId, at } = await approvedPost(context, owner, sameDay(3) ? 3 : 5.5);
    const publishedAt = Math.floor((Date.now() - 2 * 3600_000) / MINUTE) * MINUTE;
    const [done] = await s.stack.database.db
      .insert(posts)
      .values({ orgId: owner.orgId, userId: owner.userId, stage: 'published', scheduledAt: new Date(publishedAt), slotKey: `web-plan:${randomUUID()}` })
      .returning();
    await s.stack.database.db.insert(postTargets).values({ postId: done!.id, orgId: owner.orgId, platform: 'facebook', stage: 'published' });
    const approved = wallClockOf(at, ZONE);
    const published = wallClockOf(publishedAt, ZONE);

    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/calendar');
    await page.getByText(`Times in ${ZONE}.`).waitFor();
    await showWeekOf(page, approved.date);
    const approvedChip = page.locator(`[data-day="${approved.date}"]`).getByTestId('cal-chip').filter({ hasText: 'Approved' });
    expect(await approvedChip.textContent()).toMatch(new RegExp(`^${approved.time} ${ZONE}, .+: LinkedIn, X Approved$`));
    if (weekStartOf(published.date) === weekStartOf(approved.date)) {
      expect(await page.locator(`[data-day="${published.date}"]`).getByTestId('cal-chip').filter({ hasText: 'Published' }).textContent()).toMatch(new RegExp(`^${published.time} ${ZONE}, .+: Facebook Published$`));
    }
    await page.getByRole('list', { name: 'Status colours' }).getByText('Waiting for approval').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshotForReadme(page, 'calendar');
    await checkPhone(page, 'calendar');

    // Drag the card with the mouse to the far end of its window: 30 minutes later (two pixels a minute).
    const later = wallClockOf(at + 30 * MINUTE, ZONE).time;
    const band = page.locator('.cal-window');
    await dragBy(page, approvedChip, 60, async () => {
      await expect.poll(() => band.textContent()).toBe(`${wallClockOf(at - 30 * MINUTE, ZONE).time}${later}`);
      await expect.poll(() => approvedChip.locator('.chip-time').textContent()).toBe(later);
    });
    await page.getByRole('status').filter({ hasText: `Moved: it publishes at ${later} (${ZONE}).` }).waitFor();
    await waitFor(async () => ((await postRow(s.stack, postId)).scheduledAt.getTime() === at + 30 * MINUTE ? true : undefined), 30_000, 'moved 30 minutes later');
    await approvedChip.filter({ hasText: later }).waitFor();
    expect(await approvedChip.textContent()).toMatch(new RegExp(`^${later} ${ZONE}, .+: LinkedIn, X Approved$`));
    expect(await page.getByRole('dialog').count()).toBe(0);

    // 15 minutes further is 45 from the approved time: refused, saying why; the card goes back and nothing is sent.
    const tooLate = wallClockOf(at + 45 * MINUTE, ZONE).time;
    await dragBy(page, approvedChip, 30, () => expect.poll(() => approvedChip.locator('.chip-time').textContent()).toBe(tooLate));
    await page.getByRole('alert').getByText(`${tooLate} is 45 minutes from the approved time ${approved.time}: an approved post may move at most 30 minutes`, { exact: false }).waitFor();
    expect(await approvedChip.locator('.chip-time').textContent()).toBe(later);
    expect(await approvedChip.evaluate((el) => (el as HTMLElement).style.transform)).toBe('');
    expect((await postRow(s.stack, postId)).scheduledAt.getTime()).toBe(at + 30 * MINUTE);

    // The keyboard's way stays: pressing the card opens it, with the window's slider.
    await approvedChip.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('slider', { name: /Publish time/ }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('radio', { name: 'Month' }).click();
    await page.locator(`[data-day="${approved.date}"]`).getByTestId('cal-chip').filter({ hasText: later }).waitFor();
    expect(await page.locator(`[data-day="${approved.date}"]`).getByRole('link', { name: /^New post on/ }).getAttribute('href')).toBe(`/compose?date=${approved.date}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
