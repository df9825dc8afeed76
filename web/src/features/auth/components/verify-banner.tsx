import { Button } from '../../../components/ui/button.js';
import { useResendVerification } from '../api/auth-mutations.js';
import type { SessionUser } from '../api/session.js';

/** Until the address is confirmed, say so and offer the link again. */
export function VerifyBanner({ user }: { user: SessionUser }) {
  const resend = useResendVerification();
  if (user.emailVerified) return null;
  return (
    <div className="banner" role="status">
      <span>{resend.data?.message ?? resend.error?.message ?? `Confirm your e-mail address: open the link we sent to ${user.email}.`}</span>
      {!resend.data && (
        <Button variant="link" isPending={resend.isPending} onPress={() => resend.mutate()}>
          Send the link again
        </Button>
      )}
    </div>
  );
}
