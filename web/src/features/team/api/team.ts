import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { Role } from '../../auth/api/session.js';

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
  /** Mail to this address bounced or was marked as spam: Herald no longer sends to it. */
  emailUndeliverable: { reason: 'bounced' | 'complained'; since: string } | null;
}
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
}
export const INVITABLE_ROLES = ['admin', 'editor', 'approver', 'viewer'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

const membersKey = (orgId: string) => ['orgs', orgId, 'members'] as const;
const invitationsKey = (orgId: string) => ['orgs', orgId, 'invitations'] as const;

export const useMembers = (orgId: string) =>
  useQuery({ queryKey: membersKey(orgId), queryFn: ({ signal }) => api<{ members: Member[] }>(`/orgs/${orgId}/members`, { signal }).then((r) => r.members) });

/** Open invitations; only owners and admins may see them. */
export const useInvitations = (orgId: string) =>
  useQuery({
    queryKey: invitationsKey(orgId),
    queryFn: ({ signal }) => api<{ invitations: Invitation[] }>(`/orgs/${orgId}/invitations`, { signal }).then((r) => r.invitations),

  });

export function useInvite(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: InvitableRole }) => api<{ invitation: Invitation }>(`/orgs/${orgId}/invitations`, { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}

export function useWithdrawInvitation(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => api<void>(`/orgs/${orgId}/invitations/${invitationId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(orgId) }),
  });
}
