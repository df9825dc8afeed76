import { withoutBreachingSentences } from '../../../core/content-restrictions.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import type { AgentProfile } from '../profile.js';
import { copyProblems } from './rules.js';
import type { PlatformCopy, PostContent } from './schemas.js';

/**
 * The offline writer for posts: composes copy from the brand profile and the day's brief with
 * fixed templates, then trims until every platform rule and content restriction holds. Its posts
 * are plain but publishable; the gateway marks them offline-written.
 */
export interface OfflinePostRequest {
  profile: AgentProfile;
  platforms: Platform[];
  post: { topic: string; brief: string; contentType: string; callToAction?: string };
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
  const candidates = [post.topic.split(/\s+/).length <= 3 ? post.topic : '', ...topicWords, profile.industry, profile.businessName]
    .map(asHashtag)
    .filter((tag) => tag.length >= 3 && tag.length <= 30);
  const unique = [...new Map(candidates.map((tag) => [tag.toLowerCase(), tag])).values()];
  return unique.filter((tag) => withoutBreachingSentences(tag, profile) === tag).slice(0, HASHTAGS_PER_PLATFORM[platform]);
}

function callToActionFor(profile: AgentProfile, requested?: string): string {
  if (requested?.trim()) return requested.trim();
  const goals = profile.goals.join(' ').toLowerCase();
  if (/lead|consult|booking|appointment/.test(goals)) return 'Get in touch to book a conversation with our team.';
  if (/sale|shop|revenue|order/.test(goals)) return 'Take a look at what we offer today.';
  if (/community|engag/.test(goals)) return 'Tell us what you think in the comments.';
  return `Follow ${profile.businessName} for more.`;
}

function openingFor(profile: AgentProfile, topic: string, angle: 'main' | 'alternative'): string {
  if (angle === 'alternative') return `What does ${topic} mean for ${profile.audience}?`;
  const voice = profile.brandVoice.toLowerCase();
  if (/playful|casual|friendly|fun|humor/.test(voice)) return `Quick one on ${topic}!`;
  if (/inspir|warm|caring/.test(voice)) return `${topic}: a note for ${profile.audience}.`;
  return `${topic}.`;
}

const sentencesOf = (text: string) => (text.match(/[^.!?]+[.!?]*/g) ?? []).map((s) => s.trim()).filter(Boolean);

function fits(platform: Platform, text: string, hashtags: string[], title?: string): boolean {
  return validateDraft(platform, { text, hashtags, title, media: [] }).every((p) => !['text', 'hashtags', 'title'].includes(p.field));
}

/** Drops body sentences from the end until the platform accepts the length; the opening and CTA stay. */
function composeCopy(request: OfflinePostRequest, platform: Platform, angle: 'main' | 'alternative'): PlatformCopy {
  const { profile, post } = request;
  const callToAction = withoutBreachingSentences(callToActionFor(profile, post.callToAction), profile) || `Follow ${profile.businessName} for more.`;
  const opening = withoutBreachingSentences(openingFor(profile, post.topic, angle), profile) || `From ${profile.businessName}.`;
  const title = platform === 'youtube' ? post.topic.replace(/[<>]/g, '').slice(0, 95) : undefined;
  let body = sentencesOf(withoutBreachingSentences(post.brief, profile));
  if (request.angle === 'emergency' || platform === 'x') body = body.slice(0, 1);
  let hashtags = hashtagsFor(request, platform);
  const textOf = () => [opening, body.join(' '), callToAction].filter(Boolean).join('\n\n');
  while (!fits(platform, textOf(), hashtags, title) && body.length > 0) body = body.slice(0, -1);
  while (!fits(platform, textOf(), hashtags, title) && hashtags.length > 0) hashtags = hashtags.slice(0, -1);
  return { platform, text: textOf(), hashtags, callToAction, ...(title && { title }) };
}

export function writePostOffline(request: OfflinePostRequest): PostContent {
  const firstAngle = request.angle === 'replacement' ? 'alternative' : 'main';
  const variants = request.platforms.map((p) => composeCopy(request, p, firstAngle));
  const alternatives = request.abVariant ? request.platforms.map((p) => composeCopy(request, p, firstAngle === 'main' ? 'alternative' : 'main')) : undefined;
  const unusable = [...variants, ...(alternatives ?? [])].flatMap((copy) => copyProblems(copy, request.profile));
  if (unusable.length > 0) throw new Error(`The offline writer could not make this brief publishable: ${unusable.join('; ')}`);
  const { profile, post } = request;
  return {
    variants,
    ...(alternatives && { alternatives }),
    visual: {
      prompt: `A ${post.contentType} social media visual for ${profile.businessName} (${profile.industry}) about "${post.topic}". Clean composition, brand-consistent colours, a tone that is ${profile.brandVoice}. No text in the image.`,
      altText: `Image for ${profile.businessName}'s post about ${post.topic}.`,
      style: profile.brandVoice,
    },
  };
}
