import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { Role } from '../../auth/api/session.js';

/** The signed-in person joins the org that invited their address; every cached org list is stale. */
export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api<{ orgId: string; role: Role }>('/me/invitations/accept', { method: 'POST', json: { token } }),
    onSuccess: async ({ orgId }) => {
      await api('/me/active-org', { method: 'PUT', json: { orgId } });
      await client.invalidateQueries();
    },
  });
}
