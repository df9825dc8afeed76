import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

type EditPath = '/api/v1/orgs/{orgId}/posts/{postId}';
export type PostEditBody = Body<EditPath, 'patch'>;

/** Sends an edit to the post's workflow, which checks the platform rules and the content lock again. */
export function useEditPost(orgId: string, postId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: PostEditBody) => api<Ok<EditPath, 'patch'>>(`/orgs/${orgId}/posts/${postId}`, { method: 'PATCH', json: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['orgs', orgId, 'posts'] }),
  });
}
