import type { Platform } from './platforms.js';

/**
 * Who may see a post, for the platforms that ask. TikTok requires the creator to choose (its
 * guidelines forbid a preselected value), so a TikTok post cannot be approved without the choice;
 * YouTube defaults to public when none is given.
 */
export const PRIVACY_LEVELS = {
  tiktok: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
  youtube: ['public', 'unlisted', 'private'],
} as const satisfies Partial<Record<Platform, readonly string[]>>;

export type PrivacyPlatform = keyof typeof PRIVACY_LEVELS;
export type PrivacyChoice = Partial<Record<PrivacyPlatform, string>>;

/** Platforms whose posts cannot be approved until someone chooses who sees them. */
export const PRIVACY_REQUIRED: readonly PrivacyPlatform[] = ['tiktok'];

export const isPrivacyPlatform = (platform: string): platform is PrivacyPlatform => Object.hasOwn(PRIVACY_LEVELS, platform);

/** Problems with a privacy choice as given, each saying what to send instead; empty when fine. */
export function privacyChoiceProblems(choice: Record<string, unknown>): string[] {
  return Object.entries(choice).flatMap(([platform, level]) => {
    if (!isPrivacyPlatform(platform)) return [`${platform} has no privacy choice; only ${Object.keys(PRIVACY_LEVELS).join(' and ')} do.`];
    const levels: readonly string[] = PRIVACY_LEVELS[platform];
    return typeof level === 'string' && levels.includes(level) ? [] : [`privacy.${platform} must be one of ${levels.join(', ')}.`];
  });
}

/** What an approver must still choose: the required platforms among the post's targets that have no level yet. */
export function missingPrivacyChoices(targets: { platform: string; privacyLevel: string | null }[], choice: PrivacyChoice): PrivacyPlatform[] {
  return PRIVACY_REQUIRED.filter((platform) => targets.some((t) => t.platform === platform && !t.privacyLevel) && !choice[platform]);
}

export function missingPrivacyMessage(missing: PrivacyPlatform[]): string {
  return missing.map((p) => `This post goes to ${p === 'tiktok' ? 'TikTok' : p}: choose who can see it (privacy.${p}: one of ${PRIVACY_LEVELS[p].join(', ')}).`).join(' ');
}
