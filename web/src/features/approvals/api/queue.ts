import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';

export interface QueuedPost {
  id: string;
  stage: string;
  scheduledAt: string;
  revision: number;
  offlineWritten: boolean;
  /** Where the approval window stands; emergencyWindow: a rejection now gets the one-call emergency replacement. */
  approval: { deadline: string; emergencyWindow: boolean; skipWindow: boolean } | null;
  targets: { platform: string; stage: string; text: string; sandbox: boolean }[];
}
export interface QueueAnswer {
  budget: { level: string; reason: string | null };
  posts: QueuedPost[];
}
export interface TargetDetail {
  id: string;
  platform: string;
  text: string;
  hashtags: string[];
  title: string | null;
  sandbox: boolean;
  problems: { field: string; message: string }[];
  length: { used: number; max: number; unit: string };
  privacyOptions?: string[];
  privacyRequired?: boolean;
}
export interface PostDetail {
  post: { id: string; stage: string; scheduledAt: string; revision: number };
  targets: TargetDetail[];
  /** The post workflow's own state; null when Temporal could not be asked just now. */
  workflow: { deadline: string; approvals: string[]; approvalsNeeded: number; stage: string; locked: boolean; publishAt: string } | null;
}

/** A replacement written after a rejection appears without a reload: the queue is polled. */
const POLL_MS = 10_000;

export const queueKey = (orgId: string) => ['orgs', orgId, 'posts', 'awaiting_approval'] as const;
export const postKey = (orgId: string, postId: string) => ['orgs', orgId, 'posts', postId] as const;

export const useApprovalQueue = (orgId: string) =>
  useQuery({
    queryKey: queueKey(orgId),
    queryFn: ({ signal }) => api<QueueAnswer>(`/orgs/${orgId}/posts?stage=awaiting_approval&limit=100`, { signal }),
    refetchInterval: POLL_MS,
  });

export const usePostDetail = (orgId: string, postId: string, revision: number) =>
  useQuery({
    queryKey: [...postKey(orgId, postId), revision],
    queryFn: ({ signal }) => api<PostDetail>(`/orgs/${orgId}/posts/${postId}`, { signal }),
  });
