import { useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { ComposeForm } from '../../features/compose/components/compose-form.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

const WRITERS = new Set(['owner', 'admin', 'editor']);
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** /compose, /compose?date=YYYY-MM-DD (a day from the calendar), /compose?draft=<id> (from the library). */
export function ComposeRoute() {
  const me = useMe();
  const org = useActiveOrg();
  const [search] = useSearchParams();
  if (me.error) return <Page title="Compose"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Compose"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Compose"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  if (!WRITERS.has(org.role)) return <Page title="Compose"><Alert tone="info">Only owners, admins and editors write posts in {org.name}; you are {org.role === 'approver' ? 'an approver' : `a ${org.role}`}.</Alert></Page>;
  const date = search.get('date');
  return (
    <Page title="Compose" lead={`Your own post for ${org.name} · times in ${me.data.user.timeZone}`}>
      <ComposeForm key={org.id} orgId={org.id} timeZone={me.data.user.timeZone} initialDate={date && LOCAL_DATE.test(date) ? date : null} draftId={search.get('draft')} />
    </Page>
  );
}
