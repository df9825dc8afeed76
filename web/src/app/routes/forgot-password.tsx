import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Field } from '../../components/ui/field.js';
import { Page } from '../../components/ui/page.js';
import { useForgotPassword } from '../../features/auth/api/auth-mutations.js';

export function ForgotPasswordRoute() {
  const forgot = useForgotPassword();
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    forgot.mutate({ email: String(new FormData(e.currentTarget).get('email')) });
  }
  return (
    <Page title="Forgot your password?" lead="We e-mail you a link to choose a new one." narrow>
      {forgot.error && <Alert>{forgot.error.message}</Alert>}
      {forgot.data ? (
        <Alert tone="success">{forgot.data.message}</Alert>
      ) : (
        <Form onSubmit={submit} className="stack">
          <Field label="E-mail" name="email" type="email" isRequired autoComplete="email" />
          <Button type="submit" isPending={forgot.isPending}>
            Send the link
          </Button>
        </Form>
      )}
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </Page>
  );
}
