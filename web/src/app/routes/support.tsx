import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useMe } from '../../features/orgs/api/me.js';
import { SupportConsole } from '../../features/support/components/support-console.js';

/** The support console, for Herald's support staff only (the server decides who is; /me says). */
export function SupportRoute() {
  const me = useMe();
  if (me.error) return <Page title="Support"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Support"><p role="status">Loading…</p></Page>;
  if (!me.data.staff) {
    return (
      <Page title="Support">
        <p className="empty">The support console is for Herald's support staff. If you need help with your posts, write to support from the Status page.</p>
      </Page>
    );
  }
  return (
    <Page title="Support console" lead={`Failed, unconfirmed and interrupted publishes across every organisation · times in ${me.data.user.timeZone}`}>
      <SupportConsole timeZone={me.data.user.timeZone} />
    </Page>
  );
}
