import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useAccounts, useConnectSandbox, useStartConnect, type PlatformMode } from '../api/accounts.js';
import '../accounts.css';

/**
 * A connect button per platform: the platform's own consent page (OAuth), or, when Herald runs in
 * sandbox mode, a sandbox account on the platform emulator in one press. `only` narrows the list
 * (onboarding offers the platforms of the profile first).
 */
export function ConnectAccounts({ orgId, only }: { orgId: string; only?: readonly string[] }) {
  const accounts = useAccounts(orgId);
  const sandbox = useConnectSandbox(orgId);
  const oauth = useStartConnect(orgId);
  if (accounts.isPending) return <p role="status">Loading platforms…</p>;
  if (accounts.error) return <Alert>{accounts.error.message}</Alert>;
  const platforms = accounts.data.platforms.filter((p) => !only || only.includes(p.platform));
  const connected = new Set(accounts.data.accounts.filter((a) => a.status === 'connected').map((a) => a.platform));
  const connect = (p: PlatformMode) => (p.mode === 'sandbox' ? sandbox.mutate({ platform: p.platform }) : oauth.mutate(p.platform));
  const pending = sandbox.isPending ? sandbox.variables?.platform : oauth.isPending ? oauth.variables : undefined;
  return (
    <div className="connect">
      {accounts.data.sandboxAvailable && (
        <Alert tone="info">Herald runs in sandbox mode: sandbox accounts post to the platform emulator, never to the real networks.</Alert>
      )}
      {(sandbox.error ?? oauth.error) && <Alert>{(sandbox.error ?? oauth.error)!.message}</Alert>}
      {sandbox.data && <Alert tone="success">Connected {sandbox.data.account.platformLabel} (Sandbox): {sandbox.data.account.displayName}.</Alert>}
      <ul className="connect-list" aria-label="Platforms to connect">
        {platforms.map((p) => (
          <li key={p.platform}>
            <span className="name">{p.label}</span>
            {connected.has(p.platform) && <span className="pill status connected">Connected</span>}
            {p.mode === 'unavailable' ? (
              <span className="muted">Not set up on this Herald (no app credentials).</span>
            ) : (
              // The visible text names the platform, so the button's name is what a voice user reads out.
              <Button variant={connected.has(p.platform) ? 'secondary' : 'primary'} onPress={() => connect(p)} isPending={pending === p.platform}>
                {`Connect ${connected.has(p.platform) ? 'another ' : ''}${p.label}${p.mode === 'sandbox' ? ' (sandbox)' : ''}`}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
