import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';
import { addDays, wallClockOf } from '../../../lib/local-dates.js';

type CalendarPage = Ok<'/api/v1/orgs/{orgId}/calendar', 'get'>;
type CalendarPost = CalendarPage['posts'][number];

/** A post placed on the user's wall clock: their zone may not be the org's, so the day and time are worked out here. */
export type PlacedPost = CalendarPost & { day: string; time: string };

export const calendarKey = (orgId: string) => ['orgs', orgId, 'calendar'] as const;

/** The API pages by at most 200 posts; a month of a busy org can need more than one. */
async function readRange(orgId: string, from: string, to: string, signal: AbortSignal): Promise<CalendarPost[]> {
  const found: CalendarPost[] = [];
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ from, to, limit: '200', ...(cursor ? { cursor } : {}) }).toString();
    const page: CalendarPage = await api<CalendarPage>(`/orgs/${orgId}/calendar?${query}`, { signal });
    found.push(...page.posts);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * The org's posts of local days `from`..`to` in the user's zone. The API cuts days in the org's
 * zone, so one day more is read on each side and the user's own days are kept.
 */
export const useCalendar = (orgId: string, from: string, to: string, timeZone: string) =>
  useQuery({
    queryKey: [...calendarKey(orgId), from, to, timeZone],
    queryFn: async ({ signal }) => {
      const posts = await readRange(orgId, addDays(from, -1), addDays(to, 1), signal);
      return posts
        .map((p): PlacedPost => {
          const at = wallClockOf(p.scheduledAt, timeZone);
          return { ...p, day: at.date, time: at.time };
        })
        .filter((p) => p.day >= from && p.day <= to);
    },
  });

/** Moves an approved post within its window: the post's own edit, which its workflow checks again. */
export function useRetime(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, scheduledAt }: { postId: string; scheduledAt: string }) =>
      api<Ok<'/api/v1/orgs/{orgId}/posts/{postId}', 'patch'>>(`/orgs/${orgId}/posts/${postId}`, { method: 'PATCH', json: { scheduledAt } satisfies Body<'/api/v1/orgs/{orgId}/posts/{postId}', 'patch'> }),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKey(orgId) }),
  });
}
