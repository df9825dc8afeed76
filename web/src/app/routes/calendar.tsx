import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { CalendarView } from '../../features/calendar/components/calendar-view.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

export function CalendarRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Calendar"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Calendar"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Calendar"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  return (
    <Page title="Calendar" lead={`${org.name} · times in ${me.data.user.timeZone}`}>
      <CalendarView orgId={org.id} timeZone={me.data.user.timeZone} />
    </Page>
  );
}
