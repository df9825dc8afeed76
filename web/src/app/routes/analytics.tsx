import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { AnalyticsScreen } from '../../features/analytics/components/analytics-screen.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

export function AnalyticsRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Analytics"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Analytics"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Analytics"><p>You are not in any organization yet.</p></Page>;
  return (
    <Page title="Analytics" lead={`How ${org.name}'s published posts did, day by day in ${me.data.user.timeZone}.`}>
      <AnalyticsScreen orgId={org.id} timeZone={me.data.user.timeZone} />
    </Page>
  );
}
