import { describe, expect, it } from 'vitest';
import { loadBillingConfig, planForPrice } from '../../config/billing.js';
import { ConfigError } from '../../config/env.js';
import { applyBillingChange, billingChangeOf, cyclePaused, effectivePlan, localMonthOf, type ResolvedChange, type StoredBilling } from '../../core/billing.js';
import { intlOffsetAt } from '../../core/local-time.js';
import { activeAccountIds, checkLimit, overLimitNotices, PLAN_LIMITS, planPriceUsd, planThatLifts } from '../../core/plans.js';

const prices = { starter: { month: 'price_starter' }, pro: { month: 'price_pro', year: 'price_pro_year' }, business: { month: 'price_business' } };
const fresh: StoredBilling = { plan: 'free', billingStatus: 'active', stripeSubscriptionId: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, graceEndsAt: null, billingEventAt: null };
const context = (createdSec: number) => ({ eventCreated: new Date(createdSec * 1000), planForPrice: (id: string) => planForPrice({ prices }, id), graceDays: 7 });
const subscriptionEvent = (type: string, price: string, status = 'active', extra: Record<string, unknown> = {}) =>
  billingChangeOf({ type, data: { object: { id: 'sub_1', object: 'subscription', customer: 'cus_1', status, cancel_at_period_end: false, items: { data: [{ price: { id: price }, current_period_end: 2_000_000_000 }] }, ...extra } } }) as ResolvedChange;

describe('plans', () => {
  it('has the limits the issue names', () => {
    expect(PLAN_LIMITS.free).toEqual({ postsPerMonth: 10, connectedAccounts: 2, seats: 1 });
    expect(PLAN_LIMITS.starter).toEqual({ postsPerMonth: 30, connectedAccounts: 3, seats: 1 });
    expect(PLAN_LIMITS.pro).toEqual({ postsPerMonth: null, connectedAccounts: 10, seats: 3 });
    expect(PLAN_LIMITS.business).toEqual({ postsPerMonth: null, connectedAccounts: 25, seats: 10 });
    expect(planPriceUsd('pro', 'month')).toBe(79);
    expect(planPriceUsd('pro', 'year')).toBe(790);
  });

  it('refuses the 3rd account on Free, naming use, limit and the plan that lifts it', () => {
    expect(checkLimit('free', 'connected_accounts', 1).allowed).toBe(true);
    const refused = checkLimit('free', 'connected_accounts', 2);
    expect(refused).toMatchObject({ allowed: false, used: 2, max: 2, upgradeTo: 'starter' });
    expect(refused.message).toBe('The Free plan allows 2 connected accounts; 2 are in use. Upgrade to Starter for 3.');
    expect(planThatLifts('seats', 4)).toBe('business');
    expect(checkLimit('business', 'seats', 10).upgradeTo).toBeUndefined();
    expect(checkLimit('pro', 'posts_per_month', 5000).allowed).toBe(true);
  });
});

describe('a downgrade below current use', () => {
  it('deletes nothing and says which limits are exceeded and the way back', () => {
    expect(overLimitNotices('starter', { connected_accounts: 5, seats: 1, posts_per_month: 12 })).toEqual([
      'Starter allows 3 connected accounts; 5 are in use: nothing was deleted; remove 2 to add new ones, or upgrade to Pro.',
    ]);
    expect(overLimitNotices('pro', { connected_accounts: 10 })).toEqual([]);
  });

  it('keeps the chosen accounts publishing, then the oldest, up to the limit; within the limit all publish', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    const accounts = [
      { id: 'c', createdAt: day(3), keptAt: null },
      { id: 'a', createdAt: day(1), keptAt: null },
      { id: 'd', createdAt: day(4), keptAt: null },
      { id: 'b', createdAt: day(2), keptAt: null },
    ];
    expect([...activeAccountIds(accounts, 2)].sort()).toEqual(['a', 'b']);
    expect([...activeAccountIds(accounts, null)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...activeAccountIds(accounts, 4)].sort()).toEqual(['a', 'b', 'c', 'd']);
    const chosen = accounts.map((a) => (a.id === 'd' ? { ...a, keptAt: day(9) } : a));
    expect([...activeAccountIds(chosen, 2)].sort()).toEqual(['a', 'd']);
    // A choice made on a larger plan (three kept) keeps the oldest of them on a smaller one.
    const many = accounts.map((a) => (a.id === 'a' ? a : { ...a, keptAt: day(9) }));
    expect([...activeAccountIds(many, 2)].sort()).toEqual(['b', 'c']);
  });
});

describe('billing configuration', () => {
  it('is off without a secret key and puts every org on Business', () => {
    const config = loadBillingConfig({});
    expect(config.enabled).toBe(false);
    expect(effectivePlan({ plan: 'free', billingStatus: 'active', currentPeriodEnd: null, cancelAtPeriodEnd: false }, config, new Date())).toBe('business');
    expect(loadBillingConfig({ HERALD_DEFAULT_PLAN: 'pro' }).defaultPlan).toBe('pro');
  });

  it('reads price ids and an emulator URL, and wants the webhook secret with the key', () => {
    const config = loadBillingConfig({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_y', STRIPE_PRICE_PRO: 'price_pro', STRIPE_API_URL: 'http://127.0.0.1:12111' });
    expect(config.enabled).toBe(true);
    expect(config.api).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(planForPrice(config, 'price_pro')).toBe('pro');
    expect(planForPrice(config, 'price_other')).toBeUndefined();
    expect(() => loadBillingConfig({ STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow(ConfigError);
    expect(() => loadBillingConfig({ STRIPE_PRICE_PRO: 'pro' })).toThrow(/STRIPE_PRICE_PRO/);
  });
});

describe('billing events', () => {
  const on = { enabled: true, defaultPlan: 'business' as const };

  it('upgrades on a subscription for a configured price', () => {
    const { next, applied } = applyBillingChange(fresh, subscriptionEvent('customer.subscription.created', 'price_pro'), context(100));
    expect(applied).toBe(true);
    expect(next).toMatchObject({ plan: 'pro', billingStatus: 'active', stripeSubscriptionId: 'sub_1' });
    expect(next.currentPeriodEnd?.getTime()).toBe(2_000_000_000_000);
  });

  it('ends on the newest state when updated arrives before created', () => {
    const updated = applyBillingChange(fresh, subscriptionEvent('customer.subscription.updated', 'price_business'), context(200)).next;
    const late = applyBillingChange(updated, subscriptionEvent('customer.subscription.created', 'price_starter'), context(100));
    expect(late.applied).toBe(false);
    expect(late.next.plan).toBe('business');
  });

  it('stays on Free when deleted arrives before an older invoice.paid', () => {
    const paid = applyBillingChange(fresh, subscriptionEvent('customer.subscription.created', 'price_pro'), context(100)).next;
    const deleted = applyBillingChange(paid, subscriptionEvent('customer.subscription.deleted', 'price_pro', 'canceled'), context(300));
    expect(deleted.notice).toBe('subscription_ended');
    const invoice = billingChangeOf({ type: 'invoice.paid', data: { object: { customer: 'cus_1', parent: { subscription_details: { subscription: 'sub_1' } } } } }) as ResolvedChange;
    const after = applyBillingChange(deleted.next, invoice, context(200)).next;
    expect(effectivePlan(after, on, new Date())).toBe('free');
  });

  it('marks a failed payment past due with a grace period, pauses after it, and resumes when paid', () => {
    const paid = applyBillingChange(fresh, subscriptionEvent('customer.subscription.created', 'price_pro'), context(100)).next;
    const failed = applyBillingChange(paid, { kind: 'payment_failed', customerId: 'cus_1', subscriptionId: 'sub_1' }, context(1000));
    expect(failed.notice).toBe('payment_failed');
    expect(failed.next.billingStatus).toBe('past_due');
    expect(failed.next.graceEndsAt?.getTime()).toBe((1000 + 7 * 86_400) * 1000);
    expect(cyclePaused(failed.next, on, new Date((1000 + 6 * 86_400) * 1000))).toBe(false);
    expect(cyclePaused(failed.next, on, new Date((1000 + 7 * 86_400) * 1000))).toBe(true);
    expect(cyclePaused(failed.next, { enabled: false }, new Date((1000 + 8 * 86_400) * 1000))).toBe(false);
    const recovered = applyBillingChange(failed.next, { kind: 'invoice_paid', customerId: 'cus_1', subscriptionId: 'sub_1' }, context(2000));
    expect(recovered.notice).toBe('payment_recovered');
    expect(recovered.next).toMatchObject({ billingStatus: 'active', graceEndsAt: null, plan: 'pro' });
  });

  it('gives the paid plan only once the first payment went through', () => {
    const pending = applyBillingChange(fresh, subscriptionEvent('customer.subscription.created', 'price_pro', 'incomplete'), context(100)).next;
    expect(effectivePlan(pending, on, new Date())).toBe('free');
    expect(pending.plan).toBe('free');
    const paid = applyBillingChange(pending, subscriptionEvent('customer.subscription.updated', 'price_pro', 'active'), context(200)).next;
    expect(effectivePlan(paid, on, new Date())).toBe('pro');
  });

  it('keeps a cancelled subscription on its plan until the period ends, then Free', () => {
    const cancelling = applyBillingChange(fresh, subscriptionEvent('customer.subscription.updated', 'price_pro', 'active', { cancel_at_period_end: true }), context(100)).next;
    expect(effectivePlan(cancelling, on, new Date(1_999_999_999_000))).toBe('pro');
    expect(effectivePlan(cancelling, on, new Date(2_000_000_000_000))).toBe('free');
  });

  it('reads checkout completion and ignores what Herald does not handle', () => {
    expect(billingChangeOf({ type: 'checkout.session.completed', data: { object: { mode: 'subscription', customer: 'cus_1', subscription: 'sub_1', client_reference_id: 'org-1' } } })).toEqual({
      kind: 'checkout_completed',
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      orgId: 'org-1',
    });
    expect(billingChangeOf({ type: 'charge.refunded', data: { object: {} } })).toEqual({ kind: 'ignored' });
  });
});

describe('posts month', () => {
  it('is the calendar month in the org zone', () => {
    const berlin = intlOffsetAt('Europe/Berlin');
    const month = localMonthOf(Date.parse('2026-01-31T23:30:00Z'), berlin);
    expect(month.month).toBe('2026-02');
    expect(new Date(month.startMs).toISOString()).toBe('2026-01-31T23:00:00.000Z');
    expect(new Date(month.endMs).toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });
});
