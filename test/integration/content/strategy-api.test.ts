import type { WorkflowHandle } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiOutputs, monthlyThemes } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { weeklyStateQuery } from '../../../workflows/weekly.js';
import { createBrandProfile } from '../../support/content.js';
import { runCli, waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

/**
 * The weekly strategy as a user reads it through the API: three plans of one user (two in March,
 * one in April, the first modified then approved), a viewer of the same org, and another org.
 */
let stack: TestStack;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const handles: WorkflowHandle[] = [];

interface Strategy {
  id: string;
  planStart: string;
  weekStart: string;
  version: number;
  purpose: string;
  regeneratedWith: string | null;
  decision: { state: string; instructions?: string | null; by?: string | null; expiresAt?: string | null };
  monthlyThemesId: string | null;
  themes: string[];
  days: { date: string; posts: { platform: string; time: string; contentType: string; brief: string; predictedEngagementRate: number; confidence: number }[] }[];
  monthTheme: { month: string; week: number; title: string; angle: string } | null;
  learning: { outputId: string; analysis: { headline: string } } | null;
}

async function startPlan(user: TestUser, planStart: string, decisionHours?: { reminderAfterHours: number[]; expireAfterHours: number }) {
  const handle = await stack.temporal.workflow.start('weeklyPlanWorkflow', {
    workflowId: workflowIds.weekly(user.orgId, user.userId, planStart),
    taskQueue: stack.queues.main,
    args: [{ orgId: user.orgId, userId: user.userId, planStart, decisionHours }],
  });
  handles.push(handle);
  return handle;
}

const reaches = (handle: WorkflowHandle, what: (s: Awaited<ReturnType<typeof readState>>) => boolean, label: string) =>
  waitFor(async () => {
    const s = await readState(handle);
    return what(s) ? s : undefined;
  }, 60_000, label);
const readState = (handle: WorkflowHandle) => handle.query(weeklyStateQuery);

async function get<T>(user: TestUser, path: string): Promise<{ status: number; body: T }> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack);
  viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer' });
  stranger = await createTestUser(stack);
  await createBrandProfile(stack, owner, { postsPerDay: 2, platforms: ['linkedin', 'x'] });

  const march = await startPlan(owner, '2027-03-01');
  await reaches(march, (s) => s.status === 'presented' && s.version === 1, 'March plan v1');
  const modify = await owner.request(`/api/v1/orgs/${owner.orgId}/weekly/${owner.userId}/2027-03-01/decision`, { method: 'POST', json: { decision: 'modify_strategy', instructions: 'More about our new croissants' } });
  expect(modify.status).toBe(200);
  await reaches(march, (s) => s.status === 'presented' && s.version === 2, 'March plan v2');
  await owner.request(`/api/v1/orgs/${owner.orgId}/weekly/${owner.userId}/2027-03-01/decision`, { method: 'POST', json: { decision: 'approve_all' } });
  await reaches(march, (s) => s.status === 'batches', 'March plan approved');
  saveHistoryFixture('weekly-monthly-themes', march.workflowId);

  await reaches(await startPlan(owner, '2027-03-08'), (s) => s.status === 'presented', 'second March plan');
  await reaches(await startPlan(owner, '2027-04-05'), (s) => s.status === 'presented', 'April plan');
}, 240_000);

afterAll(async () => {
  for (const h of handles) await h.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

describe('reading the weekly strategy', () => {
  it('shows the current strategy in full: themes, each day\'s posts with predictions, the month\'s theme, the learning it read, and that it waits', async () => {
    const { status, body } = await get<{ strategy: Strategy }>(owner, '/strategies/current');
    expect(status).toBe(200);
    const s = body.strategy;
    expect(s).toMatchObject({ planStart: '2027-04-05', weekStart: '2027-04-05', version: 1, purpose: 'presentation' });
    expect(s.decision.state).toBe('waiting');
    expect(Date.parse(s.decision.expiresAt!)).toBeGreaterThan(Date.now());
    expect(s.themes.length).toBeGreaterThan(0);
    expect(s.days.map((d) => d.date)).toEqual(['2027-04-05', '2027-04-06', '2027-04-07', '2027-04-08', '2027-04-09', '2027-04-10', '2027-04-11']);
    for (const day of s.days) {
      expect(day.posts).toHaveLength(4); // two slots a day, each named once per platform
      for (const p of day.posts) {
        expect(['linkedin', 'x']).toContain(p.platform);
        expect(p.time).toMatch(/^\d{2}:\d{2}$/);
        expect(p.contentType.length).toBeGreaterThan(1);
        expect(p.brief.length).toBeGreaterThan(9);
        expect(p.predictedEngagementRate).toBeGreaterThanOrEqual(0);
        expect(p.confidence).toBeGreaterThan(0);
      }
    }
    expect(s.monthTheme).toMatchObject({ month: '2027-04', week: 1 });
    expect(s.monthTheme!.title.length).toBeGreaterThan(2);
    expect(s.learning?.analysis.headline.length).toBeGreaterThan(9);
  });

  it('pages through past strategies newest week first, each with how it was decided', async () => {
    const first = await get<{ strategies: Strategy[]; nextCursor: string | null }>(owner, `/strategies?userId=${owner.userId}&purpose=presentation&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.strategies.map((s) => [s.planStart, s.version, s.decision.state])).toEqual([
      ['2027-04-05', 1, 'waiting'],
      ['2027-03-08', 1, 'waiting'],
    ]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await get<{ strategies: Strategy[]; nextCursor: string | null }>(owner, `/strategies?userId=${owner.userId}&purpose=presentation&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.strategies.map((s) => [s.planStart, s.version, s.decision.state])).toEqual([
      ['2027-03-01', 2, 'approved'],
      ['2027-03-01', 1, 'modified'],
    ]);
    expect(second.body.nextCursor).toBeNull();
    const [approved, modified] = second.body.strategies;
    expect(modified!.decision).toMatchObject({ state: 'modified', instructions: 'More about our new croissants', by: owner.userId });
    expect(approved!.regeneratedWith).toBe('More about our new croissants');
    expect(approved!.decision).toMatchObject({ state: 'approved', by: owner.userId });

    const one = await get<{ strategy: Strategy }>(owner, `/strategies/${modified!.id}`);
    expect(one.body.strategy.decision).toMatchObject({ state: 'modified', instructions: 'More about our new croissants' });
    expect(one.body.strategy.days).toHaveLength(7);
  });

  it('plans the 30-day themes once a month and feeds them to every strategy of that month', async () => {
    const list = await get<{ strategies: Strategy[] }>(owner, `/strategies?userId=${owner.userId}`);
    const themesOf = (planStart: string) => new Set(list.body.strategies.filter((s) => s.planStart === planStart).map((s) => s.monthlyThemesId));
    expect(themesOf('2027-03-01')).toEqual(themesOf('2027-03-08'));
    expect([...themesOf('2027-03-01')][0]).toBeTruthy();
    expect(themesOf('2027-04-05')).not.toEqual(themesOf('2027-03-01'));

    const march = await get<{ monthlyThemes: { month: string; planStart: string; themes: { week: number; title: string }[]; strategyIds: string[] } }>(owner, '/monthly-themes/2027-03');
    expect(march.status).toBe(200);
    expect(march.body.monthlyThemes).toMatchObject({ month: '2027-03', planStart: '2027-03-01' });
    expect(march.body.monthlyThemes.themes.length).toBeGreaterThanOrEqual(4);
    expect(march.body.monthlyThemes.strategyIds).toHaveLength(3);
    // The second March week follows the month's second theme.
    const secondWeek = list.body.strategies.find((s) => s.planStart === '2027-03-08')!;
    const full = await get<{ strategy: Strategy }>(owner, `/strategies/${secondWeek.id}`);
    expect(full.body.strategy.monthTheme).toMatchObject({ month: '2027-03', week: 2, title: march.body.monthlyThemes.themes[1]!.title });

    const stored = await stack.database.db.select().from(monthlyThemes).where(eq(monthlyThemes.userId, owner.userId));
    expect(stored.map((r) => r.month).sort()).toEqual(['2027-03', '2027-04']);
    const planned = await stack.database.db.select().from(aiOutputs).where(and(eq(aiOutputs.orgId, owner.orgId), eq(aiOutputs.task, 'strategy.themes')));
    expect(planned).toHaveLength(2);
    expect((await get(owner, '/monthly-themes/2027-05')).status).toBe(404);
  });

  it('lets every member read, and only members of the org', async () => {
    const current = await get<{ strategy: Strategy }>(viewer, `/strategies/current?userId=${owner.userId}`);
    expect(current.status).toBe(200);
    expect(current.body.strategy.planStart).toBe('2027-04-05');
    expect((await get(viewer, `/monthly-themes/2027-04?userId=${owner.userId}`)).status).toBe(200);
    // Reading is not deciding: a viewer cannot approve.
    const decide = await viewer.request(`/api/v1/orgs/${owner.orgId}/weekly/${owner.userId}/2027-04-05/decision`, { method: 'POST', json: { decision: 'approve_all' } });
    expect(decide.status).toBe(403);
  });

  it('answers 404 for another org\'s strategy, themes or user, and lists nothing of theirs', async () => {
    const { body } = await get<{ strategy: Strategy }>(owner, '/strategies/current');
    expect((await get(stranger, `/strategies/${body.strategy.id}`)).status).toBe(404);
    expect((await get(stranger, `/strategies/current?userId=${owner.userId}`)).status).toBe(404);
    expect((await get(stranger, `/monthly-themes/2027-04?userId=${owner.userId}`)).status).toBe(404);
    const theirs = await get<{ strategies: Strategy[] }>(stranger, '/strategies');
    expect(theirs.body.strategies).toEqual([]);
    const intoOurs = await stranger.request(`/api/v1/orgs/${owner.orgId}/strategies/${body.strategy.id}`);
    expect([403, 404]).toContain(intoOurs.status);
  });

  it.each([
    ['/strategies?limit=0', 'limit'],
    ['/strategies?cursor=not-a-cursor', 'cursor'],
    ['/strategies?purpose=draft', 'purpose'],
    ['/strategies?userId=me', 'userId'],
    ['/strategies?colour=blue', 'colour'],
    ['/strategies/current?userId=42', 'userId'],
    ['/strategies/not-an-id', 'params'],
    ['/monthly-themes/2027-13', 'params'],
  ])('answers 422 naming what to fix for %s', async (path, field) => {
    const { status, body } = await get<{ error: { message: string } }>(owner, path);
    expect(status).toBe(422);
    expect(body.error.message).toContain(field);
  });
});

describe('the herald strategy commands', () => {
  const herald = (user: TestUser, ...args: string[]) => runCli(['strategy', ...args], { HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: user.token });
  const april = () => stack.temporal.workflow.getHandle(workflowIds.weekly(owner.orgId, owner.userId, '2027-04-05'));

  it('shows the current strategy as a person reads it, and the month\'s themes', async () => {
    const shown = await herald(owner, 'show');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Week of 2027-04-05 (plan 2027-04-05, v1): waiting for a decision until');
    expect(shown.stdout).toMatch(/Month theme \(2027-04, week 1\): \S/);
    expect(shown.stdout).toContain("Built from last week's analysis:");
    expect(shown.stdout).toContain('Mon 2027-04-05');
    expect(shown.stdout).toMatch(/\d{2}:\d{2} {2}(linkedin|x) .* predicted \d+\.\d% \(confidence \d+\.\d%\)/);
    expect(shown.stdout).toContain('herald strategy approve');

    const json = await herald(owner, 'show', '--json');
    expect(JSON.parse(json.stdout).strategy).toMatchObject({ planStart: '2027-04-05', decision: { state: 'waiting' } });

    const themes = await herald(owner, 'themes', '2027-04');
    expect(themes.code, themes.stderr).toBe(0);
    expect(themes.stdout).toMatch(/^30-day themes for 2027-04\nWeek 1: \S/);

    const list = await herald(owner, 'list', '--limit', '2');
    expect(list.stdout).toContain('Week of 2027-04-05');
    expect(list.stdout).toMatch(/More: herald strategy list --cursor \S+/);
  });

  it('asks for changes, rejects, then approves the current strategy; a viewer cannot decide', async () => {
    const missing = await herald(owner, 'modify');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('instructions');

    const viewerTry = await herald(viewer, 'approve', '--user', owner.userId);
    expect(viewerTry.code).not.toBe(0);
    expect(viewerTry.stderr).toContain('HTTP 403');

    const modified = await herald(owner, 'modify', '--instructions', 'Fewer posts on X, more on LinkedIn');
    expect(modified.code, modified.stderr).toBe(0);
    await reaches(april(), (s) => s.status === 'presented' && s.version === 2, 'April v2');
    expect((await herald(owner, 'show')).stdout).toContain('Written with your instructions: "Fewer posts on X, more on LinkedIn"');

    expect((await herald(owner, 'regenerate')).code).toBe(0);
    await reaches(april(), (s) => s.status === 'presented' && s.version === 3, 'April v3');

    const approved = await herald(owner, 'approve');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('Approved the strategy for the week of 2027-04-05');
    await reaches(april(), (s) => s.status === 'batches', 'April approved');
    expect((await herald(owner, 'show')).stdout).toContain(`v3): approved by ${owner.userId}`);
    const again = await herald(owner, 'approve');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('is not waiting for a decision');

    const history = JSON.parse((await herald(owner, 'list', '--json')).stdout) as { strategies: Strategy[] };
    const aprilStates = history.strategies.filter((x) => x.planStart === '2027-04-05').map((x) => [x.version, x.decision.state]);
    expect(aprilStates).toEqual([[3, 'approved'], [2, 'regenerated'], [1, 'modified']]);
  });
});

describe('a strategy nobody answered', () => {
  it('reads as expired once its decision time has passed', async () => {
    const user = await createTestUser(stack);
    await createBrandProfile(stack, user, { postsPerDay: 1, platforms: ['linkedin'] });
    const handle = await startPlan(user, '2027-06-07', { reminderAfterHours: [], expireAfterHours: 0.0005 });
    await reaches(handle, (s) => ['batches', 'done'].includes(s.status), 'expiry');
    const { body } = await get<{ strategy: Strategy }>(user, '/strategies/current');
    expect(body.strategy.decision.state).toBe('expired');
  });
});
