import { useQuery } from '@tanstack/react-query';
import { api, type Ok } from '../../../lib/api-client.js';

export type PostAnswer = Ok<'/api/v1/orgs/{orgId}/posts/{postId}', 'get'>;
export type MonitoringAnswer = Ok<'/api/v1/orgs/{orgId}/monitoring/posts/{postId}', 'get'>;
export type Snapshot = MonitoringAnswer['snapshots'][number];
export type Members = Ok<'/api/v1/orgs/{orgId}/members', 'get'>;

/** Stages after which nothing changes on its own: polling stops there. */
const SETTLED = new Set(['published', 'failed', 'expired', 'skipped', 'unconfirmed']);
const POLL_MS = 5_000;
// Checkpoints come minutes to hours apart: a slower read is enough.
const CHECKPOINT_POLL_MS = 15_000;
const CHECKPOINTS_PER_TARGET = 5;

export const postDetailKey = (orgId: string, postId: string) => ['orgs', orgId, 'posts', postId, 'detail'] as const;

/** The post, read again every few seconds until every platform has settled (published, failed, ...). */
export const usePost = (orgId: string, postId: string) =>
  useQuery({
    queryKey: postDetailKey(orgId, postId),
    queryFn: ({ signal }) => api<PostAnswer>(`/orgs/${orgId}/posts/${postId}`, { signal }),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && SETTLED.has(data.post.stage) && data.targets.every((t) => SETTLED.has(t.stage)) ? false : POLL_MS;
    },
  });

/** Checkpoint readings; read again while a published platform still has checkpoints to come. */
export const useCheckpoints = (orgId: string, postId: string, publishedTargets: number) =>
  useQuery({
    queryKey: ['orgs', orgId, 'monitoring', postId],
    queryFn: ({ signal }) => api<MonitoringAnswer>(`/orgs/${orgId}/monitoring/posts/${postId}`, { signal }),
    refetchInterval: (query) => (publishedTargets > 0 && (query.state.data?.snapshots.length ?? 0) < publishedTargets * CHECKPOINTS_PER_TARGET ? CHECKPOINT_POLL_MS : false),
  });

/** Member names, so the history says who decided rather than an id. */
export const useMembers = (orgId: string) =>
  useQuery({ queryKey: ['orgs', orgId, 'members'], queryFn: ({ signal }) => api<Members>(`/orgs/${orgId}/members`, { signal }), staleTime: 60_000 });
