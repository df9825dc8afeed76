import { useState } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { inZone } from '../../../lib/time.js';
import { useCreateToken, useRevokeToken, useTokens, type ApiToken } from '../api/me-settings.js';

/** API tokens for scripts and the herald CLI: listed, created (the token shown once), revoked. */
export function ApiTokens({ orgId, orgName, timeZone }: { orgId: string; orgName: string; timeZone: string }) {
  return (
    <>
      <NewTokenForm orgId={orgId} orgName={orgName} />
      <TokenList timeZone={timeZone} />
    </>
  );
}

function NewTokenForm({ orgId, orgName }: { orgId: string; orgName: string }) {
  const create = useCreateToken();
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('90');
  const [onlyThisOrg, setOnlyThisOrg] = useState(true);
  const [problem, setProblem] = useState<string>();
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!label.trim()) return setProblem('Say what the token is for, e.g. "Zapier" or "my laptop".');
    if (!/^\d+$/.test(days.trim()) || Number(days) < 1) return setProblem('Expiry must be whole days, e.g. 90.');
    setProblem(undefined);
    create.mutate({ label: label.trim(), expiresInDays: Number(days), ...(onlyThisOrg && { orgId }) }, { onSuccess: () => setLabel('') });
  }
  return (
    <Form onSubmit={submit} className="stack settings-form" aria-label="New API token">
      <Field label="What the token is for" value={label} onChange={setLabel} description='e.g. "Zapier" or "herald CLI on my laptop".' />
      <Field label="Expires after (days)" value={days} onChange={setDays} inputMode="numeric" />
      <Checkbox className="checkbox" isSelected={onlyThisOrg} onChange={setOnlyThisOrg}>
        <span className="box" aria-hidden="true" />
        Only for {orgName}
      </Checkbox>
      {problem && <Alert>{problem}</Alert>}
      {create.error && <Alert>{create.error.message}</Alert>}
      {create.data && (
        <div className="new-token" role="status">
          <p>
            <strong>Copy your token "{create.data.label}" now: Herald shows it only this once.</strong>
          </p>
          <code data-testid="new-token">{create.data.token}</code>
        </div>
      )}
      <Button type="submit" isPending={create.isPending}>
        Create token
      </Button>
    </Form>
  );
}

function TokenList({ timeZone }: { timeZone: string }) {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  if (tokens.isPending) return <p role="status">Loading your tokens…</p>;
  if (tokens.error) return <Alert>{tokens.error.message}</Alert>;
  if (tokens.data.length === 0) return <p className="empty">No API tokens yet.</p>;
  return (
    <>
      {revoke.error && <Alert>{revoke.error.message}</Alert>}
      <ul className="rows" aria-label="API tokens">
        {tokens.data.map((token) => (
          <TokenRow key={token.id} token={token} timeZone={timeZone} onRevoke={() => revoke.mutate(token.id)} revoking={revoke.isPending && revoke.variables === token.id} />
        ))}
      </ul>
    </>
  );
}

function TokenRow({ token, timeZone, onRevoke, revoking }: { token: ApiToken; timeZone: string; onRevoke: () => void; revoking: boolean }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <span className="name">{token.label}</span>
      <span className="pill">{token.orgId ? 'one org' : 'all your orgs'}</span>
      <span className="muted">{token.expiresAt ? `expires ${inZone(token.expiresAt, timeZone)}` : 'never expires'}</span>
      <span className="muted">{token.lastUsedAt ? `last used ${inZone(token.lastUsedAt, timeZone)}` : 'never used'}</span>
      <span className="actions token-actions">
        {confirming ? (
          <>
            <Button variant="danger" onPress={onRevoke} isPending={revoking} aria-label={`Yes, revoke the token ${token.label}`}>
              Yes, revoke
            </Button>
            <Button variant="link" onPress={() => setConfirming(false)}>
              Keep it
            </Button>
          </>
        ) : (
          <Button variant="link" onPress={() => setConfirming(true)} aria-label={`Revoke the token ${token.label}`}>
            Revoke
          </Button>
        )}
      </span>
    </li>
  );
}
