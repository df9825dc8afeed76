import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * What the API refuses before it reaches a route's logic. Bodies are limited per route: a JSON route takes 16 kB unless its OPERATIONS entry says more,
 * and a body over the limit answers 413 saying how much the route takes. And what the schemathesis
 * run found, each pinned by the request that showed it.
 */
let stack: TestStack;
let owner: TestUser;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  owner = await createTestUser(stack, { name: 'Olive Owner' });
});
afterAll(() => stack?.stop());

const padding = (bytes: number) => 'x'.repeat(bytes);

describe('body limits per route', () => {
  it('refuses a 20 kB login with 413 naming the 16 kB the route takes', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.test', password: padding(20_000) }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string; details: { limitBytes: number } } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('larger than the 16 kB POST /api/v1/auth/login takes');
    expect(body.error.details.limitBytes).toBe(16 * 1024);
  });

  it('lets a brand profile of 60 kB through to validation, as its larger limit says', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/profiles/${owner.userId}`, {
      method: 'PUT',
      json: { businessName: 'Acme', goals: Array.from({ length: 200 }, () => padding(300)) },
    });
    // Parsed, then refused by the schema (too many goals), not by the body limit.
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('goals');
  });

  it('refuses a 3 MB post edit, over even that route\'s 2 MB', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/00000000-0000-4000-8000-000000000000`, {
      method: 'PATCH',
      json: { targets: [{ platform: 'x', text: padding(3_000_000) }] },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('2048 kB');
  });

  it('shows each route\'s limit in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-body-limit'?: string; responses: Record<string, unknown> }>> };
    expect(doc.paths['/api/v1/auth/login']!.post!['x-body-limit']).toBe('16kb');
    expect(doc.paths['/api/v1/orgs/{orgId}/profiles/{userId}']!.put!['x-body-limit']).toBe('128kb');
    expect(doc.paths['/api/v1/auth/login']!.post!.responses['413']).toBeDefined();
  });
});

const profile = { businessName: 'Rosa\u0000Bakery', industry: 'bakery', audience: 'neighbours', brandVoice: 'warm', platforms: ['linkedin'], timeZone: 'UTC' };

describe('found by the fuzz run (fuzz.test.ts)', () => {
  it('refuses a NUL character in a brand profile with a 422 naming the field (it was a 500 from Postgres)', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/profiles/${owner.userId}`, { method: 'PUT', json: { ...profile, goals: ['ok', 'bad\u0000goal'] } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: string; details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field)).toEqual(['businessName', 'goals.1']);
    expect(body.error.message).toContain('NUL');
  });

  it('refuses a NUL character in a sign-up too: every body goes through the same check', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nul@example.test', password: 'correct horse battery staple', name: 'N\u0000', organizationName: 'Org', timeZone: 'UTC' }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: { field: string }[] } }).error.details).toEqual([expect.objectContaining({ field: 'name' })]);
  });
});
