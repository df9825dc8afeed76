import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useVerifyEmail } from '../../features/auth/api/auth-mutations.js';
import { tokenFromHash } from '../../lib/url-token.js';

/** Opened from the e-mail: `/verify-email#token=...`; confirms on arrival, the link works once. */
export function VerifyEmailRoute() {
  const verify = useVerifyEmail();
  const token = tokenFromHash();
  const { mutate } = verify;
  // The link works once: never send it twice (StrictMode runs effects twice in development).
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    mutate({ token });
  }, [token, mutate]);
  return (
    <Page title="Confirm your e-mail address" narrow>
      {!token && <Alert>This page needs the link from your e-mail.</Alert>}
      {verify.isPending && <p role="status">Confirming…</p>}
      {verify.error && <Alert>{verify.error.message}</Alert>}
      {verify.data && <Alert tone="success">{verify.data.message}</Alert>}
      <p>
        <Link to="/">Go to Today</Link>
      </p>
    </Page>
  );
}
