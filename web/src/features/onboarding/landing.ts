import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, type Ok } from '../../lib/api-client.js';
import { orgKey } from '../brand-profile/api/org.js';
import { meKey, type Me } from '../orgs/api/me.js';

/** The roles that may set Herald up (the wizard saves a brand profile and connects accounts). */
export const SETS_UP: ReadonlySet<string> = new Set(['owner', 'admin', 'editor']);

/**
 * Where someone goes once signed up or logged in: where they were going (`next`, e.g. an e-mail
 * link), else the wizard while their org has no brand profile and they may make one, else Today.
 */
export function landingAfterSignIn(next: string, active?: { role: string; brandProfiles: number }): string {
  if (next !== '/') return next;
  return active && SETS_UP.has(active.role) && active.brandProfiles === 0 ? '/onboarding' : '/';
}

/**
 * Asks the API about the active org (both answers stay cached for the screen that follows). If
 * it cannot tell, Today is the answer: its callout offers the setup too.
 */
export function useLandingAfterSignIn(): (next: string) => Promise<string> {
  const client = useQueryClient();
  return useCallback(
    async (next: string) => {
      if (next !== '/') return next;
      try {
        const me = await client.fetchQuery({ queryKey: meKey, queryFn: ({ signal }) => api<Me>('/me', { signal }) });
        const active = me.orgs.find((o) => o.id === me.activeOrgId);
        if (!active) return next;
        const org = await client.fetchQuery({ queryKey: orgKey(active.id), queryFn: ({ signal }) => api<Ok<'/api/v1/orgs/{orgId}', 'get'>>(`/orgs/${active.id}`, { signal }) });
        return landingAfterSignIn(next, { role: active.role, brandProfiles: org.brandProfileUserIds.length });
      } catch {
        return next;
      }
    },
    [client],
  );
}
