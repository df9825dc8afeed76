import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useInvitations, useMembers, useWithdrawInvitation } from '../api/team.js';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

export function MemberList({ orgId }: { orgId: string }) {
  const members = useMembers(orgId);
  if (members.isPending) return <p role="status">Loading members…</p>;
  if (members.error) return <Alert>{members.error.message}</Alert>;
  return (
    <ul className="rows" aria-label="Members">
      {members.data.map((m) => (
        <li key={m.userId}>
          <span className="name">{m.name}</span>
          <span className="muted">{m.email}</span>
          {m.emailUndeliverable && (
            <span className="pill" title={`Since ${day(m.emailUndeliverable.since)} Herald sends no mail to this address`}>
              {m.emailUndeliverable.reason === 'bounced' ? 'mail bounces' : 'marked mail as spam'}
            </span>
          )}
          <span className="pill">{m.role}</span>
        </li>
      ))}
    </ul>
  );
}

export function InvitationList({ orgId }: { orgId: string }) {
  const invitations = useInvitations(orgId);
  const withdraw = useWithdrawInvitation(orgId);
  if (invitations.isPending) return <p role="status">Loading invitations…</p>;
  if (invitations.error) return <Alert>{invitations.error.message}</Alert>;
  if (invitations.data.length === 0) return <p className="muted">No open invitations.</p>;
  return (
    <>
      {withdraw.error && <Alert>{withdraw.error.message}</Alert>}
      <ul className="rows" aria-label="Pending invitations">
        {invitations.data.map((i) => (
          <li key={i.id}>
            <span className="name">{i.email}</span>
            <span className="pill">{i.role}</span>
            <span className="muted">until {day(i.expiresAt)}</span>
            <Button variant="link" onPress={() => withdraw.mutate(i.id)} aria-label={`Withdraw the invitation to ${i.email}`}>
              Withdraw
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}
