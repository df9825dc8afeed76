import { z } from 'zod';
import { isIssuedMediaKey } from './media-keys.js';
import { PLATFORMS, type Platform } from './platforms.js';

/**
 * The optional half of a brand profile (seed 000, "User Input & Data Requirements"): everything the
 * agents use when it is there and do without when it is not. The cycle itself needs only the
 * required fields of the profile body (name, industry, audience, voice, platforms, time zone).
 * Each field carries an example; the OpenAPI document shows them.
 */
export const CONTENT_KINDS = ['tip', 'question', 'behind_the_scenes', 'offer', 'story', 'announcement'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const webAddress = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, 'must be a full web address starting with https://');
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB');
const utmValue = z.string().trim().min(1).max(100).regex(/^[\w.~+-]+$/, 'letters, digits and - _ . ~ + only');

export const utmSchema = z
  .strictObject({
    source: utmValue.optional().meta({ description: 'Default: the platform (x, linkedin, ...)' }),
    medium: utmValue.optional().meta({ description: 'Default: social' }),
    campaign: utmValue.optional().meta({ description: 'Default: the promotion name, lower-case with dashes' }),
    content: utmValue.optional(),
    term: utmValue.optional(),
  })
  .meta({ examples: [{ campaign: 'spring-lessons', medium: 'organic-social' }] });
export type UtmDefaults = z.infer<typeof utmSchema>;

const promotion = z.strictObject({
  name: text(120).meta({ examples: ['Beginner surf lessons'] }),
  url: webAddress.meta({ examples: ['https://ocosurf.example/lessons'] }),
  offer: text(200).optional().meta({ examples: ['First lesson 20% off in April'] }),
  utm: utmSchema.optional(),
});

const kpiGoal = z.strictObject({
  goal: text(200).meta({ examples: ['More lesson bookings'] }),
  kpi: text(200).meta({ examples: ['Bookings from social links per month'] }),
  target: text(100).optional().meta({ examples: ['40 a month'] }),
});

const platformPriority = z.strictObject({
  platform: z.enum(PLATFORMS),
  rank: z.number().int().min(1).max(PLATFORMS.length).meta({ description: '1 = most important' }),
  postsPerWeek: z.number().int('whole posts').min(0).max(21, 'at most 21 posts a week (3 a day)'),
});

const competitor = z.strictObject({
  name: text(120).meta({ examples: ['Wave Riders Academy'] }),
  handles: z
    .array(z.strictObject({ platform: z.enum(PLATFORMS), handle: z.string().trim().regex(/^@?[\w.-]{1,60}$/, 'a public handle such as @waveriders') }))
    .max(PLATFORMS.length)
    .refine((list) => new Set(list.map((h) => h.platform)).size === list.length, 'at most one handle per platform')
    .default([])
    .meta({ examples: [[{ platform: 'instagram', handle: '@waveriders' }]] }),
});

export const brandDetailsSchema = z.strictObject({
  website: webAddress.optional().meta({ examples: ['https://ocosurf.example'] }),
  promotions: z
    .array(promotion)
    .max(20)
    .optional()
    .meta({
      description: 'Pages or offers the posts link to, in turn',
      examples: [[{ name: 'Beginner surf lessons', url: 'https://ocosurf.example/lessons', offer: 'First lesson 20% off in April', utm: { campaign: 'spring-lessons' } }]],
    }),
  businessType: z.enum(['b2b', 'b2c', 'b2b2c']).optional().meta({ examples: ['b2c'] }),
  companySize: z.enum(['1-10', '11-50', '51-200', '201+']).optional().meta({ examples: ['1-10'] }),
  geographicReach: z.enum(['local', 'regional', 'national', 'international']).optional().meta({ examples: ['local'] }),
  locations: z.array(text(100)).max(20).optional().meta({ examples: [['Newquay', 'Cornwall']] }),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a language code such as en or en-GB'))
    .max(10)
    .optional()
    .meta({ examples: [['en-GB']] }),
  businessStage: z.enum(['startup', 'growth', 'established', 'enterprise']).optional().meta({ examples: ['growth'] }),
  audienceDetails: z
    .strictObject({
      ageMin: z.number().int().min(13).max(100).optional(),
      ageMax: z.number().int().min(13).max(100).optional(),
      demographics: text(500).optional(),
      interests: z.array(text(100)).max(30).default([]),
    })
    .refine((a) => a.ageMin === undefined || a.ageMax === undefined || a.ageMin <= a.ageMax, 'ageMin must not be above ageMax')
    .optional()
    .meta({ examples: [{ ageMin: 18, ageMax: 45, demographics: 'Holidaymakers and young families', interests: ['surfing', 'beach holidays'] }] }),
  tone: z.enum(['formal', 'conversational', 'inspirational', 'educational', 'entertaining']).optional().meta({ examples: ['conversational'] }),
  messagingStyle: z.enum(['direct', 'storytelling', 'data_driven', 'emotional', 'technical']).optional().meta({ examples: ['storytelling'] }),
  goalKpis: z
    .array(kpiGoal)
    .max(10)
    .optional()
    .meta({ description: 'Each goal with the KPI that measures it', examples: [[{ goal: 'More lesson bookings', kpi: 'Bookings from social links per month', target: '40 a month' }]] }),
  monthlyBudget: z
    .strictObject({ amount: z.number().min(0).max(10_000_000), currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code such as EUR') })
    .optional()
    .meta({ examples: [{ amount: 300, currency: 'GBP' }] }),
  approvalMinutesPerWeek: z.number().int().min(0).max(10_080).optional().meta({ description: 'Time the owner can give to approvals', examples: [60] }),
  platformPriorities: z
    .array(platformPriority)
    .max(PLATFORMS.length)
    .refine((list) => new Set(list.map((p) => p.platform)).size === list.length, 'each platform once')
    .optional()
    .meta({ examples: [[{ platform: 'instagram', rank: 1, postsPerWeek: 5 }, { platform: 'facebook', rank: 2, postsPerWeek: 3 }]] }),
  contentTypes: z.array(z.enum(CONTENT_KINDS)).max(CONTENT_KINDS.length).optional().meta({ examples: [['tip', 'behind_the_scenes', 'offer']] }),
  visualStyle: z
    .strictObject({
      primaryColour: hexColour.optional(),
      secondaryColour: hexColour.optional(),
      textColour: hexColour.optional(),
      logoMediaKey: z.string().max(120).refine(isIssuedMediaKey, 'must be the key of an image in this org\'s media store').optional(),
      mood: z.enum(['modern', 'classic', 'minimalist', 'bold', 'colourful']).optional(),
    })
    .optional()
    .meta({ examples: [{ primaryColour: '#0B4F6C', secondaryColour: '#F4D35E', textColour: '#FFFFFF', mood: 'bold' }] }),
  competitors: z
    .array(competitor)
    .max(10)
    .optional()
    .meta({ examples: [[{ name: 'Wave Riders Academy', handles: [{ platform: 'instagram', handle: '@waveriders' }] }]] }),
});
export type BrandDetails = z.infer<typeof brandDetailsSchema>;

/** Platforms whose captions make a pasted link clickable; Instagram and TikTok do not. */
export const LINK_PLATFORMS: readonly Platform[] = ['x', 'linkedin', 'facebook', 'youtube'];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'social';

/** The address with utm_* parameters: the promotion's own defaults first, then platform / social / its name. */
export function withUtm(url: string, platform: Platform, campaign: string, utm: UtmDefaults = {}): string {
  const address = new URL(url);
  const params: Record<string, string | undefined> = {
    utm_source: utm.source ?? platform,
    utm_medium: utm.medium ?? 'social',
    utm_campaign: utm.campaign ?? slug(campaign),
    utm_content: utm.content,
    utm_term: utm.term,
  };
  for (const [key, value] of Object.entries(params)) if (value && !address.searchParams.has(key)) address.searchParams.set(key, value);
  return address.toString();
}

export interface PostLink {
  url: string;
  /** What the link leads to, for the sentence before it ("Book beginner surf lessons"). */
  name: string;
  offer?: string;
}

/** The promotion a topic names ("Beginner surf lessons"), if any. */
export function promotionNamed(details: BrandDetails | undefined, topic: string) {
  return details?.promotions?.find((p) => p.name.trim().toLowerCase() === topic.trim().toLowerCase());
}

/**
 * The page a post promotes on a platform, or none where links do not work: the promotion its topic
 * names, else the promotions in turn, else the website.
 */
export function postLinkFor(details: BrandDetails | undefined, platform: Platform, topic: string, turn: number): PostLink | undefined {
  if (!details || !LINK_PLATFORMS.includes(platform)) return undefined;
  const promotions = details.promotions ?? [];
  if (promotions.length > 0) {
    const chosen = promotionNamed(details, topic) ?? promotions[Math.abs(turn) % promotions.length]!;
    return { url: withUtm(chosen.url, platform, chosen.name, chosen.utm), name: chosen.name, ...(chosen.offer && { offer: chosen.offer }) };
  }
  return details.website ? { url: withUtm(details.website, platform, 'website'), name: 'our website' } : undefined;
}

/** Posts a platform gets on a weekday (0 = Monday): its weekly count spread evenly over the week. */
function postsOnDay(postsPerWeek: number, weekday: number): number {
  return Math.floor(((weekday + 1) * postsPerWeek) / 7) - Math.floor((weekday * postsPerWeek) / 7);
}

/**
 * The day's posting slots, each with the platforms it goes to. With platform priorities, each
 * platform gets its posts per week spread over the week (platforms without a priority keep
 * `postsPerDay`), higher-ranked platforms first; without them, `postsPerDay` slots to every platform.
 */
export function postingSlots(platforms: readonly Platform[], details: BrandDetails | undefined, weekday: number, postsPerDay: number): Platform[][] {
  const priorities = details?.platformPriorities;
  if (!priorities?.length) return Array.from({ length: postsPerDay }, () => [...platforms]);
  const rankOf = (p: Platform) => priorities.find((x) => x.platform === p)?.rank ?? PLATFORMS.length + 1;
  const ordered = [...platforms].sort((a, b) => rankOf(a) - rankOf(b));
  const countOf = (p: Platform) => {
    const priority = priorities.find((x) => x.platform === p);
    return priority ? postsOnDay(priority.postsPerWeek, weekday) : postsPerDay;
  };
  const counts = new Map(ordered.map((p) => [p, countOf(p)]));
  const slots = Math.min(10, Math.max(0, ...counts.values()));
  return Array.from({ length: slots }, (_, slot) => ordered.filter((p) => counts.get(p)! > slot));
}

/** Monday = 0 for a YYYY-MM-DD date. */
export const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
