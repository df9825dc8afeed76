import { Page } from '../../components/ui/page.js';
import { ApprovalQueue } from '../../features/approvals/components/approval-queue.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';
import { Alert } from '../../components/ui/alert.js';
import { TodayOverview } from '../../features/today/components/today-overview.js';
import { OnboardingCallout } from '../../features/onboarding/components/onboarding-callout.js';

export function TodayRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Today"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Today"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Today"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  return (
    <Page title="Today" lead={`${org.name} · times in ${me.data.user.timeZone}`}>
      <OnboardingCallout orgId={org.id} role={org.role} />
      <ApprovalQueue orgId={org.id} timeZone={me.data.user.timeZone} />
      <TodayOverview orgId={org.id} timeZone={me.data.user.timeZone} />
    </Page>
  );
}
