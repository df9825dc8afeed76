import { instantOfLocal, localDateOf, type OffsetAt } from './local-time.js';
import { planOrFree, type Plan } from './plans.js';

/**
 * Billing rules, pure: which plan an org is on right now, when its daily cycle pauses for an
 * unpaid invoice, and how one Stripe event changes the stored subscription state. The Stripe
 * event is read for what it says (its object and its `created`), never for when it arrived.
 */

/** Subscription statuses as Stripe names them; Herald acts on active, past_due and canceled. */
export type BillingStatus = 'active' | 'trialing' | 'past_due' | 'unpaid' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'paused';

export interface BillingSettings {
  /** False without a Stripe secret key: every org is on `defaultPlan`. */
  enabled: boolean;
  defaultPlan: Plan;
  /** Days a past-due org keeps running before its daily cycle pauses. */
  graceDays: number;
}

/** The billing columns of an organization. */
export interface StoredBilling {
  plan: string;
  billingStatus: string;
  stripeSubscriptionId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: Date | null;
  /** `created` of the newest Stripe event applied; older ones change nothing. */
  billingEventAt: Date | null;
}

const UNPAID: readonly string[] = ['past_due', 'unpaid'];
/** Never paid (first payment pending or abandoned), paused or ended: the paid plan's limits do not apply. */
const NOT_PAYING: readonly string[] = ['canceled', 'incomplete', 'incomplete_expired', 'paused'];

/** The plan whose limits apply now. A cancelled subscription lands on Free at the end of its period. */
export function effectivePlan(org: Pick<StoredBilling, 'plan' | 'billingStatus' | 'currentPeriodEnd' | 'cancelAtPeriodEnd'>, settings: Pick<BillingSettings, 'enabled' | 'defaultPlan'>, now: Date): Plan {
  if (!settings.enabled) return settings.defaultPlan;
  if (NOT_PAYING.includes(org.billingStatus)) return 'free';
  if (org.cancelAtPeriodEnd && org.currentPeriodEnd && now >= org.currentPeriodEnd) return 'free';
  return planOrFree(org.plan);
}

/** Past due beyond the grace period: the daily cycle makes nothing new until the invoice is paid. */
export function cyclePaused(org: Pick<StoredBilling, 'billingStatus' | 'graceEndsAt'>, settings: Pick<BillingSettings, 'enabled'>, now: Date): boolean {
  return settings.enabled && UNPAID.includes(org.billingStatus) && org.graceEndsAt !== null && now >= org.graceEndsAt;
}

/** The calendar month around `instantMs` in a zone, as [start, end) instants. */
export function localMonthOf(instantMs: number, offsetAt: OffsetAt): { month: string; startMs: number; endMs: number } {
  const month = localDateOf(instantMs, offsetAt).slice(0, 7);
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
  return { month, startMs: instantOfLocal(`${month}-01`, '00:00', offsetAt), endMs: instantOfLocal(`${next}-01`, '00:00', offsetAt) };
}

/** What Herald reads from a subscription object. */
export interface SubscriptionSnapshot {
  subscriptionId: string;
  customerId: string;
  priceId: string | undefined;
  status: string;
  /** Unix seconds. */
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
}

/** One Stripe event, reduced to what changes an org's billing. Small: it is a workflow input. */
export type BillingChange =
  | { kind: 'subscription'; deleted: boolean; subscription: SubscriptionSnapshot }
  | { kind: 'checkout_completed'; customerId: string; subscriptionId: string; orgId: string | undefined }
  | { kind: 'invoice_paid' | 'payment_failed'; customerId: string; subscriptionId: string | undefined }
  | { kind: 'ignored' };

type Obj = Record<string, unknown>;
const idOf = (value: unknown): string => (typeof value === 'string' ? value : String((value as Obj | null)?.id ?? ''));

/** Reads a subscription object; the period end sits on the item in current API versions, on the subscription in older ones. */
export function snapshotOf(sub: Obj): SubscriptionSnapshot {
  const item = ((sub.items as Obj | undefined)?.data as Obj[] | undefined)?.[0];
  const periodEnd = (item?.current_period_end ?? sub.current_period_end) as number | undefined;
  return {
    subscriptionId: idOf(sub.id),
    customerId: idOf(sub.customer),
    priceId: item ? idOf(item.price) : undefined,
    status: String(sub.status),
    currentPeriodEnd: typeof periodEnd === 'number' ? periodEnd : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end === true,
  };
}

function invoiceSubscription(invoice: Obj): string | undefined {
  const details = (invoice.parent as Obj | null | undefined)?.subscription_details as Obj | null | undefined;
  const id = idOf(details?.subscription ?? invoice.subscription);
  return id || undefined;
}

export function billingChangeOf(event: { type: string; data: { object: unknown } }): BillingChange {
  const object = event.data.object as Obj;
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { kind: 'subscription', deleted: event.type === 'customer.subscription.deleted', subscription: snapshotOf(object) };
    case 'checkout.session.completed':
      if (object.mode !== 'subscription' || !object.subscription) return { kind: 'ignored' };
      return {
        kind: 'checkout_completed',
        customerId: idOf(object.customer),
        subscriptionId: idOf(object.subscription),
        orgId: (object.client_reference_id as string | null) ?? ((object.metadata as Obj | null)?.orgId as string | undefined),
      };
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return { kind: event.type === 'invoice.paid' ? 'invoice_paid' : 'payment_failed', customerId: idOf(object.customer), subscriptionId: invoiceSubscription(object) };
    default:
      return { kind: 'ignored' };
  }
}

/** What the owners are told about, besides the state change itself. */
export type BillingNotice = 'payment_failed' | 'payment_recovered' | 'subscription_ended';

export interface AppliedChange {
  /** False when the event is older than what is stored, or changes nothing Herald keeps. */
  applied: boolean;
  next: StoredBilling;
  notice?: BillingNotice;
}

export type ResolvedChange = Exclude<BillingChange, { kind: 'checkout_completed' | 'ignored' }>;

/**
 * Applies one event to the stored state. `planForPrice` maps a configured Stripe price id to a
 * plan (an unknown price keeps the current plan rather than guessing).
 */
export function applyBillingChange(
  stored: StoredBilling,
  change: ResolvedChange,
  context: { eventCreated: Date; planForPrice: (priceId: string) => Plan | undefined; graceDays: number },
): AppliedChange {
  const unchanged = { applied: false, next: stored };
  if (stored.billingEventAt && context.eventCreated < stored.billingEventAt) return unchanged;
  const at = { billingEventAt: context.eventCreated };
  const graceEnd = () => stored.graceEndsAt ?? new Date(context.eventCreated.getTime() + context.graceDays * 86_400_000);

  if (change.kind === 'subscription') {
    const sub = change.subscription;
    const periodEnd = sub.currentPeriodEnd === null ? stored.currentPeriodEnd : new Date(sub.currentPeriodEnd * 1000);
    if (change.deleted || sub.status === 'canceled') {
      const next = { ...stored, ...at, plan: 'free', billingStatus: 'canceled', stripeSubscriptionId: sub.subscriptionId, currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false, graceEndsAt: null };
      return { applied: true, next, notice: stored.billingStatus === 'canceled' ? undefined : 'subscription_ended' };
    }
    // The stored plan also sets the AI budget: it changes only once the subscription is paid for.
    const plan = NOT_PAYING.includes(sub.status) ? 'free' : (sub.priceId && context.planForPrice(sub.priceId)) || stored.plan;
    const unpaid = UNPAID.includes(sub.status);
    const next = { ...stored, ...at, plan, billingStatus: sub.status, stripeSubscriptionId: sub.subscriptionId, currentPeriodEnd: periodEnd, cancelAtPeriodEnd: sub.cancelAtPeriodEnd, graceEndsAt: unpaid ? graceEnd() : null };
    return { applied: true, next };
  }

  const otherSubscription = change.subscriptionId && stored.stripeSubscriptionId && change.subscriptionId !== stored.stripeSubscriptionId;
  if (otherSubscription || stored.billingStatus === 'canceled') return unchanged;
  if (change.kind === 'payment_failed') {
    return { applied: true, next: { ...stored, ...at, billingStatus: 'past_due', graceEndsAt: graceEnd() }, notice: 'payment_failed' };
  }
  if (!UNPAID.includes(stored.billingStatus)) return { applied: true, next: { ...stored, ...at } };
  return { applied: true, next: { ...stored, ...at, billingStatus: 'active', graceEndsAt: null }, notice: 'payment_recovered' };
}
