import { useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { messageOf } from '../../../lib/api-client.js';
import { healthOf, useAccounts, useConnectSandbox, useDisconnect, useStartConnect, type Account, type AccountHealth } from '../api/accounts.js';
import '../accounts.css';

const HEALTH_WORDS: Record<AccountHealth, { label: string; help: string }> = {
  connected: { label: 'Connected', help: 'Herald can post here.' },
  needs_reconnect: { label: 'Needs reconnect', help: 'The platform stopped accepting Herald\'s access; reconnect before the next post.' },
  expired: { label: 'Expired', help: 'Access ran out; Herald renews it before the next post. Reconnect if a publish fails.' },
  disconnected: { label: 'Disconnected', help: 'Herald no longer posts here.' },
};

/** Every account of the org with its health; managers reconnect and disconnect from here. */
export function AccountList({ orgId, manages }: { orgId: string; manages: boolean }) {
  const accounts = useAccounts(orgId);
  if (accounts.isPending) return <p role="status">Loading accounts…</p>;
  if (accounts.error) return <Alert>{accounts.error.message}</Alert>;
  const shown = accounts.data.accounts;
  if (shown.length === 0) return <p className="empty">No accounts connected yet. Connect one below so Herald can post for you.</p>;
  return (
    <ul className="rows accounts" aria-label="Connected accounts">
      {shown.map((account) => (
        <AccountRow key={account.id} orgId={orgId} account={account} manages={manages} sandboxMode={accounts.data.platforms.find((p) => p.platform === account.platform)?.mode === 'sandbox'} />
      ))}
    </ul>
  );
}

function AccountRow({ orgId, account, manages, sandboxMode }: { orgId: string; account: Account; manages: boolean; sandboxMode: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const disconnect = useDisconnect(orgId);
  const sandbox = useConnectSandbox(orgId);
  const oauth = useStartConnect(orgId);
  const health = healthOf(account);
  const words = HEALTH_WORDS[health];
  const name = `${account.platformLabel} ${account.displayName ?? ''}`.trim();
  const reconnect = () => (account.sandbox && sandboxMode ? sandbox.mutate({ platform: account.platform, account: account.externalId }) : oauth.mutate(account.platform));
  const failure = disconnect.error ?? sandbox.error ?? oauth.error;
  return (
    <li className={`account health-${health}`} data-testid="account-row">
      <span className="name">{account.platformLabel}</span>
      <span>{account.displayName}</span>
      {account.sandbox && <span className="pill">Sandbox</span>}
      <span className={`pill status ${health}`}>{words.label}</span>
      <span className="muted help">{words.help}</span>
      {manages && (
        <span className="actions">
          {health !== 'connected' && (
            <Button variant="secondary" onPress={reconnect} isPending={sandbox.isPending || oauth.isPending} aria-label={`Reconnect ${name}`}>
              Reconnect
            </Button>
          )}
          {health !== 'disconnected' &&
            (confirming ? (
              <>
                <Button variant="danger" onPress={() => disconnect.mutate(account.id, { onSuccess: () => setConfirming(false) })} isPending={disconnect.isPending} aria-label={`Yes, disconnect ${name}`}>
                  Yes, disconnect
                </Button>
                <Button variant="link" onPress={() => setConfirming(false)}>
                  Keep it
                </Button>
              </>
            ) : (
              <Button variant="link" onPress={() => setConfirming(true)} aria-label={`Disconnect ${name}`}>
                Disconnect
              </Button>
            ))}
        </span>
      )}
      {failure && <Alert>{messageOf(failure)}</Alert>}
    </li>
  );
}
