import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { and, eq, isNull } from 'drizzle-orm';
import express, { Router } from 'express';
import { z } from 'zod';
import { stripeClient, type Stripe } from '../../activities/billing/stripe.js';
import type { BillingConfig } from '../../config/billing.js';
import { billingChangeOf, cyclePaused, effectivePlan } from '../../core/billing.js';
import { overLimitNotices, PAID_PLANS, PLAN_LABELS, PLAN_LIMITS, planPriceUsd } from '../../core/plans.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import type { Platform } from '../../core/platforms.js';
import { orgBudgetState } from '../../db/ai-budget.js';
import { accountActivity, orgBilling, orgUsage, type AccountActivity } from '../../db/queries/billing.js';
import { auditLog, organizations } from '../../db/schema/index.js';
import { systemPriority } from '../../temporal-config/priorities.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import type { stripeEventWorkflow } from '../../workflows/billing.js';
import { orgOf, requireRole } from '../auth.js';
import { billingOf, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';

/**
 * /orgs/:orgId/billing: the plan and its usage for every member; Checkout and the Customer
 * Portal for owners and admins. Stripe's webhook (POST /api/v1/billing/webhook) is below.
 */
/** Which accounts do not publish while the org is over its account limit, and how to change that. */
function pausedAccountsNotice(activity: AccountActivity): string[] {
  if (activity.paused.length === 0) return [];
  const names = activity.paused.map((a) => `${PLATFORM_LIMITS[a.platform as Platform]?.label ?? a.platform} ${a.displayName}`).join(', ');
  const kept = activity.chosen ? 'the accounts you chose stay active' : `Herald keeps the ${activity.max} oldest active`;
  return [`Not publishing: ${names}; ${kept}. Choose which accounts publish under Accounts, or upgrade.`];
}

export const BILLING_MANAGERS = ['owner', 'admin'] as const;

export const checkoutBody = z.strictObject({
  plan: z.enum(PAID_PLANS, { message: `must be one of ${PAID_PLANS.join(', ')}` }),
  interval: z.enum(['month', 'year']).default('month'),
});

function configured(ctx: ApiContext): BillingConfig {
  const billing = billingOf(ctx);
  if (!billing.enabled) {
    throw new HttpError(503, 'billing_not_configured', `Billing is not configured on this Herald (no STRIPE_SECRET_KEY); every organization is on the ${PLAN_LABELS[billing.defaultPlan]} plan.`);
  }
  return billing;
}

const appUrl = (ctx: ApiContext, orgId: string, query = '') => `${ctx.config.apiUrl.replace(/\/$/, '')}/orgs/${orgId}/billing${query}`;

/** The org's one Stripe customer, created at its first checkout (idempotently, if two owners click at once). */
async function customerOf(ctx: ApiContext, stripe: Stripe, orgId: string): Promise<string> {
  const org = await orgBilling(ctx.db, orgId);
  if (org?.stripeCustomerId) return org.stripeCustomerId;
  const customer = await stripe.customers.create({ name: org?.name, metadata: { orgId } }, { idempotencyKey: `herald-customer-${orgId}` });
  await ctx.db.update(organizations).set({ stripeCustomerId: customer.id }).where(and(eq(organizations.id, orgId), isNull(organizations.stripeCustomerId)));
  return (await orgBilling(ctx.db, orgId))!.stripeCustomerId!;
}

const INTERVALS = ['month', 'year'] as const;

/** What can be bought here: each paid plan, its prices, and the intervals that have a Stripe price. */
const catalogue = (billing: BillingConfig) =>
  PAID_PLANS.map((plan) => ({
    plan,
    label: PLAN_LABELS[plan],
    monthlyUsd: planPriceUsd(plan, 'month'),
    yearlyUsd: planPriceUsd(plan, 'year'),
    limits: PLAN_LIMITS[plan],
    intervals: INTERVALS.filter((interval) => billing.prices[plan][interval]),
  }));

export function billingRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const { orgId } = orgOf(res);
    const billing = billingOf(ctx);
    const org = await orgBilling(ctx.db, orgId);
    if (!org) throw new HttpError(404, 'org_not_found', `No organization ${orgId}.`);
    const now = new Date();
    const plan = effectivePlan(org, billing, now);
    const ai = await orgBudgetState(ctx.db, orgId, billing, now);
    const usage = await orgUsage(ctx.db, orgId, plan, now);
    const accounts = await accountActivity(ctx.db, orgId, billing, now);
    res.json({
      billing: billing.enabled ? 'stripe' : 'not_configured',
      plan,
      planLabel: PLAN_LABELS[plan],
      limits: PLAN_LIMITS[plan],
      status: billing.enabled ? org.billingStatus : 'active',
      periodEnd: billing.enabled ? (org.currentPeriodEnd?.toISOString() ?? null) : null,
      cancelAtPeriodEnd: billing.enabled && org.cancelAtPeriodEnd,
      graceEndsAt: billing.enabled ? (org.graceEndsAt?.toISOString() ?? null) : null,
      cyclePaused: cyclePaused(org, billing, now),
      usage: { ...usage, aiSpendUsd: { used: ai.spentUsd, limit: ai.budgetUsd, month: ai.month } },
      notices: [
        ...overLimitNotices(plan, { posts_per_month: usage.postsThisMonth.used, connected_accounts: usage.connectedAccounts.used, seats: usage.seats.used }),
        ...pausedAccountsNotice(accounts),
      ],
      pausedAccounts: accounts.paused,
      plans: catalogue(billing),
    });
  });

  router.post('/checkout', requireRole(BILLING_MANAGERS), async (req, res) => {
    const billing = configured(ctx);
    const { orgId, userId } = orgOf(res);
    const { plan, interval } = parseInput(checkoutBody, req.body, 'body');
    const price = billing.prices[plan][interval];
    if (!price) throw new HttpError(409, 'price_not_configured', `No Stripe price is configured for ${PLAN_LABELS[plan]} billed every ${interval}; set STRIPE_PRICE_${plan.toUpperCase()}${interval === 'year' ? '_ANNUAL' : ''}.`);
    const org = await orgBilling(ctx.db, orgId);
    if (org?.stripeSubscriptionId && org.billingStatus !== 'canceled') {
      throw new HttpError(409, 'already_subscribed', `This organization already pays for ${PLAN_LABELS[effectivePlan(org, billing, new Date())]}; change plans in the Customer Portal (POST /api/v1/orgs/${orgId}/billing/portal).`);
    }
    const stripe = stripeClient(billing);
    const customer = await customerOf(ctx, stripe, orgId);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: orgId,
      line_items: [{ price, quantity: 1 }],
      subscription_data: { metadata: { orgId } },
      success_url: appUrl(ctx, orgId, '?checkout=success'),
      cancel_url: appUrl(ctx, orgId, '?checkout=cancelled'),
    });
    await ctx.db.insert(auditLog).values({ orgId, actor: userId, action: 'billing.checkout_started', subjectType: 'organization', subjectId: orgId, details: { plan, interval, sessionId: session.id } });
    res.status(201).json({ url: session.url, sessionId: session.id, plan, interval });
  });

  router.post('/portal', requireRole(BILLING_MANAGERS), async (_req, res) => {
    const billing = configured(ctx);
    const { orgId } = orgOf(res);
    const org = await orgBilling(ctx.db, orgId);
    if (!org?.stripeCustomerId) throw new HttpError(409, 'no_subscription', 'This organization has never subscribed; start with POST .../billing/checkout.');
    const session = await stripeClient(billing).billingPortal.sessions.create({ customer: org.stripeCustomerId, return_url: appUrl(ctx, orgId) });
    res.status(201).json({ url: session.url });
  });

  return router;
}

/**
 * POST /api/v1/billing/webhook, mounted before the JSON parser: the signature covers the raw
 * bytes. Stripe gets its 200 once the event's workflow has started; the workflow applies it.
 */
export function stripeWebhookRoutes(ctx: ApiContext): Router {
  // Read at start-up, so malformed Stripe settings stop the API instead of the first webhook.
  billingOf(ctx);
  const router = Router();
  router.post('/webhook', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const billing = configured(ctx);
    const signature = req.header('stripe-signature');
    if (!signature || !Buffer.isBuffer(req.body)) throw new HttpError(400, 'invalid_signature', 'A Stripe-Signature header and the raw event body are required.');
    let event: Stripe.Event;
    try {
      event = stripeClient(billing).webhooks.constructEvent(req.body, signature, billing.webhookSecret!);
    } catch (err) {
      throw new HttpError(400, 'invalid_signature', `The Stripe signature does not match this body: ${(err as Error).message}`);
    }
    const workflowId = workflowIds.stripeEvent(event.id);
    try {
      await ctx.temporal.workflow.start<typeof stripeEventWorkflow>('stripeEventWorkflow', {
        workflowId,
        taskQueue: ctx.queues.main,
        args: [{ eventId: event.id, type: event.type, created: event.created, change: billingChangeOf(event) }],
        priority: systemPriority('interactive'),
        // Stripe redelivers until it gets a 2xx: a known event id is answered as received; only a failed run may run again
        // (the stored event id still applies it at most once).
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: `Stripe ${event.type} ${event.id}`,
      });
      res.json({ received: true, workflowId });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      res.json({ received: true, duplicate: true, workflowId });
    }
  });
  return router;
}
