import { useState } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { useOrg, useSaveApprovalSettings, type ApprovalSettings as Settings } from '../../brand-profile/api/org.js';

const parseMinutes = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);

/** How long before publishing approval closes, when reminders go out, and whether two people approve. */
export function ApprovalSettings({ orgId, manages }: { orgId: string; manages: boolean }) {
  const org = useOrg(orgId);
  if (org.isPending) return <p role="status">Loading the approval rules…</p>;
  if (org.error) return <Alert>{org.error.message}</Alert>;
  return <ApprovalForm orgId={orgId} manages={manages} current={org.data.org} />;
}

function ApprovalForm({ orgId, manages, current }: { orgId: string; manages: boolean; current: { approvalLeadMinutes: number; approvalReminderMinutes: number[]; requireSecondApprover: boolean } }) {
  const [lead, setLead] = useState(String(current.approvalLeadMinutes));
  const [reminders, setReminders] = useState(current.approvalReminderMinutes.join(', '));
  const [second, setSecond] = useState(current.requireSecondApprover);
  const [problem, setProblem] = useState<string>();
  const save = useSaveApprovalSettings(orgId);
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const minutes = parseMinutes(reminders);
    if (!/^\d+$/.test(lead.trim())) return setProblem('Approval lead time must be whole minutes, e.g. 60.');
    if (minutes.some((m) => !Number.isInteger(m))) return setProblem('Reminders must be whole minutes separated by commas, e.g. 120, 30.');
    setProblem(undefined);
    const changes: Settings = { approvalLeadMinutes: Number(lead), approvalReminderMinutes: minutes, requireSecondApprover: second };
    save.mutate(changes);
  }
  return (
    <Form onSubmit={submit} className="stack settings-form" aria-label="Approval rules">
      <Field
        label="Approval lead time (minutes)"
        value={lead}
        onChange={(v) => (save.reset(), setLead(v))}
        inputMode="numeric"
        isReadOnly={!manages}
        description="Approval closes this long before a post goes out; posts made from now on follow it. E.g. 60 for an hour."
      />
      <Field
        label="Reminders (minutes before approval closes)"
        value={reminders}
        onChange={(v) => (save.reset(), setReminders(v))}
        isReadOnly={!manages}
        description="Separated by commas, e.g. 120, 30; leave empty for none."
      />
      <Checkbox className="checkbox" isSelected={second} onChange={(v) => (save.reset(), setSecond(v))} isReadOnly={!manages}>
        <span className="box" aria-hidden="true" />
        Require a second approver (two different people approve each post)
      </Checkbox>
      {problem && <Alert>{problem}</Alert>}
      {save.error && <Alert>{save.error.message}</Alert>}
      {save.isSuccess && <Alert tone="success">Approval rules saved.</Alert>}
      {manages ? (
        <Button type="submit" isPending={save.isPending}>
          Save approval rules
        </Button>
      ) : (
        <p className="muted">Only owners and admins change the approval rules.</p>
      )}
    </Form>
  );
}
