import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../api/openapi.js';
import { ROOT } from '../support/processes.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * The README's role table, walked route by route: the table is read from README.md, so the
 * documentation and the API cannot drift apart. Each row's route is called by a member of each
 * role with an empty body: the role check comes before anything else, so a role the table refuses
 * must get 403, and a role it allows must get anything but 401, 403 or 500 (a 404, 422, or 503 for
 * billing that is not configured, is fine: it got past the role check).
 */
const ROLES = ['owner', 'admin', 'editor', 'approver', 'viewer'] as const;
type Role = (typeof ROLES)[number];

interface Row {
  method: string;
  route: string;
  allowed: Role[];
}

function readTable(): Row[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Roles');
  // The table of this section only: other sections have route tables of their own.
  const next = readme.slice(start + 1).search(/\n##+ /);
  const section = readme.slice(start, next === -1 ? undefined : start + 1 + next);
  const rows = section.split('\n').filter((line) => /^\| `(GET|POST|PUT|PATCH|DELETE) /.test(line));
  return rows.map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const [, method, route] = cells[0]!.match(/^`(\w+) ([^`]+)`/)!;
    return { method: method!, route: route!, allowed: ROLES.filter((_, i) => cells[i + 1] === '✓') };
  });
}

const table = readTable();
let stack: TestStack;
const members = {} as Record<Role, TestUser>;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  members.owner = await createTestUser(stack, { name: 'Olive Owner' });
  for (const role of ROLES.slice(1)) members[role] = await createTestUser(stack, { orgId: members.owner.orgId, role, name: role });
});
afterAll(() => stack?.stop());

function pathFor(route: string, user: TestUser): string {
  const filled = route
    .replace(':me', user.userId)
    .replace(':date', '2026-11-23')
    .replace(/:id/g, randomUUID());
  return `/api/v1/orgs/${user.orgId}${filled === '/' ? '' : filled}`;
}

describe('the README role table', () => {
  it('lists every org route with a verdict for each role', () => {
    expect(table.length).toBeGreaterThanOrEqual(25);
    for (const row of table) expect(row.allowed.every((r) => ROLES.includes(r))).toBe(true);
  });

  it('has a row for every org route the API has (a new route without its row fails)', () => {
    // Path parameters compared by position only: the table says :id or :me where OPERATIONS says {postId}.
    const shape = (route: string) => route.replace(/\{\w+\}|:\w+/g, ':_');
    const rows = table.map((row) => `${row.method} ${shape(row.route)}`);
    const orgRoutes = OPERATIONS.filter((op) => op.access === 'member').map((op) => `${op.method.toUpperCase()} ${shape(op.path.replace('/api/v1/orgs/{orgId}', '') || '/')}`);
    expect({ withoutRow: orgRoutes.filter((r) => !rows.includes(r)) }).toEqual({ withoutRow: [] });
  });

  it.each(table.map((row) => [`${row.method} ${row.route}`, row] as const))('%s answers as the table says for each role', async (_name, row) => {
    const seen: Record<string, number> = {};
    for (const role of ROLES) {
      const user = members[role];
      const res = await user.request(pathFor(row.route, user), { method: row.method, ...(row.method === 'GET' ? {} : { json: {} }) });
      seen[role] = res.status;
    }
    const verdict = Object.fromEntries(ROLES.map((role) => [role, row.allowed.includes(role) ? 'allowed' : 'refused']));
    const got = Object.fromEntries(ROLES.map((role) => [role, seen[role] === 403 ? 'refused' : seen[role] === 401 || seen[role] === 500 ? `answered ${seen[role]}` : 'allowed']));
    expect(got, JSON.stringify(seen)).toEqual(verdict);
  });
});
