import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';
import { StrategyView } from '../../features/strategy/components/strategy-view.js';

const DECIDERS = new Set(['owner', 'admin', 'editor', 'approver']);

export function StrategyRoute() {
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Strategy"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Strategy"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Strategy"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  return (
    <Page title="Strategy" lead={`${org.name} · your weekly plan and the month's themes · times in ${me.data.user.timeZone}`}>
      <StrategyView orgId={org.id} timeZone={me.data.user.timeZone} canDecide={DECIDERS.has(org.role)} />
    </Page>
  );
}
