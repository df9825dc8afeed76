import { promotionNamed, type PostLink } from '../../../core/brand-profile.js';
import { withoutBreachingSentences } from '../../../core/content-restrictions.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import type { AgentProfile } from '../profile.js';
import { capitalised, contentKindOf, fillFor, PATTERNS, stableHash } from './patterns.js';
import { copyProblems } from './rules.js';
import type { PlatformCopy, PostContent } from './schemas.js';

/**
 * The offline writer for posts (no LLM key, or no usable answer): a pattern for the post's content
 * kind filled from the brand profile and the topic, the promoted page's link where the platform
 * makes links clickable, then trimmed until every platform rule and content restriction holds.
 * It never pastes the planner's brief: that is an instruction, not a post.
 */
export interface OfflinePostRequest {
  profile: AgentProfile;
  platforms: Platform[];
  post: { topic: string; brief: string; contentType: string; callToAction?: string };
  /** The page each platform's copy links to, with its UTM parameters (see linksForPost). */
  links?: Partial<Record<Platform, PostLink>>;
  abVariant: boolean;
  angle: 'main' | 'replacement' | 'emergency';
}

const HASHTAGS_PER_PLATFORM: Record<Platform, number> = { x: 2, linkedin: 3, facebook: 2, instagram: 8, tiktok: 4, youtube: 3 };

/** "small business tips" -> "SmallBusinessTips" */
export function asHashtag(phrase: string): string {
  return phrase
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function hashtagsFor(request: OfflinePostRequest, platform: Platform): string[] {
  const { profile, post } = request;
  const topicWords = post.topic.split(/\s+/).filter((w) => w.replace(/\W/g, '').length >= 5);
  const interests = profile.details?.audienceDetails?.interests ?? [];
  const place = profile.details?.locations?.[0] ?? '';
  const candidates = [post.topic.split(/\s+/).length <= 3 ? post.topic : '', ...topicWords, profile.industry, ...interests, place, profile.businessName]
    .map(asHashtag)
    .filter((tag) => tag.length >= 3 && tag.length <= 30);
  const unique = [...new Map(candidates.map((tag) => [tag.toLowerCase(), tag])).values()];
  return unique.filter((tag) => withoutBreachingSentences(tag, profile) === tag).slice(0, HASHTAGS_PER_PLATFORM[platform]);
}

/** What the reader should do next, by the post's kind and the brand's goals; a link line follows where there is one. */
function callToActionFor(request: OfflinePostRequest, platform: Platform): string {
  const { profile, post } = request;
  if (post.callToAction?.trim()) return post.callToAction.trim();
  const kind = contentKindOf(post.contentType);
  if (kind === 'question') return 'Drop your answer in the comments.';
  const goals = [...profile.goals, ...(profile.details?.goalKpis ?? []).flatMap((g) => [g.goal, g.kpi])].join(' ').toLowerCase();
  const link = request.links?.[platform];
  const linkInBio = !link && profile.details?.website && (platform === 'instagram' || platform === 'tiktok') ? ' Link in bio.' : '';
  if (/book|lesson|appointment|reservation|visit/.test(goals)) return `Book your place today.${linkInBio}`;
  if (/lead|consult|enquir|inquir|demo/.test(goals)) return `Get in touch and we will help you get started.${linkInBio}`;
  if (/sale|shop|revenue|order|buy/.test(goals)) return `Take a look at what we have for you.${linkInBio}`;
  if (link || linkInBio) return `Find out more.${linkInBio}`;
  if (/community|engag/.test(goals)) return 'Tell us what you think in the comments.';
  return `Follow ${profile.businessName} for more.`;
}

function fits(platform: Platform, text: string, hashtags: string[], title?: string): boolean {
  return validateDraft(platform, { text, hashtags, title, media: [] }).every((p) => !['text', 'hashtags', 'title'].includes(p.field));
}

/** The offer of the promotion the post is about (its topic is the promotion's name), on every platform. */
function offerOf(request: OfflinePostRequest): string | undefined {
  return promotionNamed(request.profile.details, request.post.topic)?.offer;
}

/** The pattern's sentences for this version of the post, without anything the restrictions forbid. */
export function postSentences(request: OfflinePostRequest, version: number): string[] {
  const { profile, post } = request;
  const kind = contentKindOf(post.contentType);
  const patterns = PATTERNS[kind];
  const pattern = patterns[(stableHash(`${kind}:${post.topic}`) + version) % patterns.length]!;
  return pattern(fillFor(profile, post.topic, offerOf(request)))
    .map((s) => withoutBreachingSentences(s, profile))
    .filter(Boolean);
}

/** Drops body sentences from the end until the platform accepts the length; the hook, CTA and link stay. */
function composeCopy(request: OfflinePostRequest, platform: Platform, version: number): PlatformCopy {
  const { profile, post } = request;
  const callToAction = withoutBreachingSentences(callToActionFor(request, platform), profile) || `Follow ${profile.businessName} for more.`;
  const [hook = `News from ${profile.businessName}.`, ...rest] = postSentences(request, version);
  const link = request.links?.[platform];
  const title = platform === 'youtube' ? capitalised(post.topic).replace(/[<>]/g, '').slice(0, 95) : undefined;
  let body = request.angle === 'emergency' || platform === 'x' ? rest.slice(0, 1) : rest;
  let hashtags = hashtagsFor(request, platform);
  const textOf = () => [hook, body.join(' '), callToAction, link?.url].filter(Boolean).join('\n\n');
  while (!fits(platform, textOf(), hashtags, title) && body.length > 0) body = body.slice(0, -1);
  while (!fits(platform, textOf(), hashtags, title) && hashtags.length > 0) hashtags = hashtags.slice(0, -1);
  return { platform, text: textOf(), hashtags, callToAction, ...(title && { title }) };
}

/** The card's headline: the hook when it is short, else the topic. */
function headlineOf(request: OfflinePostRequest, version: number): string {
  const hook = postSentences(request, version)[0] ?? '';
  return hook.length > 0 && hook.length <= 90 ? hook : capitalised(request.post.topic).slice(0, 90);
}

/** The image brief: subject from the topic, the brand's colours, mood and logo, no text in the image. */
function visualFor(request: OfflinePostRequest, version: number): PostContent['visual'] {
  const { profile, post } = request;
  const style = profile.details?.visualStyle;
  const colours = [style?.primaryColour, style?.secondaryColour].filter(Boolean).join(' and ');
  const place = profile.details?.locations?.[0];
  const mood = style?.mood ?? 'clean, natural';
  return {
    prompt: [
      `A ${mood} photograph for ${profile.businessName}, ${withoutBreachingSentences(profile.industry, profile)}${place ? ` in ${place}` : ''}: ${post.topic}.`,
      `People and setting that ${profile.audience} recognise.`,
      colours ? `Brand colours ${colours} in the scene.` : 'Brand-consistent colours.',
      style?.logoMediaKey ? 'Leave the bottom-right corner calm for the logo.' : '',
      'No text in the image.',
    ]
      .filter(Boolean)
      .join(' '),
    altText: `${capitalised(post.topic)} at ${profile.businessName}${place ? ` in ${place}` : ''}.`,
    style: [style?.mood, profile.brandVoice].filter(Boolean).join(', '),
    headline: headlineOf(request, version),
  };
}

const FIRST_VERSION = { main: 0, replacement: 1, emergency: 2 } as const;

export function writePostOffline(request: OfflinePostRequest): PostContent {
  const version = FIRST_VERSION[request.angle];
  const variants = request.platforms.map((p) => composeCopy(request, p, version));
  const alternatives = request.abVariant ? request.platforms.map((p) => composeCopy(request, p, version + 1)) : undefined;
  const unusable = [...variants, ...(alternatives ?? [])].flatMap((copy) => copyProblems(copy, request.profile));
  if (unusable.length > 0) throw new Error(`The offline writer could not make this post publishable: ${unusable.join('; ')}`);
  return { variants, ...(alternatives && { alternatives }), visual: visualFor(request, version) };
}
