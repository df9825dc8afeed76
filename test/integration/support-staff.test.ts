import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, posts, postTargets, staffGrants } from '../../db/schema/index.js';
import { testDatabaseUrl } from '../support/database.js';
import { runCli } from '../support/processes.js';
import { createSupportStaff, createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * Herald's support staff: no org's members, they list failed publishes across every tenant, read
 * and replay them with a reason that lands in that org's audit log, and see nothing else.
 */
let stack: TestStack;
let staff: TestUser;
let bakery: TestUser;
let florist: TestUser;
beforeAll(async () => {
  stack = await startStack({ worker: false, env: { HERALD_SUPPORT_EMAILS: 'ops.lead@herald.example' } });
  staff = await createSupportStaff(stack);
  bakery = await createTestUser(stack, { name: 'Bakery owner' });
  florist = await createTestUser(stack, { name: 'Florist owner' });
});
afterAll(() => stack?.stop());

/** A target X refused for good, in `org`: what support is asked about. */
async function failedTarget(orgId: string, message: string) {
  const db = stack.database.db;
  const [post] = await db.insert(posts).values({ orgId, scheduledAt: new Date(), stage: 'failed', slotKey: `support-test:${randomUUID()}` }).returning();
  const [target] = await db
    .insert(postTargets)
    .values({ postId: post!.id, orgId, platform: 'x', stage: 'failed', text: 'Fresh loaves', errorKind: 'permanent', errorMessage: message })
    .returning();
  return target!.id;
}

const list = (user: TestUser, query: string) => user.request(`/api/v1/support/publishing/targets?${query}`);

describe('support staff', () => {
  it('list failed publishes across tenants only with a reason, audited in each org listed', async () => {
    const inBakery = await failedTarget(bakery.orgId, 'X refused: duplicate content');
    const inFlorist = await failedTarget(florist.orgId, 'X refused: duplicate content');

    const silent = await list(staff, 'status=failed');
    expect(silent.status).toBe(422);
    expect((await silent.json()).error.message).toContain('reason');

    const res = await list(staff, `status=failed&platform=x&reason=${encodeURIComponent('ticket 812: posts missing')}`);
    expect(res.status).toBe(200);
    const { targets } = (await res.json()) as { targets: { targetId: string; orgId: string }[] };
    expect(targets).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: inBakery, orgId: bakery.orgId }), expect.objectContaining({ targetId: inFlorist, orgId: florist.orgId })]));

    for (const orgId of [bakery.orgId, florist.orgId]) {
      const [row] = await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, 'support.list')));
      expect(row).toMatchObject({ actor: staff.userId, details: expect.objectContaining({ reason: 'ticket 812: posts missing' }) });
    }
  });

  it('reach an org\'s publishing with a reason, audited, and nothing else of the org', async () => {
    const target = await failedTarget(bakery.orgId, 'X refused');
    const base = `/api/v1/orgs/${bakery.orgId}`;
    expect((await staff.request(`${base}/publishing/targets?status=failed`)).status).toBe(422);
    const seen = await staff.request(`${base}/publishing/targets?status=failed&reason=customer%20call`);
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { targets: { targetId: string }[] }).targets.map((t) => t.targetId)).toContain(target);
    const [row] = await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, bakery.orgId), eq(auditLog.action, 'support.access')));
    expect(row).toMatchObject({ actor: staff.userId, details: expect.objectContaining({ reason: 'customer call', method: 'GET' }) });

    for (const path of ['', '/posts', '/members', '/accounts', `/cycles/${bakery.userId}`]) {
      expect({ path, status: (await staff.request(`${base}${path}?reason=curious`)).status }).toEqual({ path, status: 404 });
    }
  });

  it('are only who the server says: a grant or HERALD_SUPPORT_EMAILS; owners of an org are not', async () => {
    expect((await list(bakery, 'reason=looking%20around')).status).toBe(403);
    // Another org's owner sees this org's publishing as not there at all.
    expect((await florist.request(`/api/v1/orgs/${bakery.orgId}/publishing/targets?reason=please`)).status).toBe(404);
    const lead = await createTestUser(stack, { email: 'ops.lead@herald.example' });
    expect((await list(lead, 'reason=weekly%20check')).status).toBe(200);
  });

  it('are granted and revoked on the server with herald admin, which needs the database', async () => {
    const person = await createTestUser(stack, { email: `new.support.${Date.now()}@herald.example` });
    const email = ((await (await person.request('/api/v1/me')).json()) as { user: { email: string } }).user.email;
    expect((await list(person, 'reason=first%20day')).status).toBe(403);

    const noDb = await runCli(['admin', 'grant-support', email, '--reason', 'joined support'], { DATABASE_URL: '' });
    expect(noDb.code).not.toBe(0);
    expect(noDb.stderr).toContain('DATABASE_URL');

    const env = { DATABASE_URL: testDatabaseUrl() };
    const granted = await runCli(['admin', 'grant-support', email, '--reason', 'joined support', '--by', 'ops'], env);
    expect(granted.stdout).toContain('is now Herald support staff');
    expect((await list(person, 'reason=first%20day')).status).toBe(200);
    expect(await stack.database.db.select().from(staffGrants).where(eq(staffGrants.userId, person.userId))).toHaveLength(1);

    await runCli(['admin', 'revoke-support', email, '--by', 'ops'], env);
    expect((await list(person, 'reason=last%20day')).status).toBe(403);
  });
});
