import { useMutation, useQuery } from '@tanstack/react-query';
import { api, type Ok } from '../../../lib/api-client.js';

type CycleAnswer = Ok<'/api/v1/orgs/{orgId}/cycles/{userId}', 'get'>;
export type CycleState = CycleAnswer['state'];

/** The cycle's state, asked every two seconds while `watching` (a run is under way). */
export const useCycleState = (orgId: string, userId: string, watching: boolean) =>
  useQuery({
    queryKey: ['orgs', orgId, 'cycles', userId],
    queryFn: ({ signal }) => api<CycleAnswer>(`/orgs/${orgId}/cycles/${userId}`, { signal }).then((r) => r.state),
    refetchInterval: watching ? 2000 : false,
  });

export const useRunNow = (orgId: string, userId: string) =>
  useMutation({ mutationFn: () => api<Ok<'/api/v1/orgs/{orgId}/cycles/{userId}/run-now', 'post'>>(`/orgs/${orgId}/cycles/${userId}/run-now`, { method: 'POST' }) });
