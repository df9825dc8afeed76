import { readFileSync } from 'node:fs';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyReportActivities } from '../../../activities/analytics/weekly-report.js';
import { cycleActivities } from '../../../activities/content/cycle.js';
import { weeklyActivities } from '../../../activities/content/weekly.js';
import { loadBillingConfig } from '../../../config/billing.js';
import { accountMetricReads, aiOutputs, outboxEmails, metricSnapshots, postRevisions, posts, postTargets, socialAccounts, weeklyStrategies } from '../../../db/schema/index.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

let stack: TestStack;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
const ids: Record<string, string> = {};
const RANGE = 'from=2026-03-02&to=2026-03-15';

/**
 * Two weeks of an org in New York (EST, then EDT from 8 March): four targets published in range,
 * one failed, one out of range; daily account reads; approved strategies with predictions (put
 * on the targets by migration 0026's backfill, as for posts planned before it); one learning
 * analysis. Every figure asserted below follows from these rows.
 */
async function seed(user: TestUser) {
  const db = stack.database.db;
  const account = async (platform: string) =>
    (await db.insert(socialAccounts).values({ orgId: user.orgId, platform, externalId: `${platform}-1`, displayName: `Surf ${platform}` }).returning())[0]!.id;
  const [x, ig, li] = [await account('x'), await account('instagram'), await account('linkedin')];
  const post = async (name: string, at: string, slot: string, contentType: string, extra: Partial<typeof posts.$inferInsert> = {}) => {
    const [row] = await db
      .insert(posts)
      .values({ orgId: user.orgId, userId: user.userId, scheduledAt: new Date(at), slotKey: `${user.userId}:${slot}`, stage: 'published', brief: { topic: name, brief: name, contentType }, ...extra })
      .returning();
    ids[name] = row!.id;
    return row!;
  };
  const target = async (postRow: typeof posts.$inferSelect, platform: string, accountId: string, lateMs: number | null, hashtags: string[], figures: [number, number][], text = 'Waves today') => {
    const publishedAt = lateMs === null ? null : new Date(postRow.scheduledAt.getTime() + lateMs);
    const [row] = await db
      .insert(postTargets)
      .values({ postId: postRow.id, orgId: user.orgId, platform, socialAccountId: accountId, stage: publishedAt ? 'published' : 'failed', text, hashtags, publishedAt, platformPostUrl: `https://${platform}.example/p/${postRow.id}` })
      .returning();
    const checkpoints = ['1h', '24h'] as const;
    for (const [i, [reach, engagements]] of figures.entries()) {
      const recordedAt = new Date(publishedAt!.getTime() + (i + 1) * 3_600_000);
      await db.insert(metricSnapshots).values({ orgId: user.orgId, postId: postRow.id, targetId: row!.id, socialAccountId: accountId, platform, checkpoint: checkpoints[i]!, status: 'taken', dueAt: recordedAt, recordedAt, reach, engagements });
    }
  };
  const approved = (at: string) => ({ approvedAt: new Date(Date.parse(at) - 86_400_000) });

  const p1 = await post('p1', '2026-03-02T14:00:00Z', '2026-03-02@09:00', 'educational', approved('2026-03-02T14:00:00Z'));
  await target(p1, 'x', x, 30_000, ['#Surf', 'tips'], [[500, 10], [1000, 50]], '=HYPERLINK("http://evil.example","click"), "quoted"');
  await target(p1, 'instagram', ig, 300_000, ['#surf'], [[2000, 60]]);
  const p2 = await post('p2', '2026-03-04T02:00:00Z', '2026-03-03@21:00', 'promotional', approved('2026-03-04T02:00:00Z'));
  await target(p2, 'x', x, 0, ['#Sale'], [[1000, 10]]);
  const p3 = await post('p3', '2026-03-10T13:00:00Z', '2026-03-10@09:00', 'educational', approved('2026-03-10T13:00:00Z'));
  await target(p3, 'x', x, 10_000, [], [[400, 20]]);
  const p4 = await post('p4', '2026-03-11T13:00:00Z', '2026-03-11@09:00', 'educational', { ...approved('2026-03-11T13:00:00Z'), stage: 'failed' });
  await target(p4, 'instagram', ig, null, [], []);
  await post('p5-undecided', '2026-03-12T13:00:00Z', '2026-03-12@09:00', 'educational', { stage: 'expired' });
  const old = await post('old', '2026-02-01T14:00:00Z', '2026-02-01@09:00', 'educational', approved('2026-02-01T14:00:00Z'));
  await target(old, 'x', x, 0, ['#surf'], [[99_999, 9_999]]);

  const revision = (postId: string, revision: number, kind: typeof postRevisions.$inferInsert.kind, at: string) =>
    db.insert(postRevisions).values({ postId, orgId: user.orgId, revision, kind, actor: 'rosa', snapshot: {}, at: new Date(at) });
  await revision(ids.p2!, 2, 'edit', '2026-03-02T10:00:00Z');
  await revision(ids.p3!, 2, 'timing', '2026-03-08T10:00:00Z');
  await revision(ids.p4!, 2, 'replacement', '2026-03-09T10:00:00Z');

  const read = (accountId: string, platform: string, day: string, values: Partial<typeof accountMetricReads.$inferInsert>) =>
    db.insert(accountMetricReads).values({ orgId: user.orgId, socialAccountId: accountId, platform, day, status: 'taken', ...values });
  await read(x, 'x', '2026-03-02', { followers: 100 });
  await read(x, 'x', '2026-03-15', { followers: 130 });
  await read(ig, 'instagram', '2026-03-02', { followers: 500, reach: 700 });
  await read(ig, 'instagram', '2026-03-15', { followers: 520, reach: 900 });
  await read(li, 'linkedin', '2026-03-02', { status: 'unavailable', reason: 'LinkedIn gives follower counts only with r_member_followers' });

  const output = async (task: string, output: unknown) =>
    (await db.insert(aiOutputs).values({ orgId: user.orgId, task, promptVersion: `${task}@v1`, provider: 'offline', model: 'offline', offlineWritten: true, output }).returning())[0]!.id;
  const strategy = async (weekStart: string, status: 'approved' | 'superseded', days: unknown[]) =>
    db.insert(weeklyStrategies).values({ orgId: user.orgId, userId: user.userId, weekStart, planStart: weekStart, purpose: 'presentation', status, outputId: await output('strategy.weekly', { weekStart, days }) });
  const planned = (platform: string, time: string, predictedEngagementRate: number) => ({ platform, time, predictedEngagementRate });
  await strategy('2026-03-02', 'approved', [
    { date: '2026-03-02', posts: [planned('x', '09:00', 0.04), planned('instagram', '09:00', 0.03)] },
    { date: '2026-03-03', posts: [planned('x', '21:00', 0.02)] },
  ]);
  await strategy('2026-03-09', 'superseded', [{ date: '2026-03-10', posts: [planned('x', '09:00', 0.5)] }]);
  await strategy('2026-03-09', 'approved', [{ date: '2026-03-10', posts: [planned('x', '09:00', 0.05)] }]);
  await backfillPredictions();

  await output('learning.weekly', {
    weekStart: '2026-03-02',
    headline: '3 posts at 3.2% engagement; x led.',
    byPlatform: [{ key: 'x', verdict: 'do more', why: '3.3% over 3 posts, well above the account average.' }],
    byContentType: [{ key: 'promotional', verdict: 'do less', why: '1.0% over 3 posts, below the account average.' }],
    byTimeSlot: [],
    byHashtag: [{ key: 'surf', verdict: 'too early to tell', why: 'Only 2 posts.' }],
    recommendations: ['Schedule more posts in the morning slot, where engagement was highest.'],
  });
}

/** Migration 0026's backfill: the targets of posts planned before it take their strategy's prediction. */
async function backfillPredictions() {
  const migration = readFileSync(new URL('../../../db/migrations/0026_target_predictions.sql', import.meta.url), 'utf8');
  const backfill = migration.split('--> statement-breakpoint').find((statement) => statement.includes('UPDATE'))!;
  await stack.database.db.execute(sql.raw(backfill));
}

const get = async (user: TestUser, path: string) => {
  const res = await user.request(`/api/v1/orgs/${owner.orgId}/analytics/${path}`);
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text(), headers: res.headers };
};

beforeAll(async () => {
  stack = await startStack({ worker: false });
  owner = await createTestUser(stack, { name: 'Rosa', timeZone: 'America/New_York' });
  viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer' });
  outsider = await createTestUser(stack, { name: 'Mallory' });
  await seed(owner);
});
afterAll(() => stack?.stop());

describe('analytics API', () => {
  it('sums a range into posts, reach, engagement rate and follower growth per platform', async () => {
    const { status, body } = await get(owner, `overview?${RANGE}`);
    expect(status).toBe(200);
    expect(body.range).toEqual({ from: '2026-03-02', to: '2026-03-15', timeZone: 'America/New_York' });
    expect(body.overview).toMatchObject({ posts: 3, reach: 4400, engagements: 140, engagementRate: 0.0318, followerGrowth: 50 });
    const byKey = Object.fromEntries(body.overview.byPlatform.map((p: { key: string }) => [p.key, p]));
    expect(byKey.x).toMatchObject({ posts: 3, reach: 2400, engagements: 80, engagementRate: 0.0333, followers: 130, followerGrowth: 30 });
    expect(byKey.instagram).toMatchObject({ posts: 1, reach: 2000, followers: 520, followerGrowth: 20, accountReach: 1600 });
    expect(byKey.linkedin).toMatchObject({ posts: 0, followers: null, accountMetricsUnavailable: expect.stringContaining('r_member_followers') });
  });

  it('compares by local hour and weekday in the org\'s zone, and by hashtag without case or #', async () => {
    const hours = (await get(owner, `compare?by=hour&${RANGE}`)).body.groups;
    expect(hours.map((g: { key: string; posts: number }) => [g.key, g.posts])).toEqual([['09:00', 3], ['21:00', 1]]);
    const days = (await get(owner, `compare?by=weekday&${RANGE}`)).body.groups;
    expect(days.map((g: { key: string; posts: number }) => [g.key, g.posts])).toEqual([['Monday', 2], ['Tuesday', 2]]);
    const tags = (await get(owner, `compare?by=hashtag&${RANGE}`)).body.groups;
    expect(tags[0]).toEqual({ key: 'tips', posts: 1, reach: 1000, engagements: 50, engagementRate: 0.05 });
    expect(tags.find((g: { key: string }) => g.key === 'surf')).toMatchObject({ posts: 2, reach: 3000, engagements: 110 });
    const types = (await get(owner, `compare?by=contentType&${RANGE}`)).body.groups;
    expect(types.map((g: { key: string }) => g.key)).toEqual(['educational', 'promotional']);
  });

  it('ranks the top and bottom posts by engagement rate', async () => {
    const top = (await get(owner, `posts?order=top&limit=2&${RANGE}`)).body.posts;
    expect(top.map((p: { postId: string; engagementRate: number }) => [p.postId, p.engagementRate])).toEqual([[ids.p1, 0.05], [ids.p3, 0.05]]);
    const bottom = (await get(owner, `posts?order=bottom&limit=1&${RANGE}`)).body.posts;
    expect(bottom).toEqual([expect.objectContaining({ postId: ids.p2, platform: 'x', reach: 1000, engagements: 10, engagementRate: 0.01 })]);
  });

  it('tracks predicted against actual engagement per week, against the 80 % target', async () => {
    const { weeks } = (await get(owner, `predictions?${RANGE}`)).body;
    expect(weeks).toEqual([
      { week: '2026-03-02', posts: 3, meanPredicted: 0.03, meanActual: 0.03, accuracy: 0.7778, target: 0.8, met: false },
      { week: '2026-03-09', posts: 1, meanPredicted: 0.05, meanActual: 0.05, accuracy: 1, target: 0.8, met: true },
    ]);
  });

  it('compares each post with the prediction it was planned with, not a later strategy\'s', async () => {
    const db = stack.database.db;
    const planner = await createTestUser(stack, { name: 'Noor', timeZone: 'America/New_York' });
    const weekly = weeklyActivities(db, loadBillingConfig({}));
    const strategyOutput = async (days: unknown[]) =>
      (await db.insert(aiOutputs).values({ orgId: planner.orgId, task: 'strategy.weekly', promptVersion: 'strategy.weekly@v1', provider: 'offline', model: 'offline', offlineWritten: true, output: { weekStart: '2026-04-06', themes: ['Spring'], days } }).returning())[0]!.id;
    const slot = (platform: string, time: string, predictedEngagementRate: number, confidence: number) =>
      ({ platform, time, contentType: 'educational', brief: 'Show the first surf lesson of spring.', predictedEngagementRate, confidence });
    const first = await strategyOutput([
      { date: '2026-04-06', posts: [slot('x', '09:00', 0.02, 0.6), slot('instagram', '09:00', 0.08, 0.4)] },
      { date: '2026-04-07', posts: [slot('x', '09:00', 0.06, 0.5)] },
    ]);
    const claim = (outputId: string) => weekly.claimSlotsFromStrategy({ orgId: planner.orgId, userId: planner.userId, timeZone: 'America/New_York', outputId });
    const made = await claim(first);
    expect(made).toHaveLength(2);
    // A later approved plan for the same week predicts every slot at 0.5; the posts were already made from the first.
    const later = await strategyOutput([
      { date: '2026-04-06', posts: [slot('x', '09:00', 0.5, 0.9), slot('instagram', '09:00', 0.5, 0.9)] },
      { date: '2026-04-07', posts: [slot('x', '09:00', 0.5, 0.9)] },
    ]);
    for (const outputId of [first, later]) {
      await db.insert(weeklyStrategies).values({ orgId: planner.orgId, userId: planner.userId, weekStart: '2026-04-06', planStart: '2026-04-06', purpose: 'batch', status: 'approved', outputId });
    }
    expect((await claim(later)).map((c) => c.postId).sort()).toEqual(made.map((c) => c.postId).sort());

    const targets = await db.select().from(postTargets).where(inArray(postTargets.postId, made.map((c) => c.postId)));
    expect(targets.map((t) => [t.platform, t.predictedEngagementRate, t.predictionConfidence]).sort()).toEqual([['instagram', 0.08, 0.4], ['x', 0.02, 0.6], ['x', 0.06, 0.5]]);
    // Published on time; every target reached 1,000 people and 40 engaged (4 %).
    for (const t of targets) {
      const { publishAt } = made.find((c) => c.postId === t.postId)!;
      await db.update(postTargets).set({ stage: 'published', publishedAt: new Date(publishAt) }).where(eq(postTargets.id, t.id));
      const recordedAt = new Date(Date.parse(publishAt) + 86_400_000);
      await db.insert(metricSnapshots).values({ orgId: planner.orgId, postId: t.postId, targetId: t.id, platform: t.platform, checkpoint: '24h', status: 'taken', dueAt: recordedAt, recordedAt, reach: 1000, engagements: 40 });
    }

    const res = await planner.request(`/api/v1/orgs/${planner.orgId}/analytics/predictions?from=2026-04-06&to=2026-04-12`);
    // (0.02 + 0.08 + 0.06) / 3 predicted against 0.04 each: off by 0.08 of 0.16 predicted.
    expect((await res.json()).weeks).toEqual([{ week: '2026-04-06', posts: 3, meanPredicted: 0.0533, meanActual: 0.04, accuracy: 0.5, target: 0.8, met: false }]);
    // Each org sees its own weeks only.
    expect((await get(owner, `predictions?from=2026-04-06&to=2026-04-12`)).body.weeks).toEqual([]);
    expect((await get(planner, `predictions?${RANGE}`)).status).toBe(404);
  });

  it('gives a post the daily run plans the approved strategy\'s prediction for its slot, and none where the strategy made none', async () => {
    const db = stack.database.db;
    const planner = await createTestUser(stack, { name: 'Ines', timeZone: 'America/New_York' });
    const output = async (task: string, value: unknown) =>
      (await db.insert(aiOutputs).values({ orgId: planner.orgId, task, promptVersion: `${task}@v1`, provider: 'offline', model: 'offline', offlineWritten: true, output: value }).returning())[0]!.id;
    const planned = (platform: string, predictedEngagementRate: number) => ({ platform, time: '10:00', contentType: 'tip', brief: 'Three knots every surfer should know.', predictedEngagementRate, confidence: 0.3 });
    const strategyId = await output('strategy.weekly', { weekStart: '2026-05-04', themes: ['Knots'], days: [{ date: '2026-05-05', posts: [planned('x', 0.07), planned('linkedin', 0.01)] }] });
    await db.insert(weeklyStrategies).values({ orgId: planner.orgId, userId: planner.userId, weekStart: '2026-05-04', planStart: '2026-05-04', purpose: 'presentation', status: 'approved', outputId: strategyId });
    const brief = { contentType: 'tip', topic: 'knots', brief: 'Three knots every surfer should know.' };
    const dailyPlanId = await output('strategy.daily', { date: '2026-05-05', posts: [{ time: '10:00', platforms: ['x', 'linkedin'], ...brief }, { time: '15:00', platforms: ['x'], ...brief }] });

    const claimed = await cycleActivities(db, loadBillingConfig({})).claimSlotsFromPlan({
      orgId: planner.orgId, userId: planner.userId, timeZone: 'America/New_York', dailyPlanId, nowMs: Date.parse('2026-05-01T00:00:00Z'), leadMinutes: 30,
    });
    const targets = await db.select().from(postTargets).where(inArray(postTargets.postId, claimed.map((c) => c.postId)));
    const at = (time: string) => claimed.find((c) => c.time === time)!.postId;
    expect(targets.map((t) => [t.postId === at('10:00') ? '10:00' : '15:00', t.platform, t.predictedEngagementRate, t.predictionConfidence]).sort()).toEqual([
      ['10:00', 'linkedin', 0.01, 0.3],
      ['10:00', 'x', 0.07, 0.3],
      ['15:00', 'x', null, null],
    ]);
  });

  it('measures first-time approval and schedule adherence against their targets', async () => {
    const { kpis } = (await get(owner, `kpis?${RANGE}`)).body;
    expect(kpis.firstTimeApproval).toEqual({ of: 4, count: 2, rate: 0.5, target: 0.85, met: false });
    expect(kpis.scheduleAdherence).toEqual({ of: 5, count: 3, rate: 0.6, target: 0.9, met: false, published: 4 });
    expect(kpis.predictionAccuracy).toMatchObject({ rate: 0.8334, target: 0.8, met: true });
  });

  it('reads the learning agent\'s weekly analysis in plain words', async () => {
    const { weeks } = (await get(owner, `weekly-analyses?${RANGE}`)).body;
    expect(weeks).toHaveLength(1);
    expect(weeks[0].inWords).toEqual([
      '3 posts at 3.2% engagement; x led.',
      'Worked well: posts on x (3.3% over 3 posts, well above the account average).',
      'Fell short: posts with promotional (1.0% over 3 posts, below the account average).',
      'Next week: Schedule more posts in the morning slot, where engagement was highest.',
    ]);
  });

  it('exports any table as CSV that a spreadsheet cannot run as a formula', async () => {
    const { status, body, headers } = await get(owner, `posts?format=csv&order=top&${RANGE}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/csv');
    expect(headers.get('content-disposition')).toContain('herald-top-posts-2026-03-02-2026-03-15.csv');
    const lines = (body as string).split('\r\n');
    expect(lines[0]).toBe('postId,platform,publishedAt,reach,engagements,engagementRate,url,text');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), ""quoted"""`);
    const accounts = (await get(owner, `accounts?format=csv&${RANGE}`)).body as string;
    expect(accounts.split('\r\n')).toContain('2026-03-02,linkedin,Surf linkedin,unavailable,,,LinkedIn gives follower counts only with r_member_followers');
  });

  it('answers 422 saying what to fix', async () => {
    const problem = async (path: string) => {
      const { status, body } = await get(owner, path);
      expect(status).toBe(422);
      return body.error.message as string;
    };
    expect(await problem('overview?from=2026-3-1')).toContain('from: must be a date as YYYY-MM-DD');
    // Found by the fuzz run: a well-shaped impossible date reached Postgres and answered 500.
    expect(await problem('overview?from=0000-00-00')).toContain('from: must be a real calendar date');
    expect(await problem('kpis?to=2026-02-30')).toContain('to: must be a real calendar date');
    expect(await problem('overview?from=2026-03-10&to=2026-03-01')).toContain('must not be after to');
    expect(await problem('overview?from=2025-01-01&to=2026-03-01')).toContain('at most 366 days');
    expect(await problem('compare?by=colour')).toContain('by:');
    expect(await problem('posts?limit=0')).toContain('limit:');
    expect(await problem('overview?timeZone=Mars/Olympus')).toContain('IANA time zone');
    expect(await problem('overview?format=xlsx')).toContain('format:');
  });

  it('lets every member read, and keeps other organisations out', async () => {
    expect((await get(viewer, `overview?${RANGE}`)).body.overview.posts).toBe(3);
    for (const path of ['overview', 'compare?by=platform', 'posts', 'predictions', 'kpis', 'weekly-analyses', 'accounts']) {
      expect((await get(outsider, path)).status).toBe(404);
    }
    const own = await (await outsider.request(`/api/v1/orgs/${outsider.orgId}/analytics/overview?${RANGE}`)).json();
    expect(own.overview).toMatchObject({ posts: 0, reach: 0, followerGrowth: null, byPlatform: [] });
  });

  it('mails the week\'s report once to those who approve, with the targets and what Herald learned', async () => {
    const report = weeklyReportActivities(stack.database.db);
    expect(await report.sendWeeklyReport({ orgId: owner.orgId, weekStart: '2026-03-02' })).toEqual({ queued: 1 });
    expect(await report.sendWeeklyReport({ orgId: owner.orgId, weekStart: '2026-03-02' })).toEqual({ queued: 0 });
    const mails = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.kind, 'weekly_report'));
    expect(mails.map((m) => m.toUserId)).toEqual([owner.userId]);
    expect(mails[0]!.subject).toBe('Your week on social media: 2 post(s), 3.0 % engagement');
    expect(mails[0]!.body).toContain('- 2 post(s) published, reaching 4,000 people');
    expect(mails[0]!.body).toContain('- Followers +0');
    expect(mails[0]!.body).toContain('- Prediction accuracy: 77.8 % (target 80.0 %) - below');
    expect(mails[0]!.body).toContain('- Worked well: posts on x (3.3% over 3 posts, well above the account average).');
  });
});
