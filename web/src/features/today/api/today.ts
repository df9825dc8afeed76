import { useQuery } from '@tanstack/react-query';
import { api, type Ok } from '../../../lib/api-client.js';

type CalendarAnswer = Ok<'/api/v1/orgs/{orgId}/calendar', 'get'>;
export type CalendarPost = CalendarAnswer['posts'][number];
export type PostAlert = Ok<'/api/v1/orgs/{orgId}/monitoring/alerts', 'get'>['alerts'][number];
export type Account = Ok<'/api/v1/orgs/{orgId}/accounts', 'get'>['accounts'][number];

/** The billing answer's usage and notices, which its documented schema leaves open. */
interface Used {
  used: number;
  limit: number | null;
}
export interface BillingUsage {
  planLabel: string;
  usage: { postsThisMonth?: Used; connectedAccounts?: Used; seats?: Used; aiSpendUsd?: Used };
  notices?: string[];
}

/** Today and status change through the day: read again every minute while the screen is open. */
const REFRESH_MS = 60_000;

/** YYYY-MM-DD of an instant in a zone. */
export const localDate = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

/**
 * The posts going out today in the person's zone. The calendar counts days in the org's zone, so
 * the day either side is read too and the posts are kept by the person's own date.
 */
export function useOutToday(orgId: string, timeZone: string) {
  const today = localDate(Date.now(), timeZone);
  return useQuery({
    queryKey: ['orgs', orgId, 'posts', 'calendar', 'today', today, timeZone],
    queryFn: async ({ signal }) => {
      const day = 86_400_000;
      const from = localDate(Date.now() - day, timeZone);
      const to = localDate(Date.now() + day, timeZone);
      const answer = await api<CalendarAnswer>(`/orgs/${orgId}/calendar?from=${from}&to=${to}&limit=200`, { signal });
      return answer.posts.filter((p) => localDate(Date.parse(p.scheduledAt), timeZone) === today);
    },
    refetchInterval: REFRESH_MS,
  });
}

export const useAlerts = (orgId: string) =>
  useQuery({
    queryKey: ['orgs', orgId, 'monitoring', 'alerts'],
    queryFn: ({ signal }) => api<Ok<'/api/v1/orgs/{orgId}/monitoring/alerts', 'get'>>(`/orgs/${orgId}/monitoring/alerts?limit=10`, { signal }),
    refetchInterval: REFRESH_MS,
  });

export const useBillingUsage = (orgId: string) =>
  useQuery({
    queryKey: ['orgs', orgId, 'billing'],
    queryFn: ({ signal }) => api<Ok<'/api/v1/orgs/{orgId}/billing', 'get'> & BillingUsage>(`/orgs/${orgId}/billing`, { signal }),
  });
