import { useState } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Select } from '../../../components/ui/select.js';
import { useEmailPreferences, useSaveEmailPreferences, type PreferenceChanges } from '../api/me-settings.js';

const CATEGORY_WORDS: Record<string, string> = {
  digest: 'The morning digest of posts to approve',
  reminders: 'Reminders before approval closes, and skipped or expired posts',
  alerts: 'Alerts: accounts to reconnect, viral or weak posts, AI budget',
  weekly: 'The weekly strategy and report',
  billing: 'Billing notices',
};
const HOURS = Array.from({ length: 24 }, (_, h) => ({ id: String(h), label: `${String(h).padStart(2, '0')}:00` }));

/** Which mails the user gets and the local hour the digest arrives; sign-in and security mail always come. */
export function EmailPreferences({ timeZone }: { timeZone: string }) {
  const preferences = useEmailPreferences();
  if (preferences.isPending) return <p role="status">Loading your e-mail preferences…</p>;
  if (preferences.error) return <Alert>{preferences.error.message}</Alert>;
  return <PreferencesForm current={preferences.data} timeZone={timeZone} />;
}

function PreferencesForm({ current, timeZone }: { current: { preferences: Record<string, boolean>; digestHour: number }; timeZone: string }) {
  const [choices, setChoices] = useState(current.preferences);
  const [hour, setHour] = useState(String(current.digestHour));
  const save = useSaveEmailPreferences();
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ ...choices, digestHour: Number(hour) } as PreferenceChanges);
  }
  return (
    <Form onSubmit={submit} className="stack settings-form" aria-label="E-mail preferences">
      <fieldset className="choices">
        <legend>Send me</legend>
        {Object.keys(choices).map((category) => (
          <Checkbox key={category} className="checkbox" isSelected={choices[category]} onChange={(on) => (save.reset(), setChoices((c) => ({ ...c, [category]: on })))}>
            <span className="box" aria-hidden="true" />
            {CATEGORY_WORDS[category] ?? category}
          </Checkbox>
        ))}
      </fieldset>
      <Select label={`Digest arrives at (${timeZone})`} options={HOURS} value={hour} onChange={(h) => (save.reset(), setHour(h))} />
      {save.error && <Alert>{save.error.message}</Alert>}
      {save.isSuccess && <Alert tone="success">E-mail preferences saved.</Alert>}
      <Button type="submit" isPending={save.isPending}>
        Save e-mail preferences
      </Button>
    </Form>
  );
}
