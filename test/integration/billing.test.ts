import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organizations, outboxEmails, postTargets, stripeEvents } from '../../db/schema/index.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import { startStripeEmulator, type StripeEmulator, type StripeEvent } from '../../emulators/stripe/server.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { publishingPlatformActivities } from '../../activities/publishing/platform.js';
import { createPlatformServices } from '../../activities/platforms/services.js';
import { loadPlatformConfig } from '../../config/platforms.js';
import { createBrandProfile, createWrittenPost } from '../support/content.js';
import { emulatorBilling } from '../support/stripe.js';
import { TEST_ENCRYPTION_KEYS } from '../support/platforms.js';
import { loadHistoryFixtures, replay, saveHistoryFixture } from '../support/replay.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stripe: StripeEmulator;
let platforms: PlatformEmulator;
let stack: TestStack;
const savedEnv = { ...process.env };

beforeAll(async () => {
  stripe = await startStripeEmulator();
  platforms = await startPlatformEmulator();
  Object.assign(process.env, { PLATFORM_EMULATOR_URL: platforms.url, HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS });
  const billing = emulatorBilling(stripe);
  stack = await startStack({ billing });
  stripe.webhookUrl = `${stack.baseUrl}/api/v1/billing/webhook`;
});
afterAll(async () => {
  await stack?.stop();
  await stripe?.close();
  await platforms?.close();
  process.env = savedEnv;
});

const billingOf = (user: TestUser) => `/api/v1/orgs/${user.orgId}/billing`;

/** Delivers an event as Stripe would and waits (generously: the machine is loaded) until it is applied. */
async function deliver(event: StripeEvent) {
  expect(await stripe.deliver(event)).toBe(200);
  return stack.temporal.workflow.getHandle(workflowIds.stripeEvent(event.id)).result() as Promise<{ outcome: string; plan?: string }>;
}

/** An owner whose org has checked out `plan` in the emulator; the events are returned unsent. */
async function subscribe(owner: TestUser, plan: 'starter' | 'pro' | 'business', created?: number) {
  const res = await owner.request(`${billingOf(owner)}/checkout`, { method: 'POST', json: { plan } });
  expect(res.status).toBe(201);
  const { url, sessionId } = await res.json();
  expect(url).toContain(`/checkout/${sessionId}`);
  return stripe.completeCheckout(sessionId, created);
}

const orgRow = async (user: TestUser) => (await stack.database.db.select().from(organizations).where(eq(organizations.id, user.orgId)))[0]!;

async function connectSandbox(user: TestUser, account: string) {
  return user.request(`/api/v1/orgs/${user.orgId}/accounts/connect-sandbox`, { method: 'POST', json: { platform: 'x', account } });
}

describe('billing', () => {
  it('refuses a webhook whose signature does not match, and applies nothing', async () => {
    const event = stripe.event('invoice.paid', { id: 'in_forged', object: 'invoice', customer: 'cus_nobody' });
    expect(await stripe.deliver(event, { secret: 'whsec_forged' })).toBe(400);
    const bare = await fetch(stripe.webhookUrl!, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    expect(bare.status).toBe(400);
    expect(await stack.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toEqual([]);
  });

  it('connects the 2nd account on Free, refuses the 3rd with 402 naming the way up, and connects it after the upgrade webhook', async () => {
    const owner = await createTestUser(stack, { name: 'Free Owner' });
    expect((await connectSandbox(owner, 'free-1')).status).toBe(201);
    expect((await connectSandbox(owner, 'free-2')).status).toBe(201);
    const refused = await connectSandbox(owner, 'free-3');
    expect(refused.status).toBe(402);
    expect((await refused.json()).error).toMatchObject({
      code: 'plan_limit',
      message: 'The Free plan allows 2 connected accounts; 2 are in use. Upgrade to Starter for 3.',
      details: { limit: 'connected_accounts', used: 2, max: 2, plan: 'free', upgradeTo: 'starter' },
    });

    const { subscription, events } = await subscribe(owner, 'pro');
    for (const event of events) await deliver(event);
    expect((await connectSandbox(owner, 'free-3')).status).toBe(201);

    const res = await owner.request(billingOf(owner));
    const body = await res.json();
    expect(body).toMatchObject({ billing: 'stripe', plan: 'pro', status: 'active', usage: { connectedAccounts: { used: 3, limit: 10 }, seats: { used: 1, limit: 3 }, postsThisMonth: { used: 0, limit: null } } });
    expect(Date.parse(body.periodEnd)).toBeGreaterThan(Date.now());
    expect(body.usage.aiSpendUsd).toMatchObject({ used: 0, limit: 15 });
    expect(body.plans).toContainEqual(expect.objectContaining({ plan: 'pro', monthlyUsd: 79, yearlyUsd: 790, intervals: ['month'] }));
    expect(body.notices).toEqual([]);

    // Cancelled: back on Free with 3 accounts; nothing is deleted, and the answer says so.
    await deliver(stripe.deleteSubscription(subscription.id));
    const downgraded = await (await owner.request(billingOf(owner))).json();
    expect(downgraded).toMatchObject({ plan: 'free', usage: { connectedAccounts: { used: 3, limit: 2 } } });
    expect(downgraded.notices).toEqual([
      'Free allows 2 connected accounts; 3 are in use: nothing was deleted; remove 1 to add new ones, or upgrade to Starter.',
      expect.stringMatching(/^Not publishing: X .*free-3.*; Herald keeps the 2 oldest active\./),
    ]);
  });

  it('after a downgrade keeps the oldest accounts publishing and names the paused one; an owner chooses which publish, within the plan', async () => {
    const owner = await createTestUser(stack, { name: 'Downgrade Owner' });
    const { subscription, events } = await subscribe(owner, 'starter');
    for (const event of events) await deliver(event);
    const ids: string[] = [];
    for (const name of ['keep-1', 'keep-2', 'keep-3']) {
      const res = await connectSandbox(owner, name);
      expect(res.status).toBe(201);
      ids.push((await res.json()).account.id);
    }
    await deliver(stripe.deleteSubscription(subscription.id));

    const accountsPath = `/api/v1/orgs/${owner.orgId}/accounts`;
    const activeOf = async () => Object.fromEntries(((await (await owner.request(accountsPath)).json()).accounts as { id: string; active: boolean }[]).map((a) => [a.id, a.active]));
    expect(await activeOf()).toEqual({ [ids[0]!]: true, [ids[1]!]: true, [ids[2]!]: false });
    const notices = (await (await owner.request(billingOf(owner))).json()).notices as string[];
    expect(notices).toContainEqual(expect.stringMatching(/^Not publishing: X .*keep-3.*; Herald keeps the 2 oldest active\. Choose which accounts publish under Accounts, or upgrade\.$/));

    // A post bound to the paused account is not published, and the failure says why and what to do.
    await createBrandProfile(stack, owner);
    const postId = await createWrittenPost(stack, owner, new Date(Date.now() + 3600_000), ['x']);
    await stack.database.db.update(postTargets).set({ socialAccountId: ids[2]! }).where(eq(postTargets.postId, postId));
    const [target] = await stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
    const platformConfig = loadPlatformConfig({ NODE_ENV: 'test', HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS, PLATFORM_EMULATOR_URL: platforms.url });
    const publishing = publishingPlatformActivities({ db: stack.database.db, platforms: createPlatformServices(stack.database.db, platformConfig), billing: emulatorBilling(stripe) });
    expect(await publishing.prepareSession({ targetId: target!.id })).toEqual({
      ok: false,
      kind: 'permanent',
      message: expect.stringMatching(/^X account .*keep-3.* is paused: the Free plan allows 2 connected accounts, and the 2 oldest accounts publish\. Choose it under Accounts, or upgrade; then replay the post\.$/),
    });

    // The owner keeps the newest and the oldest instead; the one left out pauses, nothing is deleted.
    const chosen = await owner.request(`${accountsPath}/active`, { method: 'PUT', json: { accountIds: [ids[2], ids[0]] } });
    expect(chosen.status).toBe(200);
    expect(await activeOf()).toEqual({ [ids[0]!]: true, [ids[1]!]: false, [ids[2]!]: true });
    expect(await publishing.prepareSession({ targetId: target!.id })).toMatchObject({ ok: true, accountId: ids[2] });
    expect((await (await owner.request(billingOf(owner))).json()).notices).toContainEqual(expect.stringMatching(/^Not publishing: X .*keep-2.*; the accounts you chose stay active\./));

    const tooMany = await owner.request(`${accountsPath}/active`, { method: 'PUT', json: { accountIds: ids } });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error).toMatchObject({ code: 'too_many_active', message: 'The Free plan keeps 2 accounts active; you chose 3. Choose at most 2, or upgrade.' });
    const other = await createTestUser(stack, { name: 'Other Org Owner' });
    const otherAccount = (await (await connectSandbox(other, 'not-yours')).json()).account.id as string;
    const foreign = await owner.request(`${accountsPath}/active`, { method: 'PUT', json: { accountIds: [otherAccount] } });
    expect(foreign.status).toBe(404);
    expect(await activeOf()).toEqual({ [ids[0]!]: true, [ids[1]!]: false, [ids[2]!]: true });
  });

  it('checks the limit again when an OAuth connect finishes, so two connects started at once cannot pass it', async () => {
    const owner = await createTestUser(stack, { name: 'Race Owner' });
    expect((await connectSandbox(owner, 'race-1')).status).toBe(201);
    // Each connect is finished by the browser that started it (its binding cookie goes along).
    const start = async () => {
      const res = await owner.request(`/api/v1/orgs/${owner.orgId}/accounts/connect`, { method: 'POST', json: { platform: 'linkedin' } });
      return { url: (await res.json()).authorizationUrl as string, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    };
    const [first, second] = [await start(), await start()];
    const finish = async (started: { url: string; cookie: string }, account: string) => {
      const approve = new URL(started.url);
      approve.searchParams.set('approve', '1');
      approve.searchParams.set('account', account);
      const callback = new URL((await fetch(approve, { redirect: 'manual' })).headers.get('location')!);
      return fetch(`${stack.baseUrl}${callback.pathname}${callback.search}`, { headers: { accept: 'application/json', cookie: started.cookie } });
    };
    expect((await finish(first, 'race-2')).status).toBe(200);
    const refused = await finish(second, 'race-3');
    expect(refused.status).toBe(402);
    expect((await refused.json()).error.details).toMatchObject({ limit: 'connected_accounts', used: 2, max: 2 });
  });

  it('counts a second seat against Free, and lets only owners and admins manage billing', async () => {
    const owner = await createTestUser(stack, { name: 'Seat Owner' });
    // Free has one seat, the owner's: inviting a second person is refused at the boundary.
    const invite = () => owner.request(`/api/v1/orgs/${owner.orgId}/invitations`, { method: 'POST', json: { email: `editor-${owner.orgId}@example.test`, role: 'editor' } });
    const join = await invite();
    expect(join.status).toBe(402);
    expect((await join.json()).error.details).toMatchObject({ limit: 'seats', used: 1, max: 1, upgradeTo: 'pro' });

    const { events } = await subscribe(owner, 'business');
    for (const event of events) await deliver(event);
    expect((await invite()).status).toBe(201);
    const editor = await createTestUser(stack, { name: 'Editor', orgId: owner.orgId, role: 'editor' });
    expect((await editor.request(`${billingOf(editor)}/portal`, { method: 'POST' })).status).toBe(403);
    const portal = await owner.request(`${billingOf(owner)}/portal`, { method: 'POST' });
    expect(portal.status).toBe(201);
    expect((await portal.json()).url).toContain('/portal/');
    expect((await owner.request(`${billingOf(owner)}/checkout`, { method: 'POST', json: { plan: 'pro' } })).status).toBe(409);
  });

  it('processes the same event once when Stripe delivers it twice', async () => {
    const owner = await createTestUser(stack, { name: 'Twice Owner' });
    const { subscription, events } = await subscribe(owner, 'starter');
    for (const event of events) await deliver(event);
    const failed = stripe.invoice(subscription.id, 'failed');
    expect(await deliver(failed)).toMatchObject({ outcome: 'applied' });
    const workflowId = workflowIds.stripeEvent(failed.id);
    saveHistoryFixture('stripe-event-payment-failed', workflowId);
    await replay(await stack.temporal.workflow.getHandle(workflowId).fetchHistory(), workflowId);
    expect(await stripe.deliver(failed)).toBe(200);
    expect(await stack.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, failed.id))).toHaveLength(1);
    expect(await stack.database.db.select().from(auditLog).where(eq(auditLog.idempotencyKey, `stripe:${failed.id}`))).toHaveLength(1);
    const mails = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, owner.orgId), eq(outboxEmails.kind, 'billing_payment_failed')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Payment for Herald failed');

    const org = await orgRow(owner);
    expect(org.billingStatus).toBe('past_due');
    expect(org.graceEndsAt!.getTime()).toBe((failed.created + 7 * 86_400) * 1000);
    expect((await (await owner.request(billingOf(owner))).json()).cyclePaused).toBe(false);

    expect(await deliver(stripe.invoice(subscription.id, 'paid'))).toMatchObject({ outcome: 'applied' });
    expect(await orgRow(owner)).toMatchObject({ billingStatus: 'active', graceEndsAt: null, plan: 'starter' });
  });

  it('pauses the daily run of an org whose invoice is unpaid past the grace period, before any research or writing', async () => {
    const owner = await createTestUser(stack, { name: 'Paused Owner' });
    await createBrandProfile(stack, owner);
    await stack.database.db.update(organizations).set({ plan: 'pro', billingStatus: 'past_due', graceEndsAt: new Date(Date.now() - 60_000) }).where(eq(organizations.id, owner.orgId));
    const summary = await stack.temporal.workflow.execute('dailyRunWorkflow', {
      taskQueue: stack.queues.main,
      workflowId: `daily-billing-test-${randomUUID()}`,
      args: [{ orgId: owner.orgId, userId: owner.userId, localDate: '2031-03-03', kind: 'manual' }],
    });
    expect(summary).toMatchObject({ created: [], failed: [], pausedFor: expect.stringContaining('resumes once it is paid') });
  });

  it('replays daily runs recorded before the billing pause existed', async () => {
    const recorded = loadHistoryFixtures().filter((f) => f.name.startsWith('daily-run'));
    expect(recorded.length).toBeGreaterThan(0);
    for (const { name, history } of recorded) await replay(history, name);
  });

  it('leaves nothing half-applied when applying an event fails halfway, and applies it whole on the retry', async () => {
    const owner = await createTestUser(stack, { name: 'Halfway Owner' });
    const { subscription, events } = await subscribe(owner, 'starter');
    for (const event of events) await deliver(event);
    // The last write of the transaction (the owners' e-mail) fails, as if the worker died there.
    const pool = stack.database.pool;
    await pool.query(`create or replace function billing_test_fail_outbox() returns trigger language plpgsql as $$ begin raise exception 'worker died halfway'; end $$`);
    await pool.query(`create trigger billing_test_fail_outbox before insert on outbox_emails for each row when (new.org_id = '${owner.orgId}') execute function billing_test_fail_outbox()`);
    try {
      const failed = stripe.invoice(subscription.id, 'failed');
      expect(await stripe.deliver(failed)).toBe(200);
      const handle = stack.temporal.workflow.getHandle(workflowIds.stripeEvent(failed.id));
      const deadline = Date.now() + 90_000;
      while (((await handle.describe()).raw.pendingActivities?.[0]?.attempt ?? 0) < 2) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await orgRow(owner)).toMatchObject({ billingStatus: 'active', graceEndsAt: null });
      expect(await stack.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, failed.id))).toEqual([]);
      await pool.query('drop trigger billing_test_fail_outbox on outbox_emails');
      expect(await handle.result()).toMatchObject({ outcome: 'applied' });
      expect((await orgRow(owner)).billingStatus).toBe('past_due');
      expect(await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, owner.orgId), eq(outboxEmails.kind, 'billing_payment_failed')))).toHaveLength(1);
    } finally {
      await pool.query('drop trigger if exists billing_test_fail_outbox on outbox_emails');
    }
  });

  it('ends on the right plan when events arrive out of order: updated before created, deleted before paid', async () => {
    const owner = await createTestUser(stack, { name: 'Order Owner' });
    const t0 = Math.floor(Date.now() / 1000);
    const { subscription, events } = await subscribe(owner, 'starter', t0);
    const upgraded = stripe.updateSubscription(subscription.id, { price: 'price_business' }, t0 + 10);
    await deliver(upgraded);
    for (const event of events) await deliver(event);
    expect((await orgRow(owner)).plan).toBe('business');

    const paid = stripe.invoice(subscription.id, 'paid', t0 + 20);
    const deleted = stripe.deleteSubscription(subscription.id, t0 + 30);
    expect(await deliver(deleted)).toMatchObject({ outcome: 'applied', plan: 'free' });
    expect(await deliver(paid)).toMatchObject({ outcome: 'stale' });
    const body = await (await owner.request(billingOf(owner))).json();
    expect(body).toMatchObject({ plan: 'free', status: 'canceled' });
    const ended = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, owner.orgId), eq(outboxEmails.kind, 'billing_subscription_ended')));
    expect(ended).toHaveLength(1);
  });
});
