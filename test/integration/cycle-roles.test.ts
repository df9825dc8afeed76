import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_NOW_LIMIT } from '../../core/cycle-limits.js';
import { auditLog, brandProfiles } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
const profile = {
  businessName: 'Hafen Bakery',
  industry: 'bakery',
  audience: 'neighbours who like sourdough',
  brandVoice: 'warm',
  platforms: ['linkedin'],
  timeZone: 'Europe/Berlin',
  postsPerDay: 1,
};
const path = (rest: string) => `/api/v1/orgs/${owner.orgId}${rest}`;

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Olga' });
  editor = await createTestUser(stack, { orgId: owner.orgId, role: 'editor', name: 'Ed' });
  viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer', name: 'Vera' });
});
afterAll(async () => {
  for (const user of [owner, editor, viewer].filter(Boolean)) {
    await stack.temporal.workflow.getHandle(workflowIds.cycle(user.orgId, user.userId)).terminate('test over').catch(() => undefined);
  }
  await stack?.stop();
});

const auditActions = async (subjectId: string) =>
  (await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, owner.orgId), eq(auditLog.subjectId, subjectId)))).map((r) => ({ action: r.action, actor: r.actor }));

describe('who may write profiles and steer cycles', () => {
  it('forbids a viewer to create a profile, even their own, and creates nothing', async () => {
    const res = await viewer.request(path(`/profiles/${viewer.userId}`), { method: 'PUT', json: profile });
    expect(res.status).toBe(403);
    const rows = await stack.database.db.select().from(brandProfiles).where(eq(brandProfiles.userId, viewer.userId));
    expect(rows).toHaveLength(0);
  });

  it('lets an editor save their own profile and records it in the audit log', async () => {
    const res = await editor.request(path(`/profiles/${editor.userId}`), { method: 'PUT', json: profile });
    expect(res.status).toBe(201);
    const { profile: saved } = await res.json();
    expect(await auditActions(saved.id)).toEqual([{ action: 'profile.create', actor: editor.userId }]);
  });

  it('forbids a viewer to pause, resume or run their own cycle', async () => {
    for (const step of ['pause', 'resume', 'run-now']) {
      const res = await viewer.request(path(`/cycles/${viewer.userId}/${step}`), { method: 'POST' });
      expect(res.status, step).toBe(403);
    }
  });
});

describe('run now', () => {
  it(`answers 429 with Retry-After after ${RUN_NOW_LIMIT.runs} requests an hour for one profile, and audits the runs`, async () => {
    expect((await owner.request(path(`/profiles/${owner.userId}`), { method: 'PUT', json: profile })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < RUN_NOW_LIMIT.runs; i++) {
      statuses.push((await owner.request(path(`/cycles/${owner.userId}/run-now`), { method: 'POST' })).status);
    }
    // The first starts a run; the others may find it still under way (409): each request counts.
    expect(statuses[0]).toBe(202);
    expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);

    const limited = await owner.request(path(`/cycles/${owner.userId}/run-now`), { method: 'POST' });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RUN_NOW_LIMIT.windowMs / 1000);
    expect((await limited.json()).error.code).toBe('rate_limited');

    // Another profile of the org has its own allowance.
    expect((await editor.request(path(`/cycles/${editor.userId}/run-now`), { method: 'POST' })).status).toBe(202);

    const audited = await auditActions(workflowIds.cycle(owner.orgId, owner.userId));
    expect(audited.filter((a) => a.action === 'cycle.run_now')).toHaveLength(statuses.filter((s) => s === 202).length);
  });

  it('audits pause and resume with who did them', async () => {
    expect((await owner.request(path(`/cycles/${owner.userId}/pause`), { method: 'POST' })).status).toBe(200);
    expect((await owner.request(path(`/cycles/${owner.userId}/resume`), { method: 'POST' })).status).toBe(200);
    const audited = await auditActions(workflowIds.cycle(owner.orgId, owner.userId));
    expect(audited).toEqual(expect.arrayContaining([
      { action: 'cycle.pause', actor: owner.userId },
      { action: 'cycle.resume', actor: owner.userId },
    ]));
  });
});
