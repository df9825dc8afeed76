import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useBrandProfileSetup } from '../../features/brand-profile/api/brand-profile-setup.js';
import { OnboardingWizard } from '../../features/onboarding/components/onboarding-wizard.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';

const TITLE = 'Set up Herald';
const LEAD = 'A few questions about your business, your accounts, and a first run: about five minutes.';

export function OnboardingRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title={TITLE}><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title={TITLE}><p role="status">Loading…</p></Page>;
  if (!org) return <Page title={TITLE}><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  if (org.role === 'approver' || org.role === 'viewer') {
    return <Page title={TITLE}><p>Setting up Herald needs the owner, admin or editor role; you are {org.role}. Ask the owner of {org.name}.</p></Page>;
  }
  return (
    <Page title={TITLE} lead={LEAD}>
      <Wizard orgId={org.id} userId={me.data.user.id} />
    </Page>
  );
}

/** Loads what the wizard starts from: the user's profile if they have one, and the platforms Herald reaches. */
function Wizard({ orgId, userId }: { orgId: string; userId: string }) {
  const setup = useBrandProfileSetup(orgId, userId);
  if (setup.status === 'error') return <Alert>{setup.error.message}</Alert>;
  if (setup.status === 'loading') return <p role="status">Loading…</p>;
  return <OnboardingWizard orgId={orgId} userId={userId} saved={setup.saved} platforms={setup.platforms} />;
}
