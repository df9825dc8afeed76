import { useMutation, useQuery } from '@tanstack/react-query';
import { api, type Body, type Ok, type Query } from '../../../lib/api-client.js';

type ListPath = '/api/v1/support/publishing/targets';
type ReplayPath = '/api/v1/orgs/{orgId}/publishing/targets/{targetId}/replay';
type BulkPath = '/api/v1/orgs/{orgId}/publishing/replays';

export type SupportFilters = Omit<Query<ListPath, 'get'>, 'reason' | 'limit'>;
export type SupportLine = Ok<ListPath, 'get'>['targets'][number];
export type ReplayAnswer = Ok<ReplayPath, 'post'>;
export type BulkReplayAnswer = Ok<BulkPath, 'post'>;

const listKey = (filters: SupportFilters, reason: string) => ['support', 'publishing', filters, reason] as const;

const queryString = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();

/**
 * Failed, unconfirmed and interrupted publishes across every org. Each read is audited in the
 * orgs it lists, with the staff member's reason, so nothing is read until a reason is given.
 */
export const useSupportTargets = (filters: SupportFilters, reason: string | null) =>
  useQuery({
    queryKey: listKey(filters, reason ?? ''),
    queryFn: ({ signal }) => api<Ok<ListPath, 'get'>>(`/support/publishing/targets?${queryString({ ...filters, reason: reason!, limit: 100 })}`, { signal }),
    enabled: reason !== null,
  });

/**
 * Replays one publish: the workflow reconciles with the platform first and never posts twice. The
 * list is not read again here, so the row stays with its outcome until support refreshes.
 */
export const useReplay = () =>
  useMutation({
    mutationFn: ({ line, reason }: { line: SupportLine; reason: string }) =>
      api<ReplayAnswer>(`/orgs/${line.orgId}/publishing/targets/${line.targetId}/replay`, { method: 'POST', json: { reason } satisfies Body<ReplayPath, 'post'> }),
  });

/**
 * Bulk replay by the list's filters, one request per org listed (the API replays within one org).
 * A dry run lists what would be replayed and starts nothing. As with one replay, the list is not
 * read again: the replayed publishes would leave it, and with them the results of the bulk replay.
 */
export function useBulkReplay() {
  return useMutation({
    mutationFn: async ({ orgIds, filters, reason, dryRun }: { orgIds: string[]; filters: SupportFilters; reason: string; dryRun: boolean }) => {
      const answers: (BulkReplayAnswer & { orgId: string })[] = [];
      // One org at a time: each replay asks the platform first, and platforms have rate limits.
      for (const orgId of orgIds) {
        const body: Body<BulkPath, 'post'> = { ...filters, reason, dryRun };
        answers.push({ orgId, ...(await api<BulkReplayAnswer>(`/orgs/${orgId}/publishing/replays`, { method: 'POST', json: body })) });
      }
      return answers;
    },
  });
}
