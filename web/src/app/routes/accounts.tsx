import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { AccountList } from '../../features/accounts/components/account-list.js';
import { ConnectAccounts } from '../../features/accounts/components/connect-accounts.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

export function AccountsRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Accounts"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Accounts"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Accounts"><p>You are not in any organization yet.</p></Page>;
  const manages = org.role === 'owner' || org.role === 'admin';
  return (
    <Page title="Accounts" lead={`The social accounts Herald posts to for ${org.name}.`}>
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">Connected accounts</h2>
        <AccountList orgId={org.id} manages={manages} />
      </section>
      <section aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect an account</h2>
        {manages ? <ConnectAccounts orgId={org.id} /> : <p className="muted">Connecting accounts needs the owner or admin role; you are {org.role}.</p>}
      </section>
    </Page>
  );
}
