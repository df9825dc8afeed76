import { Link } from 'react-router';
import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { PLATFORM_LIMITS } from '../../../../../core/platform-rules/index.js';
import type { Platform } from '../../../../../core/platforms.js';
import { useAccounts } from '../../accounts/api/accounts.js';

/** The platforms the post goes to: one checkbox per connected account's platform. */
export function PlatformPicker({ orgId, value, onChange }: { orgId: string; value: Platform[]; onChange: (platforms: Platform[]) => void }) {
  const accounts = useAccounts(orgId);
  if (accounts.isPending) return <p role="status">Loading your connected accounts…</p>;
  if (accounts.error) return <Alert>{accounts.error.message}</Alert>;
  const connected = [...new Map(accounts.data.accounts.map((a) => [a.platform, a])).values()];
  if (connected.length === 0) {
    return (
      <p className="empty">
        No account is connected yet, so a post has nowhere to go. <Link to="/accounts">Connect an account</Link> first; you can still save a draft.
      </p>
    );
  }
  return (
    <CheckboxGroup className="platform-picker" value={value} onChange={(list) => onChange(list as Platform[])}>
      <Label>Post to</Label>
      <div className="platform-options">
        {connected.map((account) => (
          <Checkbox key={account.platform} className="checkbox" value={account.platform}>
            <span className="box" aria-hidden="true" />
            <span>
              {PLATFORM_LIMITS[account.platform as Platform]?.label ?? account.platformLabel}
              {account.sandbox && <span className="pill">sandbox</span>}
            </span>
          </Checkbox>
        ))}
      </div>
    </CheckboxGroup>
  );
}
