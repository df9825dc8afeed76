import { Select } from '../../../components/ui/select.js';
import { useMe, useSwitchOrg } from '../api/me.js';

/** Shown only to people in more than one org. */
export function OrgSwitcher() {
  const { data } = useMe();
  const switchOrg = useSwitchOrg();
  if (!data || data.orgs.length < 2 || !data.activeOrgId) return null;
  return (
    <Select
      label="Organization"
      options={data.orgs.map((o) => ({ id: o.id, label: o.name }))}
      value={data.activeOrgId}
      onChange={(id) => switchOrg.mutate(id)}
      isDisabled={switchOrg.isPending}
    />
  );
}
