import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';
import { ApiTokens } from '../../features/settings/components/api-tokens.js';
import { ApprovalSettings } from '../../features/settings/components/approval-settings.js';
import { EmailPreferences } from '../../features/settings/components/email-preferences.js';
import { ProfileSettings } from '../../features/settings/components/profile-settings.js';
import '../../features/settings/settings.css';

export function SettingsRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Settings"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Settings"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Settings"><p>You are not in any organization yet.</p></Page>;
  const { user } = me.data;
  return (
    <Page title="Settings" lead={`${user.name} in ${org.name}`}>
      <section className="settings-section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Brand profile and time zone</h2>
        <ProfileSettings orgId={org.id} userId={user.id} />
      </section>
      <section className="settings-section" aria-labelledby="approval-heading">
        <h2 id="approval-heading">Approval rules</h2>
        <ApprovalSettings orgId={org.id} manages={org.role === 'owner' || org.role === 'admin'} />
      </section>
      <section className="settings-section" aria-labelledby="mail-heading">
        <h2 id="mail-heading">E-mail notifications</h2>
        <EmailPreferences timeZone={user.timeZone} />
      </section>
      <section className="settings-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        <ApiTokens orgId={org.id} orgName={org.name} timeZone={user.timeZone} />
      </section>
    </Page>
  );
}
