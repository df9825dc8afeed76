import type { PlatformId, ProfileBody, SavedProfile } from './api/profile.js';

/** A brand profile as the form holds it: text as typed, lists one item a line. */
export interface ProfileDraft {
  businessName: string;
  industry: string;
  website: string;
  audience: string;
  brandVoice: string;
  goals: string;
  contentRestrictions: string;
  platforms: PlatformId[];
  postsPerDay: string;
  timeZone: string;
}
export type DraftField = keyof ProfileDraft;
export type DraftProblems = Partial<Record<DraftField, string>>;

/** The browser's own zone (Intl), offered for the person to confirm or correct. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A new business starts from these: a voice and a goal most small businesses keep, two posts a day. */
export const defaultDraft = (timeZone = browserTimeZone()): ProfileDraft => ({
  businessName: '',
  industry: '',
  website: '',
  audience: '',
  brandVoice: 'Friendly and clear, no jargon',
  goals: 'More customers finding us',
  contentRestrictions: '',
  platforms: [],
  postsPerDay: '2',
  timeZone,
});

export function draftOf(profile: SavedProfile): ProfileDraft {
  const website = (profile as { website?: unknown }).website;
  return {
    businessName: profile.businessName,
    industry: profile.industry,
    website: typeof website === 'string' ? website : '',
    audience: profile.audience,
    brandVoice: profile.brandVoice,
    goals: profile.goals.join('\n'),
    contentRestrictions: profile.contentRestrictions.join('\n'),
    platforms: profile.platforms as PlatformId[],
    postsPerDay: String(profile.postsPerDay),
    timeZone: profile.timeZone,
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const CHECKS: Record<DraftField, (draft: ProfileDraft) => string | undefined> = {
  businessName: (d) => (d.businessName.trim() ? undefined : 'Enter your business name, e.g. O Co Surf School.'),
  industry: (d) => (d.industry.trim() ? undefined : 'Say what your business does, e.g. surf school.'),
  website: (d) => (!d.website.trim() || /^https?:\/\/\S+\.\S+/i.test(d.website.trim()) ? undefined : 'Enter the full address starting with https://, or leave it empty.'),
  audience: (d) => (d.audience.trim() ? undefined : 'Describe who you want to reach, e.g. tourists and families on holiday.'),
  brandVoice: (d) => (d.brandVoice.trim() ? undefined : 'Describe how your posts should sound, e.g. warm and encouraging.'),
  goals: () => undefined,
  contentRestrictions: () => undefined,
  platforms: (d) => (d.platforms.length > 0 ? undefined : 'Choose at least one platform.'),
  postsPerDay: (d) => (/^\d+$/.test(d.postsPerDay) && +d.postsPerDay >= 1 && +d.postsPerDay <= 10 ? undefined : 'Choose 1 to 10 posts a day.'),
  timeZone: (d) => (isTimeZone(d.timeZone.trim()) ? undefined : `"${d.timeZone}" is not a time zone; use a name such as Europe/Berlin or America/New_York.`),
};

/** What to fix in these fields before going on; empty when they are fine. */
export function problemsOf(draft: ProfileDraft, fields: readonly DraftField[]): DraftProblems {
  const problems: DraftProblems = {};
  for (const field of fields) {
    const problem = CHECKS[field](draft);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The draft as the profile route takes it, on top of what the saved profile already holds (its optional details). */
export function bodyFromDraft(draft: ProfileDraft, saved?: ProfileBody): ProfileBody {
  const { website: _website, ...rest } = saved ?? ({} as Partial<ProfileBody>);
  return {
    ...rest,
    businessName: draft.businessName.trim(),
    industry: draft.industry.trim(),
    audience: draft.audience.trim(),
    brandVoice: draft.brandVoice.trim(),
    goals: lines(draft.goals),
    contentRestrictions: lines(draft.contentRestrictions),
    platforms: draft.platforms,
    postsPerDay: Number(draft.postsPerDay),
    timeZone: draft.timeZone.trim(),
    ...(draft.website.trim() && { website: draft.website.trim() }),
  } as ProfileBody;
}
