import { useState } from 'react';
import { formValues } from '../../../lib/form.js';
import { Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { useSignup } from '../api/auth-mutations.js';

/** The browser's own zone (Intl), shown for the person to confirm or correct. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Sign-up: a new business, or (with `invitationToken`) joining the org that invited this address.
 * `onSignedUp` runs once the answer started a session.
 */
export function SignupForm({ invitationToken, onSignedUp }: { invitationToken?: string; onSignedUp: () => void }) {
  const signup = useSignup();
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [notice, setNotice] = useState<string>();

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = formValues(e.currentTarget);
    signup.mutate(
      {
        name: data.name!,
        email: data.email!,
        password: data.password!,
        timeZone,
        ...(invitationToken ? { invitationToken } : { organizationName: data.organizationName! }),
      },
      { onSuccess: (answer) => (answer.user ? onSignedUp() : setNotice(answer.message)) },
    );
  }

  return (
    <Form onSubmit={submit} className="stack">
      {signup.error && <Alert>{signup.error.message}</Alert>}
      {notice && <Alert tone="info">{notice}</Alert>}
      <Field label="Your name" name="name" isRequired autoComplete="name" />
      <Field label="E-mail" name="email" type="email" isRequired autoComplete="email" />
      <Field label="Password" name="password" type="password" isRequired minLength={10} autoComplete="new-password" description="At least 10 characters; a few words you remember work well." />
      {!invitationToken && <Field label="Business name" name="organizationName" isRequired autoComplete="organization" />}
      <Field
        label="Time zone"
        name="timeZone"
        value={timeZone}
        onChange={setTimeZone}
        isRequired
        description={`Detected from this browser: ${browserTimeZone()}. Posts go out and approvals close in this zone; change it if your business is elsewhere.`}
      />
      <Button type="submit" isPending={signup.isPending}>
        {invitationToken ? 'Create account and join' : 'Create account'}
      </Button>
    </Form>
  );
}
