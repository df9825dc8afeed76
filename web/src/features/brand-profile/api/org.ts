import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

type OrgAnswer = Ok<'/api/v1/orgs/{orgId}', 'get'>;
export type ApprovalSettings = Body<'/api/v1/orgs/{orgId}', 'patch'>;

export const orgKey = (orgId: string) => ['orgs', orgId] as const;

/** The org: its approval rules, and who already has a brand profile in it. */
export const useOrg = (orgId: string) => useQuery({ queryKey: orgKey(orgId), queryFn: ({ signal }) => api<OrgAnswer>(`/orgs/${orgId}`, { signal }) });

export function useSaveApprovalSettings(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: ApprovalSettings) => api<Ok<'/api/v1/orgs/{orgId}', 'patch'>>(`/orgs/${orgId}`, { method: 'PATCH', json: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId), exact: true }),
  });
}
