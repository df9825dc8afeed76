import { useParams } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { DigestApproval } from '../../features/approvals/components/digest-approval.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

/** /digests/:digestId: the approval digest e-mail links here to approve all of it at once. */
export function DigestRoute() {
  const { digestId = '' } = useParams();
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Approval digest"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Approval digest"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Approval digest"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  return (
    <Page title="Approval digest" lead={org.name}>
      <DigestApproval key={`${org.id}:${digestId}`} orgId={org.id} digestId={digestId} />
    </Page>
  );
}
