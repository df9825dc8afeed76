import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { BillingScreen } from '../../features/billing/components/billing-screen.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

/** /billing, and /orgs/:orgId/billing where Stripe sends the browser back after Checkout or the portal. */
export function BillingRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Billing"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Billing"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Billing"><p>You are not in any organization yet.</p></Page>;
  return (
    <Page title="Billing" lead={`What ${org.name} pays for and uses of it.`}>
      <BillingScreen orgId={org.id} role={org.role} timeZone={me.data.user.timeZone} />
    </Page>
  );
}
