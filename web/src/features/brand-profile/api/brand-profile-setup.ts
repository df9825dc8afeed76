import { useAccounts, type PlatformMode } from '../../accounts/api/accounts.js';
import { useOrg } from './org.js';
import { useProfile, type PlatformId, type SavedProfile } from './profile.js';

export type BrandProfileSetup =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  /** saved: the user's profile, null when they have none yet; platforms: what Herald can reach in this org. */
  | { status: 'ready'; saved: SavedProfile | null; platforms: PlatformMode[]; platformOptions: { id: PlatformId; label: string }[] };

/**
 * What a brand profile form starts from (onboarding, settings): the user's saved profile and the
 * platforms the org can reach. The profile is asked for only when the org lists the user among its
 * profiles, so a new user's screen makes no failing request.
 */
export function useBrandProfileSetup(orgId: string, userId: string): BrandProfileSetup {
  const org = useOrg(orgId);
  const hasProfile = org.data?.brandProfileUserIds.includes(userId);
  const profile = useProfile(orgId, userId, hasProfile === true);
  const accounts = useAccounts(orgId);
  const error = org.error ?? profile.error ?? accounts.error;
  if (error) return { status: 'error', error };
  if (!org.data || !accounts.data || (hasProfile && !profile.data)) return { status: 'loading' };
  const { platforms } = accounts.data;
  return {
    status: 'ready',
    saved: hasProfile ? profile.data! : null,
    platforms,
    platformOptions: platforms.filter((p) => p.mode !== 'unavailable').map((p) => ({ id: p.platform as PlatformId, label: p.label })),
  };
}
