import { Link } from 'react-router';
import { useOrg } from '../../brand-profile/api/org.js';
import { SETS_UP } from '../landing.js';
import '../onboarding.css';

/** On Today, for an org without a brand profile: nothing is written until someone sets Herald up. */
export function OnboardingCallout({ orgId, role }: { orgId: string; role: string }) {
  const org = useOrg(orgId);
  if (!org.data || org.data.brandProfileUserIds.length > 0) return null;
  return (
    <section className="callout" aria-labelledby="setup-heading">
      <h2 id="setup-heading">Set up Herald to get your first posts</h2>
      {SETS_UP.has(role) ? (
        <>
          <p>Tell Herald about your business, connect your accounts and run the first cycle: about five minutes.</p>
          <Link className="button primary" to="/onboarding">
            Start the setup
          </Link>
        </>
      ) : (
        <p>Nobody in this organization has set Herald up yet; ask an owner, admin or editor to.</p>
      )}
    </section>
  );
}
