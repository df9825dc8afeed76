import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountMetricReads, aiOutputs, metricSnapshots, posts, postTargets, socialAccounts } from '../../db/schema/index.js';
import { freshNetworkBudget, newAddress, screenshotForReadme, seriousA11yViolations, startBrowserStack, STRONG_PASSWORD, watchProblems, type BrowserStack } from '../support/browser.js';

let s: BrowserStack;
beforeAll(async () => {
  s = await startBrowserStack();
});
afterAll(() => s?.stop());
beforeEach(() => freshNetworkBudget(s.stack));

/** A browser signed up as a new business in Berlin (through the API, as the sign-up page does). */
async function signedInOwner(context: BrowserContext) {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { email: newAddress(), password: STRONG_PASSWORD, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { user: { id: string }; orgId: string };
  return { userId: body.user.id, orgId: body.orgId };
}

/**
 * Two weeks of March 2026: a post in the first week (X, 5 %), one in the second (X 2 %, Instagram
 * 4 %), daily follower reads for X and the learning agent's analysis of the first week.
 */
async function seedPublishedPosts(user: { userId: string; orgId: string }) {
  const db = s.stack.database.db;
  const account = async (platform: string) => (await db.insert(socialAccounts).values({ orgId: user.orgId, platform, externalId: `${platform}-1`, displayName: `Rosa ${platform}` }).returning())[0]!.id;
  const [x, ig] = [await account('x'), await account('instagram')];
  const post = async (at: string) =>
    (await db.insert(posts).values({ orgId: user.orgId, userId: user.userId, scheduledAt: new Date(at), slotKey: `${user.userId}:${at}`, stage: 'published', brief: { topic: 'bread', brief: 'bread', contentType: 'educational' } }).returning())[0]!;
  const published = async (postRow: typeof posts.$inferSelect, platform: string, accountId: string, text: string, reach: number, engagements: number) => {
    const publishedAt = postRow.scheduledAt;
    const [target] = await db.insert(postTargets).values({ postId: postRow.id, orgId: user.orgId, platform, socialAccountId: accountId, stage: 'published', text, hashtags: ['#bread'], publishedAt, platformPostUrl: `https://${platform}.example/p/${postRow.id}` }).returning();
    const recordedAt = new Date(publishedAt.getTime() + 24 * 3_600_000);
    await db.insert(metricSnapshots).values({ orgId: user.orgId, postId: postRow.id, targetId: target!.id, socialAccountId: accountId, platform, checkpoint: '24h', status: 'taken', dueAt: recordedAt, recordedAt, reach, engagements });
  };
  const first = await post('2026-03-03T09:00:00Z');
  await published(first, 'x', x, 'Sourdough starter, day one', 1000, 50);
  const second = await post('2026-03-10T09:00:00Z');
  await published(second, 'x', x, 'Rye loaves are back', 3000, 60);
  await published(second, 'instagram', ig, 'Rye loaves, fresh from the oven', 2000, 80);
  await db.insert(accountMetricReads).values([
    { orgId: user.orgId, socialAccountId: x, platform: 'x', day: '2026-03-02', status: 'taken', followers: 100 },
    { orgId: user.orgId, socialAccountId: x, platform: 'x', day: '2026-03-15', status: 'taken', followers: 120 },
  ]);
  await db.insert(aiOutputs).values({
    orgId: user.orgId, task: 'learning.weekly', promptVersion: 'learning.weekly@v1', provider: 'offline', model: 'offline', offlineWritten: true,
    output: { weekStart: '2026-03-02', headline: 'One post at 5.0% engagement; x led.', byPlatform: [], byContentType: [], byTimeSlot: [], byHashtag: [], recommendations: ['Post sourdough tips on weekday mornings.'] },
  });
  return { first: first.id, second: second.id };
}

const tile = (page: Page, label: string) => page.locator('.tile', { has: page.getByText(label, { exact: true }) }).locator('dd');

describe('analytics in the browser', () => {
  it('charts a range, follows a changed range, downloads the top posts as CSV, and reads well on a phone', async () => {
    const context = await s.newContext();
    const user = await signedInOwner(context);
    const ids = await seedPublishedPosts(user);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/analytics?from=2026-03-02&to=2026-03-15');

    await page.getByText('First and last day (both included), in Europe/Berlin').waitFor();
    expect(await tile(page, 'Posts published').textContent()).toBe('2');
    expect(await tile(page, 'Reach').textContent()).toBe('6,000');
    expect(await tile(page, 'Engagements').textContent()).toBe('190');
    expect(await tile(page, 'Follower growth').textContent()).toBe('+20');
    // Overview, comparison, top posts and followers: four drawn charts.
    await expect.poll(() => page.locator('.chart .recharts-wrapper').count(), { timeout: 30_000 }).toBe(4);
    const topPosts = page.getByRole('list', { name: 'Top posts' });
    expect(await topPosts.getByRole('link').first().textContent()).toBe('Sourdough starter, day one');
    expect(await topPosts.getByRole('link', { name: 'Sourdough starter, day one' }).getAttribute('href')).toBe(`/posts/${ids.first}`);
    await page.getByText('Post sourdough tips on weekday mornings.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the top posts (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('herald-top-posts-2026-03-02-2026-03-15.csv');
    const [header, ...rows] = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(header).toBe('postId,platform,publishedAt,reach,engagements,engagementRate,url,text');
    expect(rows.map((r) => r.split(',').slice(0, 2).join(' '))).toEqual([`${ids.first} x`, `${ids.second} instagram`, `${ids.second} x`]);

    const refetched = page.waitForResponse((r) => r.url().includes('/analytics/overview?') && r.url().includes('from=2026-03-09'));
    await page.getByRole('spinbutton', { name: /^day, Start Date/ }).click();
    await page.keyboard.type('09');
    expect((await refetched).status()).toBe(200);
    await expect.poll(() => tile(page, 'Posts published').textContent()).toBe('1');
    expect(await tile(page, 'Reach').textContent()).toBe('5,000');
    expect(await topPosts.getByRole('link').count()).toBe(2);
    await page.getByText(/No weekly analysis covers this range yet/).waitFor();
    expect(new URL(page.url()).search).toBe('?from=2026-03-09&to=2026-03-15');
    await screenshotForReadme(page, 'analytics');

    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotForReadme(page, 'analytics');
    expect(problems).toEqual([]);
    await context.close();
  });
});
