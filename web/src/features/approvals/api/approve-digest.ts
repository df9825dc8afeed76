import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

type BulkPath = '/api/v1/orgs/{orgId}/approvals/bulk';
export type DigestAnswer = Ok<BulkPath, 'post'>;

/** Approves every post an approval digest asked about that still waits (approvals/bulk by its digestId). */
export function useApproveDigest(orgId: string, digestId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<DigestAnswer>(`/orgs/${orgId}/approvals/bulk`, { method: 'POST', json: { action: 'approve', digestId } satisfies Body<BulkPath, 'post'> }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['orgs', orgId, 'posts'] }),
  });
}
