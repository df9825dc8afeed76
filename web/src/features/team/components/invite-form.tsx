import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { Select } from '../../../components/ui/select.js';
import { INVITABLE_ROLES, useInvite, type InvitableRole } from '../api/team.js';

const ROLE_WORDS: Record<InvitableRole, string> = {
  admin: 'Admin: everything but ownership',
  editor: 'Editor: writes and approves posts',
  approver: 'Approver: approves and rejects posts',
  viewer: 'Viewer: reads only',
};

export function InviteForm({ orgId }: { orgId: string }) {
  const invite = useInvite(orgId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitableRole>('approver');
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
  }
  return (
    <Form onSubmit={submit} className="stack invite-form">
      {invite.error && <Alert>{invite.error.message}</Alert>}
      {invite.data && <Alert tone="success">Invitation sent to {invite.data.invitation.email}.</Alert>}
      <Field label="E-mail" name="email" type="email" isRequired value={email} onChange={setEmail} />
      <Select label="Role" options={INVITABLE_ROLES.map((r) => ({ id: r, label: ROLE_WORDS[r] }))} value={role} onChange={(id) => setRole(id as InvitableRole)} />
      <Button type="submit" isPending={invite.isPending}>
        Send invitation
      </Button>
    </Form>
  );
}
