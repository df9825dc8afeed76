import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, operationKey, type Operation } from '../../../api/openapi.js';
import { RESPONSES } from '../../../api/openapi-responses.js';
import { ROOT } from '../../support/processes.js';
import { ROLES, startRouteWorld, type RouteWorld } from '../../support/route-world.js';
import type { TestUser } from '../../support/stack.js';
import { ROWS, type Call, type Caller, type MatrixRow, type Params } from './rows.js';

/**
 * The route matrix: every operation in OPERATIONS, through the running API, for success, bad input
 * (422 naming the field), no credentials (401), the wrong role (403) and another tenant's org or
 * object (404). What each row must say, and what is derived, is at the top of rows.ts.
 */
let w: RouteWorld;
beforeAll(async () => {
  w = await startRouteWorld();
}, 300_000);
afterAll(() => w?.stop());

const needsAuth = (op: Operation) => op.access === 'user' || op.access === 'member' || op.access === 'staff';
const hasObject = (op: Operation) => op.access === 'member' && /\{(?!orgId\})\w+\}/.test(op.path);

function callerOf(as: Caller | undefined, op: Operation): TestUser | undefined {
  if (as === undefined) return needsAuth(op) ? w.a.members.owner : undefined;
  if (as === 'anonymous') return undefined;
  if (as === 'staff') return w.staff;
  if (as === 'ops') return w.ops;
  return typeof as === 'string' ? w.a.members[as] : as;
}

function urlOf(op: Operation, params: Params, orgId: string | undefined): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = name === 'orgId' ? (params.orgId ?? orgId) : params[name];
    if (!value) throw new Error(`${operationKey(op)}: the row gives no value for {${name}}`);
    return value;
  });
}

/** Sends `call` as `user` (none: no credentials); in the caller's own org, or org A for staff and strangers. */
async function send(op: Operation, call: Call, user: TestUser | undefined, orgId = user && user !== w.staff ? user.orgId : w.a.orgId): Promise<Response> {
  const query = call.query ? `?${new URLSearchParams(call.query)}` : '';
  const target = `${urlOf(op, call.params ?? {}, orgId)}${query}`;
  // Bytes (an upload) go as the raw body; anything else as JSON.
  if (call.body instanceof Uint8Array) {
    const raw = { method: op.method.toUpperCase(), headers: { accept: 'application/json', 'content-type': 'application/octet-stream' }, body: new Uint8Array(call.body) };
    return user ? user.request(target, raw) : fetch(`${w.stack.baseUrl}${target}`, raw);
  }
  const init = { method: op.method.toUpperCase(), headers: { accept: 'application/json' }, ...(call.body !== undefined && { json: call.body }) };
  if (user) return user.request(target, init);
  return fetch(`${w.stack.baseUrl}${target}`, { ...init, headers: { ...init.headers, ...(call.body !== undefined && { 'content-type': 'application/json' }) }, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
}

const summary = async (res: Response) => `${res.status} ${(await res.text()).slice(0, 300)}`;

describe('the route matrix', () => {
  it('has exactly one row per operation in OPERATIONS', () => {
    const operations = OPERATIONS.map(operationKey).sort();
    const rows = Object.keys(ROWS).sort();
    expect({ operationsWithoutRow: operations.filter((k) => !rows.includes(k)) }).toEqual({ operationsWithoutRow: [] });
    expect({ rowsWithoutOperation: rows.filter((k) => !operations.includes(k)) }).toEqual({ rowsWithoutOperation: [] });
  });

  it('says for each operation what the test cannot derive: bad input where there is input, another tenant\'s object where there is one', () => {
    const missing: string[] = [];
    for (const op of OPERATIONS) {
      const row = ROWS[operationKey(op)];
      if (!row) continue;
      if ((op.body || op.query) && !row.bad) missing.push(`${operationKey(op)}: bad`);
      if (hasObject(op) && !row.foreign) missing.push(`${operationKey(op)}: foreign`);
      if ('elsewhere' in row.success && !fs.existsSync(path.join(ROOT, row.success.elsewhere))) missing.push(`${operationKey(op)}: ${row.success.elsewhere} does not exist`);
    }
    expect(missing).toEqual([]);
  });

  const live = OPERATIONS.filter((op) => ROWS[operationKey(op)]);
  it.each(live.map((op) => [operationKey(op), op] as const))('%s', async (key, op) => {
    const row = ROWS[key]!;
    const call: Call = 'elsewhere' in row.success ? (row.success.call ?? { body: op.body ? {} : undefined }) : await row.success(w);
    const caller = callerOf(call.as, op);
    const inOrgA = (params?: Params) => ({ ...call, params: { ...call.params, ...params, orgId: w.a.orgId } });

    if (row.bad) {
      const { field, ...bad } = row.bad;
      const res = await send(op, { ...call, ...bad }, bad.as ? callerOf(bad.as, op) : caller);
      const body = await res.text();
      expect(res.status, `bad input: ${body.slice(0, 300)}`).toBe(422);
      const details = (JSON.parse(body) as { error: { details?: { field: string }[] } }).error.details ?? [];
      expect(details.map((d) => d.field), body).toContain(field);
    }

    if (!('elsewhere' in row.success)) {
      const res = await send(op, call, caller);
      const text = await res.text();
      expect(res.status, `success: ${text.slice(0, 400)}`).toBe(call.status ?? op.ok ?? 200);
      const schema = RESPONSES[key];
      if (schema) {
        const parsed = schema.safeParse(JSON.parse(text));
        expect(parsed.success ? [] : parsed.error.issues, `the answer breaks its schema: ${text.slice(0, 400)}`).toEqual([]);
      }
    }

    if (needsAuth(op)) {
      const res = await send(op, inOrgA(), undefined);
      expect(res.status, `no credentials: ${await summary(res)}`).toBe(401);
    }

    const wrongRole = op.access === 'staff' || (op.access === 'user' && op.errors?.includes(403)) ? 'owner' : op.roles ? [...ROLES].reverse().find((r) => !op.roles!.includes(r)) : undefined;
    if (wrongRole) {
      const res = await send(op, inOrgA(), w.a.members[wrongRole]);
      expect(res.status, `as ${wrongRole}: ${await summary(res)}`).toBe(403);
    }

    if (op.access === 'member') {
      const res = await send(op, inOrgA(), w.b.members.owner);
      expect(res.status, `another tenant's owner: ${await summary(res)}`).toBe(404);
    }
    if (row.foreign) {
      const asker = op.access === 'member' && call.as !== 'staff' ? w.a.members.owner : caller;
      const res = await send(op, inOrgA(await row.foreign(w)), asker);
      expect(res.status, `another tenant's object: ${await summary(res)}`).toBe(404);
    }
  });
});
