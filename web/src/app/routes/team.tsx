import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';
import { InviteForm } from '../../features/team/components/invite-form.js';
import { InvitationList, MemberList } from '../../features/team/components/team-lists.js';

export function TeamRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Team"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Team"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Team"><p>You are not in any organization yet.</p></Page>;
  const manages = org.role === 'owner' || org.role === 'admin';
  return (
    <Page title="Team" lead={`Who works on ${org.name} with you. You are ${org.role}.`}>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <MemberList orgId={org.id} />
      </section>
      {manages && (
        <>
          <section aria-labelledby="invite-heading">
            <h2 id="invite-heading">Invite someone</h2>
            <InviteForm orgId={org.id} />
          </section>
          <section aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">Pending invitations</h2>
            <InvitationList orgId={org.id} />
          </section>
        </>
      )}
    </Page>
  );
}
