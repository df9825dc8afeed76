import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

type Preferences = Ok<'/api/v1/me/email-preferences', 'get'>;
export type PreferenceChanges = Body<'/api/v1/me/email-preferences', 'patch'>;
export type ApiToken = Ok<'/api/v1/me/tokens', 'get'>['tokens'][number];
export type NewToken = Body<'/api/v1/me/tokens', 'post'>;

const preferencesKey = ['me', 'email-preferences'] as const;
const tokensKey = ['me', 'tokens'] as const;

export const useEmailPreferences = () => useQuery({ queryKey: preferencesKey, queryFn: ({ signal }) => api<Preferences>('/me/email-preferences', { signal }) });

export function useSaveEmailPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: PreferenceChanges) => api<Preferences>('/me/email-preferences', { method: 'PATCH', json: changes }),
    onSuccess: (answer) => client.setQueryData(preferencesKey, answer),
  });
}

export const useTokens = () => useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => api<Ok<'/api/v1/me/tokens', 'get'>>('/me/tokens', { signal }).then((r) => r.tokens) });

/** The answer carries the token itself, the only time Herald shows it. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewToken) => api<Ok<'/api/v1/me/tokens', 'post'>>('/me/tokens', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api<void>(`/me/tokens/${tokenId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}
