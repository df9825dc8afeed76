import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleActivities } from '../../activities/content/cycle.js';
import { slotActivities, type SlotClaim } from '../../activities/content/slots.js';
import { apiClient } from '../../cli/api-client.js';
import { BILLING_COMMANDS } from '../../cli/commands/billing.js';
import { loadBillingConfig } from '../../config/billing.js';
import { schema } from '../../db/client.js';
import { organizations, posts, postTargets, socialAccounts } from '../../db/schema/index.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/** Billing on (a Stripe key is set) without a Stripe server: nothing here calls Stripe. */
const billingOn = loadBillingConfig({ STRIPE_SECRET_KEY: 'sk_test_quota', STRIPE_WEBHOOK_SECRET: 'whsec_quota' });
const billingOff = loadBillingConfig({});

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: false, billing: billingOff });
});
afterAll(() => stack?.stop());

const claimOn = (user: TestUser, day: number): SlotClaim => ({
  orgId: user.orgId,
  userId: user.userId,
  timeZone: 'Europe/Berlin',
  localDate: `2031-03-${String(day).padStart(2, '0')}`,
  time: '09:00',
  platforms: ['x'],
  brief: { topic: 'quota', brief: 'a post', contentType: 'text' },
});

describe('posts a month', () => {
  it('writes the 10th post of the month on Free and refuses the 11th, naming the way up; the next month has room again', async () => {
    const owner = await createTestUser(stack, { name: 'Quota Owner' });
    const slots = slotActivities(stack.database.db, billingOn);
    for (let day = 1; day <= 10; day++) expect(await slots.claimSlot(claimOn(owner, day))).toMatchObject({ created: true });
    // The same slot again is the same post, not an 11th.
    const first = await slots.claimSlot(claimOn(owner, 1));
    expect(await slots.claimSlot(claimOn(owner, 1))).toEqual(first);
    expect(await slots.claimSlot(claimOn(owner, 11))).toEqual({
      refused: 'posts_per_month',
      reason: 'The Free plan allows 10 posts this month; 10 are in use. Upgrade to Starter for 30.',
    });
    expect(await slots.claimSlot({ ...claimOn(owner, 1), localDate: '2031-04-01' })).toMatchObject({ created: true });
    // With billing off the org is on Business: no monthly quota.
    expect(await slotActivities(stack.database.db, billingOff).claimSlot(claimOn(owner, 12))).toMatchObject({ created: true });
  });

  it('writes nothing new once a past-due invoice outlives its grace period', async () => {
    const owner = await createTestUser(stack, { name: 'Overdue Owner' });
    await stack.database.db.update(organizations).set({ plan: 'pro', billingStatus: 'past_due', graceEndsAt: new Date(Date.now() - 1000) }).where(eq(organizations.id, owner.orgId));
    expect(await slotActivities(stack.database.db, billingOn).claimSlot(claimOn(owner, 1))).toMatchObject({ refused: 'payment_overdue' });
    await stack.database.db.update(organizations).set({ graceEndsAt: new Date(Date.now() + 86_400_000) }).where(eq(organizations.id, owner.orgId));
    expect(await slotActivities(stack.database.db, billingOn).claimSlot(claimOn(owner, 1))).toMatchObject({ created: true });
  });

  it('gives a new slot\'s targets the oldest connected account that is active on the plan, reading the accounts once', async () => {
    const owner = await createTestUser(stack, { name: 'Accounts Owner' });
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    const account = (platform: string, name: string, days: number, status: 'connected' | 'needs_reconnect' = 'connected') => ({ orgId: owner.orgId, platform, externalId: name, displayName: name, status, createdAt: ago(days) });
    const rows = await stack.database.db
      .insert(socialAccounts)
      .values([account('linkedin', 'li-expired', 4, 'needs_reconnect'), account('x', 'x-old', 3), account('facebook', 'fb-paused', 2), account('x', 'x-new', 1)])
      .returning({ id: socialAccounts.id, name: socialAccounts.displayName });
    const idOf = (name: string) => rows.find((r) => r.name === name)!.id;
    // Free keeps 2 accounts active (the oldest counted: li-expired and x-old); Facebook's is paused.
    const queries: string[] = [];
    const logged = drizzle(stack.database.pool, { schema, logger: { logQuery: (query) => queries.push(query) } });
    const claimed = await slotActivities(logged, billingOn).claimSlot({ ...claimOn(owner, 1), platforms: ['x', 'linkedin', 'facebook'] });
    expect(claimed).toMatchObject({ created: true });
    const targets = await stack.database.db.select().from(postTargets).where(eq(postTargets.postId, (claimed as { postId: string }).postId));
    expect(Object.fromEntries(targets.map((t) => [t.platform, t.socialAccountId]))).toEqual({ x: idOf('x-old'), linkedin: null, facebook: null });
    expect(queries.filter((q) => /from "social_accounts"/.test(q))).toHaveLength(1);
  });

  it('tells the digest how much of the quota is used', async () => {
    const owner = await createTestUser(stack, { name: 'Digest Owner' });
    expect(await cycleActivities(stack.database.db, billingOn).digestLines({ orgId: owner.orgId, postIds: [] })).toEqual(['0 of your 10 posts this month are used; upgrade for more.']);
    expect(await cycleActivities(stack.database.db, billingOff).digestLines({ orgId: owner.orgId, postIds: [] })).toEqual([]);
  });
});

describe('billing off', () => {
  it('puts every org on Business and says billing is not configured', async () => {
    const owner = await createTestUser(stack, { name: 'Unbilled Owner' });
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/billing`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ billing: 'not_configured', plan: 'business', usage: { connectedAccounts: { used: 0, limit: 25 }, seats: { used: 1, limit: 10 } } });
    const checkout = await owner.request(`/api/v1/orgs/${owner.orgId}/billing/checkout`, { method: 'POST', json: { plan: 'pro' } });
    expect(checkout.status).toBe(503);
    expect((await checkout.json()).error).toMatchObject({ code: 'billing_not_configured', message: expect.stringContaining('Business') });
    expect((await fetch(`${stack.baseUrl}/api/v1/billing/webhook`, { method: 'POST', body: '{}' })).status).toBe(503);
  });

  it('herald billing show prints the plan and usage; herald billing checkout passes on the reason', async () => {
    const owner = await createTestUser(stack, { name: 'CLI Owner' });
    const context = { api: apiClient(stack.baseUrl, owner.token), options: {}, positionals: [] };
    const [show, checkout] = BILLING_COMMANDS;
    const shown = await show!.run(context);
    expect(shown.text).toContain('plan: Business (billing is not configured on this Herald)');
    expect(shown.text).toContain('connected accounts: 0 of 25');
    expect(shown.text).toContain('posts this month: 0 of unlimited');
    await expect(checkout!.run({ ...context, options: { plan: 'pro' } })).rejects.toThrow(/billing_not_configured, HTTP 503/);
  });
});

describe('claiming a slot', () => {
  it('a slot claimed and never written goes back to the next claim to write (a retried claim lost it before); a written one does not', async () => {
    const owner = await createTestUser(stack, { name: 'Retried Claim Owner' });
    const slots = slotActivities(stack.database.db, billingOff);
    const made = await slots.claimSlot(claimOn(owner, 5));
    expect(made).toMatchObject({ created: true, stage: 'drafted' });
    // The claim's activity failed on a later slot and ran again: this slot is still the run's to write.
    expect(await slots.claimSlot(claimOn(owner, 5))).toMatchObject({ postId: (made as { postId: string }).postId, created: true });
    await stack.database.db.update(posts).set({ contentOutputId: 'written-output' }).where(eq(posts.id, (made as { postId: string }).postId));
    expect(await slots.claimSlot(claimOn(owner, 5))).toMatchObject({ postId: (made as { postId: string }).postId, created: false, stage: 'drafted' });
    expect((await stack.database.db.select().from(posts).where(eq(posts.orgId, owner.orgId))).length).toBe(1);
  });
});
