import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { inZone } from '../../../lib/time.js';
import { BILLING_MANAGERS, useBilling, useCheckout, usePortal, type BillingState } from '../api/billing.js';
import '../billing.css';
import { UsageMeter } from './usage-meter.js';

const usd = (n: number) => n.toLocaleString(undefined, { style: 'currency', currency: 'USD' });
/** Bytes as a person reads them: 0 MB, 340 MB, 1.2 GB, 25 GB. */
const storage = (bytes: number) => (bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`);
const UNPAID = ['past_due', 'unpaid'];

/** What the org pays for, what it uses of each limit, and (for owners and admins) the way to Stripe. */
export function BillingScreen({ orgId, role, timeZone }: { orgId: string; role: string; timeZone: string }) {
  const [params] = useSearchParams();
  const returned = params.get('checkout');
  const billing = useBilling(orgId, returned === 'success');
  if (billing.error) return <Alert>{billing.error.message}</Alert>;
  if (!billing.data) return <p role="status">Loading billing…</p>;
  const b = billing.data;
  const manages = BILLING_MANAGERS.includes(role);
  const stripe = b.billing === 'stripe';
  return (
    <div className="billing">
      {returned === 'success' && (
        <Alert tone="success">{b.plan === 'free' ? 'Stripe took the payment; your plan changes here as soon as Stripe confirms it…' : `Thank you: ${b.planLabel} is active.`}</Alert>
      )}
      {returned === 'cancelled' && <Alert tone="info">Checkout was cancelled; nothing was charged.</Alert>}
      <StatusBanners b={b} manages={manages} timeZone={timeZone} />
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan</h2>
        <p className="plan-line">
          <strong className="plan-name">{b.planLabel}</strong>
          {stripe && <span className="pill">{b.status.replace('_', ' ')}</span>}
          {b.periodEnd && <span className="muted">{b.cancelAtPeriodEnd ? 'ends' : 'renews'} {inZone(b.periodEnd, timeZone)}</span>}
        </p>
        {!stripe && (
          <Alert tone="info">
            Billing is not configured on this Herald, so nothing can be bought here: every organization is on the {b.planLabel} plan.
          </Alert>
        )}
        {stripe && <Actions orgId={orgId} b={b} manages={manages} role={role} />}
      </section>
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage</h2>
        {b.notices.map((notice) => (
          <Alert key={notice}>{notice}</Alert>
        ))}
        <div className="usage-list">
          <UsageMeter label={`Posts this month (${b.usage.postsThisMonth.month})`} used={b.usage.postsThisMonth.used} limit={b.usage.postsThisMonth.limit} />
          <UsageMeter label="Connected accounts" used={b.usage.connectedAccounts.used} limit={b.usage.connectedAccounts.limit} />
          <UsageMeter label="Seats" used={b.usage.seats.used} limit={b.usage.seats.limit} />
          <UsageMeter label="Uploaded media" used={b.usage.mediaStorageBytes.used} limit={b.usage.mediaStorageBytes.limit} format={storage} />
          <UsageMeter label={`AI spend (${b.usage.aiSpendUsd.month})`} used={b.usage.aiSpendUsd.used} limit={b.usage.aiSpendUsd.limit} format={usd} />
        </div>
      </section>
      {stripe && <Plans orgId={orgId} b={b} manages={manages} />}
    </div>
  );
}

function StatusBanners({ b, manages, timeZone }: { b: BillingState; manages: boolean; timeZone: string }) {
  if (b.billing !== 'stripe') return null;
  const fix = manages ? 'Update the card in the billing portal below.' : 'Ask an owner or admin to update the card.';
  return (
    <>
      {UNPAID.includes(b.status) && (
        <Alert>
          Your last payment failed. {b.cyclePaused ? 'The daily cycle is paused until it is paid.' : b.graceEndsAt ? `The daily cycle pauses ${inZone(b.graceEndsAt, timeZone)} unless it is paid.` : ''} {fix}
        </Alert>
      )}
      {b.cancelAtPeriodEnd && b.periodEnd && <Alert tone="info">The subscription is cancelled: {b.planLabel} ends {inZone(b.periodEnd, timeZone)}, then the Free plan applies.</Alert>}
    </>
  );
}

/** Subscribed (or once subscribed) orgs manage everything in Stripe's portal; free ones pick a plan below. */
function Actions({ orgId, b, manages, role }: { orgId: string; b: BillingState; manages: boolean; role: string }) {
  const portal = usePortal(orgId);
  if (!manages) return <p className="muted">Only owners and admins can change the plan or payment details; you are {role}.</p>;
  const hasCustomer = b.plan !== 'free' || b.status !== 'active';
  if (!hasCustomer) return null;
  return (
    <div className="actions">
      {portal.error && <Alert>{portal.error.message}</Alert>}
      <Button variant="secondary" isPending={portal.isPending} onPress={() => portal.mutate()}>
        {UNPAID.includes(b.status) ? 'Update payment method' : 'Manage subscription'}
      </Button>
      {portal.isPending && <span role="status">Opening Stripe…</span>}
    </div>
  );
}

function Plans({ orgId, b, manages }: { orgId: string; b: BillingState; manages: boolean }) {
  const checkout = useCheckout(orgId);
  const canCheckout = manages && (b.plan === 'free' || b.status === 'canceled');
  return (
    <section aria-labelledby="plans-heading">
      <h2 id="plans-heading">{canCheckout ? 'Upgrade' : 'Plans'}</h2>
      {checkout.error && <Alert>{checkout.error.message}</Alert>}
      {checkout.isPending || checkout.isSuccess ? <p role="status">Opening Stripe Checkout…</p> : null}
      <ul className="plans" aria-label="Plans">
        {b.plans.map((p) => (
          <li key={p.plan} className={p.plan === b.plan ? 'plan current' : 'plan'}>
            <h3>{p.label}</h3>
            <p className="price">{usd(p.monthlyUsd)} / month</p>
            <ul className="limits">
              <li>{p.limits.postsPerMonth === null ? 'Unlimited posts' : `${p.limits.postsPerMonth} posts a month`}</li>
              <li>{p.limits.connectedAccounts} connected accounts</li>
              <li>{p.limits.seats === 1 ? '1 seat' : `${p.limits.seats} seats`}</li>
            </ul>
            {p.plan === b.plan ? (
              <p className="muted">Your plan</p>
            ) : canCheckout && p.intervals.length === 0 ? (
              <p className="muted">Not on sale here: no Stripe price is configured.</p>
            ) : (
              canCheckout &&
              p.intervals.map((interval) => (
                <Button key={interval} variant={interval === 'month' ? 'primary' : 'secondary'} isDisabled={checkout.isPending || checkout.isSuccess} onPress={() => checkout.mutate({ plan: p.plan, interval })}>
                  {interval === 'month' ? `Upgrade to ${p.label}` : `Upgrade to ${p.label} yearly (${usd(p.yearlyUsd)})`}
                </Button>
              ))
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
