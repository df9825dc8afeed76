import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { startStack, type TestStack } from '../support/stack.js';

/**
 * The API while its database cannot be reached (a restart, a failover): signed-in routes answer
 * 503 with a body that says so and when to try again, not 500 "something went wrong". The
 * Postgres drill (drills/postgres-restart.ts) checks the same against a real restart.
 */
let stack: TestStack;

beforeAll(async () => {
  // Nothing listens on this port: every query fails to connect, as while Postgres restarts.
  stack = await startStack({ worker: false, env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/herald` } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the API while the database is down', () => {
  it('answers a signed-in read with 503 database_unavailable, saying the database is down and when to retry', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/me`, { headers: { authorization: 'Bearer hrd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('database_unavailable');
    expect(body.error.message).toMatch(/cannot reach its database/);
  });

  it('reports the database down on /healthz', async () => {
    const res = await fetch(`${stack.baseUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { components: { database: { ok: boolean } } }).components.database.ok).toBe(false);
  });
});
