import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Body, type Ok } from '../../../lib/api-client.js';

export type Strategy = Ok<'/api/v1/orgs/{orgId}/strategies/current', 'get'>['strategy'];
export type MonthlyThemes = Ok<'/api/v1/orgs/{orgId}/monthly-themes/{month}', 'get'>['monthlyThemes'];
export type Predictions = Ok<'/api/v1/orgs/{orgId}/analytics/predictions', 'get'>;
export type StrategyDecision = Body<'/api/v1/orgs/{orgId}/weekly/{userId}/{planStart}/decision', 'post'>;

export const strategyKey = (orgId: string) => ['orgs', orgId, 'strategies'] as const;

/** While Herald rewrites a plan (modified or regenerated), the current strategy is read again this often. */
const REWRITE_POLL_MS = 3_000;

/** No strategy yet is an answer (the first one comes on the planning day), not an error. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** A superseded latest version means Herald is writing the next one from the decision. */
export const isRewriting = (strategy: Pick<Strategy, 'decision'> | null | undefined) => strategy?.decision.state === 'modified' || strategy?.decision.state === 'regenerated';

export const useCurrentStrategy = (orgId: string) =>
  useQuery({
    queryKey: [...strategyKey(orgId), 'current'],
    queryFn: ({ signal }) => orNull(api<Ok<'/api/v1/orgs/{orgId}/strategies/current', 'get'>>(`/orgs/${orgId}/strategies/current`, { signal }).then((a) => a.strategy)),
    refetchInterval: (query) => (isRewriting(query.state.data) ? REWRITE_POLL_MS : false),
  });

export const useMonthlyThemes = (orgId: string, month: string) =>
  useQuery({
    queryKey: ['orgs', orgId, 'monthly-themes', month],
    queryFn: ({ signal }) => orNull(api<Ok<'/api/v1/orgs/{orgId}/monthly-themes/{month}', 'get'>>(`/orgs/${orgId}/monthly-themes/${month}`, { signal }).then((a) => a.monthlyThemes)),
  });

export const usePredictions = (orgId: string) =>
  useQuery({
    queryKey: ['orgs', orgId, 'analytics', 'predictions'],
    queryFn: ({ signal }) => api<Predictions>(`/orgs/${orgId}/analytics/predictions`, { signal }),
  });

/** Approve, modify with instructions, or regenerate: an Update to the week's plan workflow. */
export function useStrategyDecision(orgId: string, strategy: Pick<Strategy, 'userId' | 'planStart'>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (decision: StrategyDecision) =>
      api<Ok<'/api/v1/orgs/{orgId}/weekly/{userId}/{planStart}/decision', 'post'>>(`/orgs/${orgId}/weekly/${strategy.userId}/${strategy.planStart}/decision`, { method: 'POST', json: decision }),
    onSuccess: () => client.invalidateQueries({ queryKey: strategyKey(orgId) }),
  });
}
