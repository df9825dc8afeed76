import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Ok, type Query } from '../../../lib/api-client.js';

const ORG = '/api/v1/orgs/{orgId}/analytics';
export type Overview = Ok<`${typeof ORG}/overview`, 'get'>;
export type Comparison = Ok<`${typeof ORG}/compare`, 'get'>;
export type RankedPosts = Ok<`${typeof ORG}/posts`, 'get'>;
export type WeeklyAnalyses = Ok<`${typeof ORG}/weekly-analyses`, 'get'>;
export type AccountReads = Ok<`${typeof ORG}/accounts`, 'get'>;
export type CompareBy = Query<`${typeof ORG}/compare`, 'get'>['by'];

/** Local dates (inclusive) read in a named zone: every analytics request carries all three. */
export interface DateRange {
  from: string;
  to: string;
  timeZone: string;
}

/** The path of one analytics table for a range; `csv` makes it the spreadsheet download. */
export function analyticsPath(orgId: string, table: string, range: DateRange, extra: Record<string, string> = {}, csv = false): string {
  const query = new URLSearchParams({ ...range, ...extra, ...(csv ? { format: 'csv' } : {}) });
  return `/orgs/${orgId}/analytics/${table}?${query}`;
}

function useAnalytics<T>(orgId: string, table: string, range: DateRange | null, extra: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['orgs', orgId, 'analytics', table, range, extra] as const,
    queryFn: ({ signal }) => api<T>(analyticsPath(orgId, table, range!, extra), { signal }),
    enabled: range !== null,
    // A changed range keeps the old charts on screen until the new figures arrive.
    placeholderData: keepPreviousData,
  });
}

export const useOverview = (orgId: string, range: DateRange | null) => useAnalytics<Overview>(orgId, 'overview', range);
export const useComparison = (orgId: string, range: DateRange | null, by: CompareBy) => useAnalytics<Comparison>(orgId, 'compare', range, { by });
export const useTopPosts = (orgId: string, range: DateRange | null) => useAnalytics<RankedPosts>(orgId, 'posts', range, { order: 'top', limit: '10' });
export const useWeeklyAnalyses = (orgId: string, range: DateRange | null) => useAnalytics<WeeklyAnalyses>(orgId, 'weekly-analyses', range);
export const useAccountReads = (orgId: string, range: DateRange | null) => useAnalytics<AccountReads>(orgId, 'accounts', range);
