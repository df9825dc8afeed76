import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, memberships } from '../../db/schema/index.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let rosa: TestUser;
let other: TestUser;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  rosa = await createTestUser(stack, { name: 'Rosa' });
  other = await createTestUser(stack, { name: 'Other' });
});
afterAll(() => stack?.stop());

const withToken = (token: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${stack.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });

async function newToken(user: TestUser, json: Record<string, unknown>) {
  const res = await user.request('/api/v1/me/tokens', { method: 'POST', json });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

describe('API tokens', () => {
  it('expire after 90 days by default, and are listed with their last use', async () => {
    const before = Date.now();
    const created = await newToken(rosa, { label: 'ci deploys' });
    expect(created.token).toMatch(/^hrd_/);
    expect(Date.parse(created.expiresAt) - before).toBeGreaterThanOrEqual(90 * DAY - 60_000);
    expect(Date.parse(created.expiresAt) - before).toBeLessThanOrEqual(90 * DAY + 60_000);
    expect(created.orgId).toBeNull();

    const me = await withToken(created.token, '/api/v1/me');
    expect(me.status).toBe(200);
    expect((await me.json()).token.id).toBe(created.id);

    const { tokens } = await (await rosa.request('/api/v1/me/tokens')).json();
    const listed = tokens.find((t: { id: string }) => t.id === created.id);
    expect(listed).toMatchObject({ label: 'ci deploys', orgId: null, current: false });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('token');
    expect(listed).not.toHaveProperty('tokenHash');
    expect(tokens.some((t: { current: boolean }) => t.current)).toBe(true);
  });

  it('gives the tokens made at sign-up an expiry too', async () => {
    const rows = await stack.database.db.select().from(apiTokens).where(eq(apiTokens.userId, rosa.userId));
    expect(rows.every((r) => r.expiresAt.getTime() > Date.now() && r.expiresAt.getTime() <= Date.now() + 90 * DAY)).toBe(true);
  });

  it('refuses an expired token with 401', async () => {
    const created = await newToken(rosa, { label: 'short', expiresInDays: 1 });
    await stack.database.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, created.id));
    expect((await withToken(created.token, '/api/v1/me')).status).toBe(401);
  });

  it('is revoked by its owner and stops working at once; nobody else can revoke it', async () => {
    const created = await newToken(rosa, { label: 'laptop' });
    expect((await other.request(`/api/v1/me/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await withToken(created.token, '/api/v1/me')).status).toBe(200);
    expect((await rosa.request(`/api/v1/me/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await withToken(created.token, '/api/v1/me')).status).toBe(401);
    const { tokens } = await (await rosa.request('/api/v1/me/tokens')).json();
    expect(tokens.map((t: { id: string }) => t.id)).not.toContain(created.id);
  });

  it('scoped to one org, acts only there and cannot mint a wider token', async () => {
    // Rosa also belongs to the other user's org.
    await stack.database.db.insert(memberships).values({ orgId: other.orgId, userId: rosa.userId, role: 'editor' });
    const scoped = await newToken(rosa, { label: 'bakery only', orgId: rosa.orgId });
    expect(scoped.orgId).toBe(rosa.orgId);
    expect((await withToken(scoped.token, `/api/v1/orgs/${rosa.orgId}`)).status).toBe(200);
    expect((await withToken(scoped.token, `/api/v1/orgs/${other.orgId}`)).status).toBe(404);
    expect((await rosa.request(`/api/v1/orgs/${other.orgId}`)).status).toBe(200);
    const me = await (await withToken(scoped.token, '/api/v1/me')).json();
    expect(me.orgs.map((o: { id: string }) => o.id)).toEqual([rosa.orgId]);
    expect((await withToken(scoped.token, '/api/v1/me/tokens', { method: 'POST', json: { label: 'wider' } })).status).toBe(403);
  });

  it('cannot be scoped to an org one does not belong to', async () => {
    const res = await other.request('/api/v1/me/tokens', { method: 'POST', json: { label: 'sneaky', orgId: rosa.orgId } });
    expect(res.status).toBe(404);
  });

  it('refuses an expiry beyond 365 days', async () => {
    const res = await rosa.request('/api/v1/me/tokens', { method: 'POST', json: { label: 'forever', expiresInDays: 10_000 } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await res.json()).error.message).toContain('expiresInDays');
  });
});
