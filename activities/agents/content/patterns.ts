import { CONTENT_KINDS, type ContentKind } from '../../../core/brand-profile.js';
import type { AgentProfile } from '../profile.js';

/**
 * The offline writer's post patterns: per content kind, a few ways a small business would say it,
 * filled from the brand profile and the post's topic. The first sentence is the hook (and the
 * image card's headline); the others are the body, dropped from the end when a platform is short.
 */
export interface Fill {
  business: string;
  audience: string;
  topic: string;
  /** " in Newquay" or "". */
  place: string;
  /** The audience's first interest ("surfing"), when the profile names one. */
  interest?: string;
  offer?: string;
}

type Pattern = (f: Fill) => string[];

export const PATTERNS: Record<ContentKind, Pattern[]> = {
  tip: [
    (f) => [`Quick tip on ${f.topic}: start with the basics and build from there.`, `It is the advice we give ${f.audience} most often, and it works.`, `Small steps add up faster than you think.`],
    (f) => [`Here is what we tell everyone who asks us about ${f.topic}.`, `Plan a little, stay flexible, and ask when you are unsure.`, `It is how we help ${f.audience} every day.`],
    (f) => [`One habit that makes ${f.topic} easier: prepare the day before.`, `Five minutes of planning saves an hour of stress.`, `Our team at ${f.business} swears by it.`],
    (f) => [`Most people overthink ${f.topic}.`, `Pick one thing to get right this week and let the rest follow.`, `You will be surprised how much easier it feels.`],
  ],
  question: [
    (f) => [`What is the one thing you wish you had known sooner about ${f.topic}?`, `The best answers go into a future post.`],
    (f) => [`Quick question for ${f.audience}: when it comes to ${f.topic}, are you a planner or do you dive straight in?`, `We are curious how you do it.`],
    (f) => [`If you could change one thing about ${f.topic}, what would it be?`, `Your answers shape what we do next at ${f.business}.`],
    (f) => [`${capitalised(f.topic)}: what would make it easier for you?`, `Share your thoughts, the good and the bad.`],
  ],
  behind_the_scenes: [
    (f) => [`A look behind the scenes at ${f.business}: this week it is all about ${f.topic}.`, `It is the part of our work most people never see, and one of our favourites.`],
    (f) => [`Before anyone arrives, our team is already busy with ${f.topic}.`, `Getting the details right is what makes the day go smoothly for you.`],
    (f) => [`Morning at ${f.business}${f.place}: coffee, a plan for the day, and ${f.topic} at the top of the list.`, `This is what a normal day looks like for us.`],
    (f) => [`Meet the work behind ${f.topic}.`, `Every week our small team puts real care into it, so you do not have to think about it.`],
  ],
  offer: [
    (f) => [
      `${capitalised(f.topic)} at ${f.business}${f.place}, made for ${f.audience}.`,
      f.offer ? sentence(f.offer) : `Now is a great time to ${f.interest ? `get started with ${f.interest}` : 'pay us a visit'}.`,
    ],
    (f) => [`Good news for ${f.audience}: ${f.topic} is ready when you are.`, ...(f.offer ? [sentence(f.offer)] : []), `Spaces fill up quickly, so do not wait too long.`],
    (f) => [`Looking for ${f.topic}${f.place}?`, `${f.business} has you covered.`, ...(f.offer ? [sentence(f.offer)] : [])],
  ],
  story: [
    (f) => [`Why we do what we do: we want ${f.audience} to ${f.interest ? `enjoy ${f.interest} without the fuss` : 'feel looked after'}.`, `${capitalised(f.topic)} is a big part of that, and it is why ${f.business} exists.`],
    (f) => [`One thing we have learned running ${f.business}${f.place}: when it comes to ${f.topic}, simple beats clever.`, `It took us a few seasons to see it, and now it guides everything we do.`],
    (f) => [`Every business has a story, and ours starts with ${f.topic}.`, `We saw how much it mattered to ${f.audience}, so we built ${f.business} around it.`],
  ],
  announcement: [
    (f) => [`News from ${f.business}: ${f.topic}.`, `More details very soon, and as always we would love to see you.`],
    (f) => [`Something new for ${f.audience}: ${f.topic}.`, `We have been working on it for a while and cannot wait to share it.`],
    (f) => [`Mark your calendar: ${f.topic}, here at ${f.business}${f.place}.`, `Save the date and bring a friend.`],
  ],
};

const ALIASES: Record<string, ContentKind> = {
  educational: 'tip',
  tips: 'tip',
  howto: 'tip',
  community: 'question',
  poll: 'question',
  engagement: 'question',
  behindthescenes: 'behind_the_scenes',
  culture: 'behind_the_scenes',
  team: 'behind_the_scenes',
  product: 'offer',
  promotional: 'offer',
  promotion: 'offer',
  sale: 'offer',
  testimonial: 'story',
  storytelling: 'story',
  news: 'announcement',
  event: 'announcement',
  launch: 'announcement',
};

/** The plan's content type as one of the writer's kinds ("behind-the-scenes" -> behind_the_scenes, "educational" -> tip). */
export function contentKindOf(contentType: string): ContentKind {
  const key = contentType.toLowerCase().replace(/[^a-z]/g, '');
  const exact = CONTENT_KINDS.find((k) => k.replace(/_/g, '') === key);
  return exact ?? ALIASES[key] ?? CONTENT_KINDS[stableHash(key) % CONTENT_KINDS.length]!;
}

/** A small, stable string hash (FNV-1a), so the same post always gets the same pattern. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Capitalised and ending in a full stop (unless it already ends a sentence). */
export function sentence(text: string): string {
  const trimmed = capitalised(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "a tip", "an offer", "an hour": the article English puts before a word. */
export function withArticle(phrase: string): string {
  return /^(?:[aeio]|u(?!ni|se|su)|hour|honest)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

/** The fill-ins of a post: the topic as written (a sentence start lower-cased, except names), the profile's details. */
export function fillFor(profile: AgentProfile, topic: string, offer?: string): Fill {
  const details = profile.details;
  const cleanTopic = topic.trim().replace(/[.!?]+$/, '');
  const startsWithName = /^[A-Z][a-z]*[A-Z]|^[A-Z]{2}/.test(cleanTopic) || cleanTopic.startsWith(profile.businessName);
  return {
    business: profile.businessName,
    audience: profile.audience,
    topic: startsWithName ? cleanTopic : cleanTopic.charAt(0).toLowerCase() + cleanTopic.slice(1),
    place: details?.locations?.[0] ? ` in ${details.locations[0]}` : '',
    ...(details?.audienceDetails?.interests?.[0] && { interest: details.audienceDetails.interests[0] }),
    ...(offer && { offer }),
  };
}
