import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload, type Body, type Ok } from '../../../lib/api-client.js';

export type Accounts = Ok<'/api/v1/orgs/{orgId}/accounts', 'get'>;
export type Draft = Ok<'/api/v1/orgs/{orgId}/drafts/{draftId}', 'get'>['draft'];
export type Media = Ok<'/api/v1/orgs/{orgId}/media', 'post'>['media'];
export type NewPost = Body<'/api/v1/orgs/{orgId}/posts', 'post'>;
export type DraftContent = Body<'/api/v1/orgs/{orgId}/drafts', 'post'>;
export type AdaptRequest = Body<'/api/v1/orgs/{orgId}/posts/adapt', 'post'>;
export type Adapted = Ok<'/api/v1/orgs/{orgId}/posts/adapt', 'post'>;

const draftsKey = (orgId: string) => ['orgs', orgId, 'drafts'] as const;

export const useDrafts = (orgId: string, enabled: boolean) =>
  useQuery({
    queryKey: draftsKey(orgId),
    queryFn: ({ signal }) => api<Ok<'/api/v1/orgs/{orgId}/drafts', 'get'>>(`/orgs/${orgId}/drafts?limit=50`, { signal }),
    enabled,
  });

/** A draft with its media objects, ready to fill the form (?draft=<id>). */
export const useDraftWithMedia = (orgId: string, draftId: string | null) =>
  useQuery({
    queryKey: [...draftsKey(orgId), draftId],
    enabled: draftId !== null,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const { draft } = await api<Ok<'/api/v1/orgs/{orgId}/drafts/{draftId}', 'get'>>(`/orgs/${orgId}/drafts/${draftId}`, { signal });
      const media = await Promise.all(draft.mediaIds.map((id) => api<Ok<'/api/v1/orgs/{orgId}/media/{mediaId}', 'get'>>(`/orgs/${orgId}/media/${id}`, { signal })));
      return { draft, media: media.map((m) => m.media) };
    },
  });

/** Saves the form as a draft: a new one, or the one it was opened from. */
export function useSaveDraft(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ draftId, content }: { draftId: string | null; content: DraftContent }) =>
      draftId
        ? api<Ok<'/api/v1/orgs/{orgId}/drafts/{draftId}', 'patch'>>(`/orgs/${orgId}/drafts/${draftId}`, { method: 'PATCH', json: content })
        : api<Ok<'/api/v1/orgs/{orgId}/drafts', 'post'>>(`/orgs/${orgId}/drafts`, { method: 'POST', json: content }),
    onSuccess: ({ draft }) => {
      client.setQueryData([...draftsKey(orgId), draft.id], (old: { media: Media[] } | undefined) => old && { ...old, draft });
      return client.invalidateQueries({ queryKey: draftsKey(orgId), exact: true });
    },
  });
}

export const useCreatePost = (orgId: string) =>
  useMutation({ mutationFn: (post: NewPost) => api<Ok<'/api/v1/orgs/{orgId}/posts', 'post'>>(`/orgs/${orgId}/posts`, { method: 'POST', json: post }) });

/** "Adapt with AI": the text rewritten for each platform within its rules, as overrides. */
export const useAdapt = (orgId: string) =>
  useMutation({ mutationFn: (request: AdaptRequest) => api<Adapted>(`/orgs/${orgId}/posts/adapt`, { method: 'POST', json: request }) });

/** Uploads one file, checked now against the chosen platforms; `onProgress` gets 0..1. */
export const useUploadMedia = (orgId: string) =>
  useMutation({
    mutationFn: ({ file, platforms, onProgress }: { file: File; platforms: string[]; onProgress: (sent: number) => void }) => {
      const query = platforms.length ? `?platforms=${platforms.join(',')}` : '';
      return upload<Ok<'/api/v1/orgs/{orgId}/media', 'post'>>(`/orgs/${orgId}/media${query}`, file, onProgress);
    },
  });
