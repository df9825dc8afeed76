import { Form } from 'react-aria-components';
import { formValues } from '../../../lib/form.js';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { useLogin } from '../api/auth-mutations.js';

export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const login = useLogin();
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = formValues(e.currentTarget);
    login.mutate({ email: data.email!, password: data.password! }, { onSuccess: onLoggedIn });
  }
  return (
    <Form onSubmit={submit} className="stack">
      {login.error && <Alert>{login.error.message}</Alert>}
      <Field label="E-mail" name="email" type="email" isRequired autoComplete="email" />
      <Field label="Password" name="password" type="password" isRequired autoComplete="current-password" />
      <Button type="submit" isPending={login.isPending}>
        Log in
      </Button>
    </Form>
  );
}
