import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { OrgMembership } from '../../auth/api/session.js';

export interface Me {
  user: { id: string; email: string; name: string; timeZone: string };
  orgs: OrgMembership[];
  /** The org this browser session works in. */
  activeOrgId: string | null;
  /** Herald's support staff: they see the support console. */
  staff: boolean;
}

export const meKey = ['me'] as const;
export const useMe = () => useQuery({ queryKey: meKey, queryFn: ({ signal }) => api<Me>('/me', { signal }) });

/** The active org, with the person's role in it. */
export function useActiveOrg(): OrgMembership | undefined {
  const { data } = useMe();
  return data?.orgs.find((o) => o.id === data.activeOrgId);
}

export function useSwitchOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (orgId: string) => api<{ activeOrgId: string }>('/me/active-org', { method: 'PUT', json: { orgId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: meKey }),
  });
}
