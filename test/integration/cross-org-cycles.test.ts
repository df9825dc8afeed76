import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships } from '../../db/schema/index.js';
import { OrgId, UserId } from '../../temporal-config/search-attributes.js';
import { waitFor } from '../support/processes.js';
import { saveHistoryFixture } from '../support/replay.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

// One person, Pia, works for two orgs: she owns org X and is an editor in org Y, whose admin is Yann.
let stack: TestStack;
let pia: TestUser;
let yann: TestUser;
let orgX: string;
let orgY: string;
const started: string[] = [];
const profile = {
  businessName: 'Pia Ceramics',
  industry: 'ceramics',
  audience: 'people who like handmade cups',
  brandVoice: 'calm',
  platforms: ['linkedin'],
  timeZone: 'Europe/Berlin',
  postsPerDay: 1,
};

beforeAll(async () => {
  stack = await startStack();
  pia = await createTestUser(stack, { name: 'Pia' });
  yann = await createTestUser(stack, { name: 'Yann' });
  orgX = pia.orgId;
  orgY = yann.orgId;
  await stack.database.db.insert(memberships).values({ orgId: orgY, userId: pia.userId, role: 'editor' });
});
afterAll(async () => {
  for (const id of started) await stack.temporal.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  await stack?.stop();
});

const inOrg = (user: TestUser, orgId: string, path: string, method = 'GET', json?: unknown) =>
  user.request(`/api/v1/orgs/${orgId}${path}`, { method, json });

describe('one person in two orgs', () => {
  let cycleX: string;

  it('gets a cycle in org X that an admin of org Y can neither read, pause nor run', async () => {
    const saved = await inOrg(pia, orgX, `/profiles/${pia.userId}`, 'PUT', profile);
    expect(saved.status).toBe(201);
    cycleX = (await saved.json()).cycle.workflowId;
    started.push(cycleX);
    await waitFor(async () => ((await (await inOrg(pia, orgX, `/cycles/${pia.userId}`)).json()).state?.nextRunAt ? true : undefined), 20_000, 'cycle in X');

    for (const [method, path] of [['GET', ''], ['POST', '/pause'], ['POST', '/run-now']] as const) {
      const res = await inOrg(yann, orgY, `/cycles/${pia.userId}${path}`, method);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const state = (await (await inOrg(pia, orgX, `/cycles/${pia.userId}`)).json()).state;
    expect(state).toMatchObject({ paused: false, running: false });
  });

  it('runs a day in org X as a child whose id carries the org', async () => {
    expect((await inOrg(pia, orgX, `/cycles/${pia.userId}/run-now`, 'POST')).status).toBe(202);
    const lastRun = await waitFor(async () => (await (await inOrg(pia, orgX, `/cycles/${pia.userId}`)).json()).state?.lastRun, 90_000, 'the manual run');
    expect(lastRun.workflowId).toMatch(new RegExp(`^daily-${orgX}-${pia.userId}-\\d{4}-\\d{2}-\\d{2}-manual-1$`));
    saveHistoryFixture('cycle-org-keyed-manual-run', cycleX);
  });

  it('gets a second, separate cycle when onboarded in org Y', async () => {
    const saved = await inOrg(yann, orgY, `/profiles/${pia.userId}`, 'PUT', profile);
    expect(saved.status).toBe(201);
    const cycleY = (await saved.json()).cycle.workflowId;
    started.push(cycleY);
    expect(cycleY).not.toBe(cycleX);
    expect((await inOrg(yann, orgY, `/cycles/${pia.userId}/pause`, 'POST')).status).toBe(200);
    const inX = (await (await inOrg(pia, orgX, `/cycles/${pia.userId}`)).json()).state;
    expect(inX.paused).toBe(false);
  });
});

describe('cycles and plans started before ids carried the org', () => {
  it('are found through their own org and refused to any other', async () => {
    const kim = await createTestUser(stack, { name: 'Kim' });
    await stack.database.db.insert(memberships).values({ orgId: orgY, userId: kim.userId, role: 'editor' });
    expect((await inOrg(kim, kim.orgId, `/profiles/${kim.userId}`, 'PUT', profile)).status).toBe(201);
    // The new-style cycle onboarding just started stands in for nothing here: stop it, and run Kim's
    // cycle under the id every cycle had before (cycle-<userId>), as a cycle already in flight would.
    const fresh = (await (await inOrg(kim, kim.orgId, `/cycles/${kim.userId}`)).json()).workflowId as string;
    await stack.temporal.workflow.getHandle(fresh).terminate('replaced by a legacy-id cycle for this test');
    const legacyId = `cycle-${kim.userId}`;
    await stack.temporal.workflow.start('cycleWorkflow', {
      workflowId: legacyId,
      taskQueue: stack.queues.main,
      args: [{ orgId: kim.orgId, userId: kim.userId, weeklyPlanning: false }],
      typedSearchAttributes: [
        { key: OrgId, value: kim.orgId },
        { key: UserId, value: kim.userId },
      ],
    });
    started.push(legacyId);
    const legacyWeekly = `weekly-${kim.userId}-2026-11-23`;
    await stack.temporal.workflow.start('weeklyPlanWorkflow', {
      workflowId: legacyWeekly,
      taskQueue: stack.queues.main,
      args: [{ orgId: kim.orgId, userId: kim.userId, planStart: '2026-11-23' }],
    });
    started.push(legacyWeekly);

    const own = await waitFor(async () => {
      const body = await (await inOrg(kim, kim.orgId, `/cycles/${kim.userId}`)).json();
      return body.state?.nextRunAt ? body : undefined;
    }, 20_000, 'the legacy cycle through its own org');
    expect(own.workflowId).toBe(legacyId);
    expect((await inOrg(kim, kim.orgId, `/weekly/${kim.userId}/2026-11-23`)).status).toBe(200);

    // Yann administers org Y, where Kim is a member: the shared legacy ids must not lead him to org X's runs.
    for (const [method, path, json] of [
      ['GET', `/cycles/${kim.userId}`],
      ['POST', `/cycles/${kim.userId}/pause`],
      ['POST', `/cycles/${kim.userId}/run-now`],
      ['GET', `/weekly/${kim.userId}/2026-11-23`],
      ['POST', `/weekly/${kim.userId}/2026-11-23/decision`, { decision: 'reject_and_regenerate' }],
    ] as const) {
      const res = await inOrg(yann, orgY, path, method, json);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Saving the profile again in its own org signals the running legacy cycle instead of starting a second one.
    const again = await inOrg(kim, kim.orgId, `/profiles/${kim.userId}`, 'PUT', profile);
    expect((await again.json()).cycle.workflowId).toBe(legacyId);
  });
});
