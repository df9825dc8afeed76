import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Body, type Ok } from '../../../lib/api-client.js';

export type ProfileBody = Body<'/api/v1/orgs/{orgId}/profiles/{userId}', 'put'>;
export type SavedProfile = Ok<'/api/v1/orgs/{orgId}/profiles/{userId}', 'get'>['profile'];
export type PlatformId = ProfileBody['platforms'][number];

export const profileKey = (orgId: string, userId: string) => ['orgs', orgId, 'profiles', userId] as const;

/**
 * The user's brand profile in the org; null when they have none (404). Ask only when the org says
 * they have one (`enabled`), so a new user's screens make no failing request.
 */
export const useProfile = (orgId: string, userId: string, enabled = true) =>
  useQuery({
    queryKey: profileKey(orgId, userId),
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return (await api<Ok<'/api/v1/orgs/{orgId}/profiles/{userId}', 'get'>>(`/orgs/${orgId}/profiles/${userId}`, { signal })).profile;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });

/** Saving the first profile starts the user's daily cycle. */
export function useSaveProfile(orgId: string, userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileBody) => api<Ok<'/api/v1/orgs/{orgId}/profiles/{userId}', 'put'>>(`/orgs/${orgId}/profiles/${userId}`, { method: 'PUT', json: body }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: profileKey(orgId, userId) }), client.invalidateQueries({ queryKey: ['orgs', orgId], exact: true })]),
  });
}

const NOT_SENT = new Set(['id', 'orgId', 'userId', 'onboardedAt', 'createdAt', 'updatedAt']);

/** A saved profile as a body to save again: the API refuses the row's own columns (id, timestamps). */
export function bodyOf(profile: SavedProfile): ProfileBody {
  return Object.fromEntries(Object.entries(profile).filter(([key]) => !NOT_SENT.has(key))) as unknown as ProfileBody;
}
