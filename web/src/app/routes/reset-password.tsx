import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Field } from '../../components/ui/field.js';
import { Page } from '../../components/ui/page.js';
import { useResetPassword } from '../../features/auth/api/auth-mutations.js';
import { tokenFromHash } from '../../lib/url-token.js';

/** Opened from the e-mail: `/reset-password#token=...`. */
export function ResetPasswordRoute() {
  const reset = useResetPassword();
  const token = tokenFromHash();
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    reset.mutate({ token: token!, password: String(new FormData(e.currentTarget).get('password')) });
  }
  return (
    <Page title="Choose a new password" narrow>
      {!token && (
        <Alert>
          This page needs the link from your e-mail. <Link to="/forgot-password">Ask for a new link</Link>.
        </Alert>
      )}
      {reset.error && <Alert>{reset.error.message}</Alert>}
      {reset.data ? (
        <>
          <Alert tone="success">{reset.data.message ?? 'Your password is changed.'}</Alert>
          <p>
            <Link to="/login">Log in with your new password</Link>
          </p>
        </>
      ) : (
        token && (
          <Form onSubmit={submit} className="stack">
            <Field label="New password" name="password" type="password" isRequired minLength={10} autoComplete="new-password" description="At least 10 characters. Every session is logged out when it changes." />
            <Button type="submit" isPending={reset.isPending}>
              Save the new password
            </Button>
          </Form>
        )
      )}
    </Page>
  );
}
