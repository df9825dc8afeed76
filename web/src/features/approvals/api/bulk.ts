import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';
import type { PrivacyChoice } from './decisions.js';
import { queueKey, type QueueAnswer } from './queue.js';

type BulkPath = '/api/v1/orgs/{orgId}/approvals/bulk';
type BulkBody = Body<BulkPath, 'post'>;
export type BulkAnswer = Ok<BulkPath, 'post'>;
export type BulkResult = BulkAnswer['results'][number];

/** One post of a bulk approval, with who may see it where the platform asks (TikTok, YouTube). */
export interface BulkItem {
  postId: string;
  privacy?: PrivacyChoice;
}

/**
 * The requests a batch needs: the bulk route takes one privacy choice for all its posts, so posts
 * are grouped by their choice (posts without one go together), each group one request.
 */
export function bulkRequests(items: BulkItem[]): BulkBody[] {
  const groups = new Map<string, BulkBody>();
  for (const { postId, privacy } of items) {
    const chosen = Object.entries(privacy ?? {})
      .filter(([, level]) => level)
      .sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify(chosen);
    const group = groups.get(key) ?? { action: 'approve', postIds: [], ...(chosen.length ? { privacy: Object.fromEntries(chosen) as BulkBody['privacy'] } : {}) };
    group.postIds!.push(postId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Approves several posts (approvals/bulk), each with its own privacy choice; each post answers on
 * its own, so the approved ones leave the queue and the refused ones stay with the server's reason.
 * Results come back in the batch's order; a request that fails answers for each of its posts.
 */
export function useBulkApprove(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (items: BulkItem[]): Promise<BulkResult[]> => {
      const requests = bulkRequests(items);
      const answers = await Promise.allSettled(requests.map((json) => api<BulkAnswer>(`/orgs/${orgId}/approvals/bulk`, { method: 'POST', json })));
      const byPost = new Map<string, BulkResult>();
      answers.forEach((answer, i) => {
        if (answer.status === 'fulfilled') for (const r of answer.value.results) byPost.set(r.postId, r);
        else for (const postId of requests[i]!.postIds!) byPost.set(postId, { postId, done: false, code: 'unavailable', message: (answer.reason as Error).message });
      });
      return items.flatMap(({ postId }) => byPost.get(postId) ?? []);
    },
    onSuccess: (results) => {
      const decided = new Set(results.filter((r) => r.done).map((r) => r.postId));
      client.setQueryData<QueueAnswer>(queueKey(orgId), (queue) => queue && { ...queue, posts: queue.posts.filter((p) => !decided.has(p.id)) });
      return client.invalidateQueries({ queryKey: ['orgs', orgId, 'posts'] });
    },
  });
}
