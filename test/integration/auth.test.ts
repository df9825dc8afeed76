import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  alice = await createTestUser(stack, { name: 'Alice', timeZone: 'Europe/Berlin' });
  bob = await createTestUser(stack, { name: 'Bob' });
});
afterAll(() => stack?.stop());

describe('API authentication', () => {
  it('refuses a request without a token with 401 and says how to authenticate', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/me`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('Authorization: Bearer');
  });

  it('refuses an unknown token with 401', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/me`, { headers: { authorization: 'Bearer hrd_nope' } });
    expect(res.status).toBe(401);
  });

  it('shows the signed-in user and their own organization', async () => {
    const res = await alice.request('/api/v1/me');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ id: alice.userId, name: 'Alice', timeZone: 'Europe/Berlin' });
    expect(body.orgs).toEqual([expect.objectContaining({ id: alice.orgId, role: 'owner' })]);
  });

  it('answers 404 for another tenant\'s organization, exactly as for one that does not exist', async () => {
    const other = await alice.request(`/api/v1/orgs/${bob.orgId}`);
    const missing = await alice.request('/api/v1/orgs/00000000-0000-4000-8000-000000000000');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await other.json()).error.code).toBe((await missing.json()).error.code);
  });

  it('lets a member read their organization', async () => {
    const res = await bob.request(`/api/v1/orgs/${bob.orgId}`);
    expect(res.status).toBe(200);
    expect((await res.json()).org.id).toBe(bob.orgId);
  });
});

describe('creating a user (dev route)', () => {
  it('refuses an unknown time zone, naming the field and an example', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tz@example.test', name: 'Tz', timeZone: 'Mars/Olympus' }),
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.message).toContain('timeZone');
    expect(error.message).toContain('Europe/Berlin');
  });

  it('refuses orgId, role or any other field it does not know, so nobody can join an org through it', async () => {
    for (const extra of [{ orgId: alice.orgId }, { role: 'owner' }, { orgId: alice.orgId, role: 'viewer' }, { isAdmin: true }]) {
      const res = await fetch(`${stack.baseUrl}/api/v1/dev/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${Object.keys(extra).join('-')}@example.test`, name: 'Mallory', ...extra }),
      });
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toContain(Object.keys(extra)[0]);
    }
    const members = await alice.request(`/api/v1/orgs/${alice.orgId}`);
    expect(members.status).toBe(200);
  });

  it('answers 409 for an e-mail already registered, keeping the first user', async () => {
    const body = { email: 'twice@example.test', name: 'First' };
    const post = () =>
      fetch(`${stack.baseUrl}/api/v1/dev/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await post();
    expect(first.status).toBe(201);
    const second = await post();
    expect(second.status).toBe(409);
    const { token } = await first.json();
    const me = await fetch(`${stack.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()).user.name).toBe('First');
  });
});
