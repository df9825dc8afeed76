import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

type AccountList = Ok<'/api/v1/orgs/{orgId}/accounts', 'get'>;
export type Account = AccountList['accounts'][number];
export type PlatformMode = AccountList['platforms'][number];
type ConnectPlatform = Body<'/api/v1/orgs/{orgId}/accounts/connect-sandbox', 'post'>['platform'];

export const accountsKey = (orgId: string) => ['orgs', orgId, 'accounts'] as const;

/** The org's accounts, the platforms Herald can reach, and whether the sandbox (platform emulator) is on. */
export const useAccounts = (orgId: string) =>
  useQuery({ queryKey: accountsKey(orgId), queryFn: ({ signal }) => api<AccountList>(`/orgs/${orgId}/accounts`, { signal }) });

export function useConnectSandbox(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ platform, account }: { platform: string; account?: string }) =>
      api<Ok<'/api/v1/orgs/{orgId}/accounts/connect-sandbox', 'post'>>(`/orgs/${orgId}/accounts/connect-sandbox`, { method: 'POST', json: { platform: platform as ConnectPlatform, account } }),
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(orgId) }),
  });
}

/** Real OAuth: Herald answers with the platform's consent page, and the browser goes there. */
export const useStartConnect = (orgId: string) =>
  useMutation({
    mutationFn: (platform: string) =>
      api<Ok<'/api/v1/orgs/{orgId}/accounts/connect', 'post'>>(`/orgs/${orgId}/accounts/connect`, { method: 'POST', json: { platform: platform as ConnectPlatform, finishIn: 'browser' } }),
    onSuccess: (answer) => window.location.assign(answer.authorizationUrl),
  });

export function useDisconnect(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api<Ok<'/api/v1/orgs/{orgId}/accounts/{accountId}', 'delete'>>(`/orgs/${orgId}/accounts/${accountId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(orgId) }),
  });
}

export type AccountHealth = 'connected' | 'needs_reconnect' | 'expired' | 'disconnected';

/** What a person should know of an account: a connected one whose access ran out counts as expired. */
export function healthOf(account: Account, now = Date.now()): AccountHealth {
  if (account.status !== 'connected') return account.status;
  return account.accessTokenExpiresAt && Date.parse(account.accessTokenExpiresAt) < now ? 'expired' : 'connected';
}
