import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import { queueKey, type QueueAnswer } from './queue.js';

export type PrivacyChoice = Partial<Record<'tiktok' | 'youtube', string>>;

/** A decided post leaves the queue at once; the list is then read again. */
function useDecision<I extends { postId: string }>(orgId: string, send: (input: I) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (_answer, { postId }) => {
      client.setQueryData<QueueAnswer>(queueKey(orgId), (queue) => queue && { ...queue, posts: queue.posts.filter((p) => p.id !== postId) });
      return client.invalidateQueries({ queryKey: ['orgs', orgId, 'posts'] });
    },
  });
}

export const useApprove = (orgId: string) =>
  useDecision(orgId, ({ postId, privacy }: { postId: string; privacy?: PrivacyChoice }) =>
    api(`/orgs/${orgId}/posts/${postId}/approve`, { method: 'POST', json: privacy && Object.keys(privacy).length ? { privacy } : {} }),
  );

export const useReject = (orgId: string) =>
  useDecision(orgId, ({ postId, reason }: { postId: string; reason: string }) => api(`/orgs/${orgId}/posts/${postId}/reject`, { method: 'POST', json: { reason } }));
