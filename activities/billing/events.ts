import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { planForPrice, type BillingConfig } from '../../config/billing.js';
import { applyBillingChange, snapshotOf, type BillingChange, type BillingNotice, type ResolvedChange } from '../../core/billing.js';
import { PLAN_LABELS, planOrFree } from '../../core/plans.js';
import type { Database } from '../../db/client.js';
import type { Executor } from '../../db/queries/accounts.js';
import { orgBilling, type OrgBillingRow } from '../../db/queries/billing.js';
import { auditLog, organizations, stripeEvents } from '../../db/schema/index.js';
import { notifyActivities } from '../content/notify.js';
import { stripeClient } from './stripe.js';

export interface StripeEventInput {
  eventId: string;
  type: string;
  /** The event's `created`, unix seconds. */
  created: number;
  change: BillingChange;
}

export type StripeEventOutcome = 'applied' | 'stale' | 'ignored' | 'unknown_customer' | 'duplicate';

const NOTICES: Record<BillingNotice, (org: OrgBillingRow, graceDays: number) => { subject: string; body: string }> = {
  payment_failed: (org, graceDays) => ({
    subject: `Payment for Herald failed: update your card within ${graceDays} days`,
    body: `We could not charge ${org.name}'s card for the ${PLAN_LABELS[planOrFree(org.plan)]} plan. Everything keeps running until ${org.graceEndsAt?.toISOString() ?? 'the grace period ends'}; after that the daily cycle pauses (approved posts still publish, nothing is deleted) until the invoice is paid. Update the card in the billing page's Customer Portal.`,
  }),
  payment_recovered: (org) => ({
    subject: 'Payment received: Herald is back to normal',
    body: `Thank you: ${org.name}'s invoice is paid and the daily cycle runs as before.`,
  }),
  subscription_ended: (org) => ({
    subject: `${org.name} is now on the Free plan`,
    body: 'The paid subscription has ended. Nothing was deleted; the Free plan limits apply from now on. Subscribe again from the billing page at any time.',
  }),
};

/**
 * Applies one verified Stripe event to its org, all in one transaction with the event's row:
 * a retried or redelivered event finds its row and changes nothing, and a worker dying halfway
 * rolls everything back for the next attempt.
 */
export function billingActivities(db: Database, config: BillingConfig) {
  /** Checkout completion says which subscription; its plan and status are read from Stripe. */
  async function resolve(change: BillingChange): Promise<{ change: ResolvedChange | undefined; orgHint?: string }> {
    if (change.kind === 'ignored') return { change: undefined };
    if (change.kind !== 'checkout_completed') return { change };
    const subscription = await stripeClient(config)
      .subscriptions.retrieve(change.subscriptionId)
      .catch((err: { statusCode?: number; message?: string }) => {
        // Retrying cannot make a missing subscription appear; anything else (outage, bad key) may heal.
        if (err.statusCode === 404) throw ApplicationFailure.nonRetryable(`Stripe has no subscription ${change.subscriptionId}: ${err.message}`, 'SubscriptionMissing');
        throw err;
      });
    return { change: { kind: 'subscription', deleted: false, subscription: snapshotOf(subscription as unknown as Record<string, unknown>) }, orgHint: change.orgId };
  }

  async function findOrg(tx: Executor, customerId: string, orgHint: string | undefined): Promise<OrgBillingRow | undefined> {
    const [byCustomer] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.stripeCustomerId, customerId));
    if (byCustomer) return orgBilling(tx, byCustomer.id, { lock: true });
    if (!orgHint || !/^[0-9a-f-]{36}$/i.test(orgHint)) return undefined;
    const org = await orgBilling(tx, orgHint, { lock: true });
    if (!org || (org.stripeCustomerId && org.stripeCustomerId !== customerId)) return undefined;
    await tx.update(organizations).set({ stripeCustomerId: customerId }).where(eq(organizations.id, org.id));
    return { ...org, stripeCustomerId: customerId };
  }

  return {
    async applyStripeEvent(input: StripeEventInput): Promise<{ outcome: StripeEventOutcome; orgId?: string; plan?: string }> {
      const { change, orgHint } = await resolve(input.change);
      const eventCreated = new Date(input.created * 1000);
      return db.transaction(async (tx) => {
        const [fresh] = await tx.insert(stripeEvents).values({ id: input.eventId, type: input.type, created: eventCreated, outcome: 'ignored' }).onConflictDoNothing().returning();
        if (!fresh) return { outcome: 'duplicate' as const };
        const customerId = change?.kind === 'subscription' ? change.subscription.customerId : change?.customerId;
        const org = change && customerId ? await findOrg(tx, customerId, orgHint) : undefined;
        const record = async (outcome: StripeEventOutcome) => {
          await tx.update(stripeEvents).set({ outcome, orgId: org?.id ?? null }).where(eq(stripeEvents.id, input.eventId));
          return { outcome, orgId: org?.id, plan: org?.plan };
        };
        if (!change) return record('ignored');
        if (!org) return record('unknown_customer');

        const result = applyBillingChange(org, change, { eventCreated, planForPrice: (price) => planForPrice(config, price), graceDays: config.graceDays });
        if (!result.applied) return record('stale');
        const { plan, billingStatus, stripeSubscriptionId, currentPeriodEnd, cancelAtPeriodEnd, graceEndsAt, billingEventAt } = result.next;
        await tx
          .update(organizations)
          .set({ plan, billingStatus, stripeSubscriptionId, currentPeriodEnd, cancelAtPeriodEnd, graceEndsAt, billingEventAt, updatedAt: new Date() })
          .where(eq(organizations.id, org.id));
        await tx.insert(auditLog).values({
          orgId: org.id,
          actor: 'stripe',
          action: `billing.${input.type}`,
          subjectType: 'organization',
          subjectId: org.id,
          details: { eventId: input.eventId, from: { plan: org.plan, status: org.billingStatus }, to: { plan, status: billingStatus } },
          idempotencyKey: `stripe:${input.eventId}`,
        });
        if (result.notice) {
          const text = NOTICES[result.notice]({ ...org, ...result.next }, config.graceDays);
          await notifyActivities(tx).notifyOrg({ orgId: org.id, audience: 'owners', kind: `billing_${result.notice}`, ...text, dedupeKey: `billing:${input.eventId}`, data: { eventId: input.eventId, plan, status: billingStatus } });
        }
        const recorded = await record('applied');
        return { ...recorded, plan };
      });
    },
  };
}
