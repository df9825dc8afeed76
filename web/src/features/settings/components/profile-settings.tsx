import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useBrandProfileSetup } from '../../brand-profile/api/brand-profile-setup.js';
import { bodyOf, useSaveProfile, type PlatformId, type SavedProfile } from '../../brand-profile/api/profile.js';
import { BusinessFields, PlatformFields, TimeZoneField, VoiceFields } from '../../brand-profile/components/profile-fields.js';
import { bodyFromDraft, draftOf, problemsOf, type DraftField, type DraftProblems, type ProfileDraft } from '../../brand-profile/draft.js';

const ALL_FIELDS: DraftField[] = ['businessName', 'industry', 'website', 'audience', 'brandVoice', 'goals', 'contentRestrictions', 'platforms', 'postsPerDay', 'timeZone'];

/** The user's brand profile and its time zone; a user without one is sent to the setup. */
export function ProfileSettings({ orgId, userId }: { orgId: string; userId: string }) {
  const setup = useBrandProfileSetup(orgId, userId);
  if (setup.status === 'error') return <Alert>{setup.error.message}</Alert>;
  if (setup.status === 'loading') return <p role="status">Loading your profile…</p>;
  if (!setup.saved) {
    return (
      <p className="empty">
        You have no brand profile in this organization yet. <Link to="/onboarding">Set up Herald</Link> to make one.
      </p>
    );
  }
  return <ProfileForm orgId={orgId} userId={userId} saved={setup.saved} options={setup.platformOptions} />;
}

function ProfileForm({ orgId, userId, saved, options }: { orgId: string; userId: string; saved: SavedProfile; options: { id: PlatformId; label: string }[] }) {
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(saved));
  const [problems, setProblems] = useState<DraftProblems>({});
  const save = useSaveProfile(orgId, userId);
  const onChange = (changes: Partial<ProfileDraft>) => {
    save.reset();
    setDraft((d) => ({ ...d, ...changes }));
  };
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = problemsOf(draft, ALL_FIELDS);
    setProblems(found);
    if (Object.keys(found).length === 0) save.mutate(bodyFromDraft(draft, bodyOf(saved)));
  }
  const props = { draft, problems, onChange };
  return (
    <Form onSubmit={submit} className="stack settings-form" validationBehavior="aria" aria-label="Brand profile">
      <TimeZoneField {...props} />
      <BusinessFields {...props} />
      <VoiceFields {...props} />
      <PlatformFields {...props} options={options} />
      {Object.keys(problems).length > 0 && <Alert>Fix the answers marked above, then save again.</Alert>}
      {save.error && <Alert>{save.error.message}</Alert>}
      {save.isSuccess && <Alert tone="success">Profile saved. Herald uses it from the next run.</Alert>}
      <Button type="submit" isPending={save.isPending}>
        Save profile
      </Button>
    </Form>
  );
}
