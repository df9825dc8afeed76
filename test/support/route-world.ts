import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { organizations } from '../../db/schema/index.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { resetNetworkLimits } from './auth-limits.js';
import { createBrandProfile, createWrittenPost, startCycle, startPostWorkflow } from './content.js';
import { emulatorBilling } from './stripe.js';
import { TEST_ENCRYPTION_KEYS } from './platforms.js';
import { createSupportStaff, createTestUser, startStack, type TestStack, type TestUser } from './stack.js';

/**
 * A Herald with everything switched on (billing on the Stripe emulator, sandbox accounts on the
 * platform emulator, an ops address) and two tenants in it: org A with a member of every role and
 * an object of every kind (a post awaiting approval, a profile with its cycle, a weekly plan, a
 * sandbox account), and org B with its own post and account, which org A must never reach. The
 * route matrix and the schemathesis run both work in it.
 */
export const ROLES = ['owner', 'admin', 'editor', 'approver', 'viewer'] as const;
export type MemberRole = (typeof ROLES)[number];
export const PASSWORD = 'correct horse battery staple';
export const OPS_EMAIL = 'ops@herald.example';

export interface Tenant {
  orgId: string;
  members: Record<MemberRole, TestUser>;
  postId: string;
  accountId: string;
}

export interface SessionUser extends TestUser {
  email: string;
  cookie: string;
  csrfToken: string;
}

export interface RouteWorld {
  stack: TestStack;
  a: Tenant;
  b: Tenant;
  staff: TestUser;
  ops: TestUser;
  /** The Monday the owner of A has a weekly plan for. */
  planStart: string;
  /** A fresh user signed in with a browser session (cookie + CSRF token), in an org of their own. */
  newSession(): Promise<SessionUser>;
  /** An org of its own (its owner) with one more member of `role`, for routes that remove or change one. */
  newMember(role: MemberRole): Promise<{ owner: TestUser; member: TestUser }>;
  /** A new post of org A awaiting approval in its workflow, for routes that decide one. */
  newPost(): Promise<string>;
  /** A new user, owner of an org of their own, who has onboarded: a profile and a running daily cycle. */
  newCycle(): Promise<TestUser>;
  stop(): Promise<void>;
}

async function sandboxAccount(user: TestUser, account: string): Promise<string> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}/accounts/connect-sandbox`, { method: 'POST', json: { platform: 'x', account } });
  if (res.status !== 201) throw new Error(`connecting a sandbox account failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { account: { id: string } }).account.id;
}

/** A written post a week ahead, its workflow waiting for approval. */
async function awaitingPost(stack: TestStack, owner: TestUser): Promise<string> {
  const publishAt = new Date(Date.now() + 7 * 86_400_000);
  const postId = await createWrittenPost(stack, owner, publishAt);
  await startPostWorkflow(stack, { postId, orgId: owner.orgId, publishAt: publishAt.toISOString() });
  return postId;
}

async function tenant(stack: TestStack, name: string): Promise<Tenant> {
  const owner = await createTestUser(stack, { name: `${name} Owner` });
  const members = { owner } as Record<MemberRole, TestUser>;
  for (const role of ROLES.slice(1)) members[role] = await createTestUser(stack, { orgId: owner.orgId, role, name: `${name} ${role}` });
  await createBrandProfile(stack, owner);
  return { orgId: owner.orgId, members, postId: await awaitingPost(stack, owner), accountId: await sandboxAccount(owner, `${name.toLowerCase()}-1`) };
}

function sessionRequest(baseUrl: string, cookie: string, csrfToken: string): TestUser['request'] {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    headers.set('x-csrf-token', csrfToken);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${baseUrl}${path}`, { ...init, headers, body });
  };
}

export async function startRouteWorld(): Promise<RouteWorld> {
  const savedEnv = { ...process.env };
  const stripe: StripeEmulator = await startStripeEmulator();
  const platforms: PlatformEmulator = await startPlatformEmulator();
  Object.assign(process.env, { PLATFORM_EMULATOR_URL: platforms.url, HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS });
  const billing = emulatorBilling(stripe);
  const stack = await startStack({ billing, env: { HERALD_OPS_EMAILS: OPS_EMAIL } });
  stripe.webhookUrl = `${stack.baseUrl}/api/v1/billing/webhook`;
  const a = await tenant(stack, 'Alpha');
  const b = await tenant(stack, 'Beta');
  // Both tenants pay for Business, so seats and accounts the rows add stay within the plan.
  await stack.database.db.update(organizations).set({ plan: 'business', billingStatus: 'active' }).where(inArray(organizations.id, [a.orgId, b.orgId]));
  // The owner of A has onboarded: a profile, a running cycle and this week's plan.
  await startCycle(stack, a.members.owner);
  const planStart = '2026-11-30';
  await stack.temporal.workflow.start('weeklyPlanWorkflow', {
    workflowId: workflowIds.weekly(a.orgId, a.members.owner.userId, planStart),
    taskQueue: stack.queues.main,
    args: [{ orgId: a.orgId, userId: a.members.owner.userId, planStart }],
  });
  const staff = await createSupportStaff(stack);
  const ops = await createTestUser(stack, { email: OPS_EMAIL, name: 'Ops' });

  return {
    stack,
    a,
    b,
    staff,
    ops,
    planStart,
    async newSession() {
      await resetNetworkLimits(stack);
      const email = `${randomUUID().slice(0, 8)}@session.example`;
      const res = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD, name: 'Sasha Session', organizationName: 'Session Org', timeZone: 'UTC' }),
      });
      if (res.status !== 201) throw new Error(`signing up failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { user: { id: string }; orgId: string; csrfToken: string };
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return { userId: body.user.id, orgId: body.orgId, token: '', email, cookie, csrfToken: body.csrfToken, request: sessionRequest(stack.baseUrl, cookie, body.csrfToken) };
    },
    async newMember(role) {
      const owner = await createTestUser(stack, { name: 'Other Owner' });
      return { owner, member: await createTestUser(stack, { orgId: owner.orgId, role, name: `New ${role}` }) };
    },
    newPost: () => awaitingPost(stack, a.members.owner),
    async newCycle() {
      const user = await createTestUser(stack, { name: 'Cycling Owner' });
      await createBrandProfile(stack, user);
      await startCycle(stack, user);
      return user;
    },
    async stop() {
      await stack.stop();
      await stripe.close();
      await platforms.close();
      process.env = savedEnv;
    },
  };
}

const strategiesOf = new WeakMap<RouteWorld, Map<'a' | 'b', Promise<{ strategyId: string; month: string }>>>();

/**
 * A presented weekly strategy of the tenant's owner and the month of the 30-day themes it follows,
 * read through the API. Org A's owner has this week's plan already; org B's owner gets one (for
 * February 2027, a month org A has no themes for) the first time it is asked for.
 */
export function ownerStrategy(w: RouteWorld, which: 'a' | 'b'): Promise<{ strategyId: string; month: string }> {
  const cache = strategiesOf.get(w) ?? new Map();
  strategiesOf.set(w, cache);
  const found = cache.get(which) ?? firstStrategy(w, which);
  cache.set(which, found);
  return found;
}

async function firstStrategy(w: RouteWorld, which: 'a' | 'b'): Promise<{ strategyId: string; month: string }> {
  const owner = w[which].members.owner;
  if (which === 'b') {
    const planStart = '2027-02-01';
    await w.stack.temporal.workflow.start('weeklyPlanWorkflow', {
      workflowId: workflowIds.weekly(owner.orgId, owner.userId, planStart),
      taskQueue: w.stack.queues.main,
      args: [{ orgId: owner.orgId, userId: owner.userId, planStart }],
    });
  }
  for (let i = 0; i < 200; i++) {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/strategies?userId=${owner.userId}&purpose=presentation`);
    const { strategies } = (await res.json()) as { strategies?: { id: string; weekStart: string; monthlyThemesId: string | null }[] };
    const strategy = strategies?.find((s) => s.monthlyThemesId);
    if (strategy) return { strategyId: strategy.id, month: strategy.weekStart.slice(0, 7) };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`org ${which.toUpperCase()}'s owner never got a weekly strategy`);
}
