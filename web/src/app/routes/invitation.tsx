import { Link, useNavigate } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Page } from '../../components/ui/page.js';
import { useSession } from '../../features/auth/api/session.js';
import { SignupForm } from '../../features/auth/components/signup-form.js';
import { useAcceptInvitation } from '../../features/team/api/accept-invitation.js';
import { tokenFromHash } from '../../lib/url-token.js';

/**
 * Opened from the invitation e-mail: `/invitation#token=...`. Signed in, one button joins the org;
 * otherwise the person creates an account through the invitation (or logs in and comes back).
 */
export function InvitationRoute() {
  const token = tokenFromHash();
  const session = useSession();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const here = `/invitation${window.location.hash}`;

  if (!token) {
    return (
      <Page title="Join a team on Herald" narrow>
        <Alert>This page needs the link from your invitation e-mail.</Alert>
      </Page>
    );
  }
  if (session.isPending) return <Page title="Join a team on Herald" narrow><p role="status">Loading…</p></Page>;
  const user = session.data?.user;
  return (
    <Page title="Join a team on Herald" narrow>
      {user ? (
        <>
          <p>
            You are logged in as <strong>{user.email}</strong>. The invitation works for the address it was sent to.
          </p>
          {accept.error && <Alert>{accept.error.message}</Alert>}
          <Button isPending={accept.isPending} onPress={() => accept.mutate(token, { onSuccess: () => navigate('/', { replace: true }) })}>
            Accept the invitation
          </Button>
        </>
      ) : (
        <>
          <p>
            Create your account to join. Already on Herald? <Link to={`/login?next=${encodeURIComponent(here)}`}>Log in first</Link>.
          </p>
          <SignupForm invitationToken={token} onSignedUp={() => navigate('/', { replace: true })} />
        </>
      )}
    </Page>
  );
}
