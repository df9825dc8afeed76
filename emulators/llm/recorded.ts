import type { Platform } from '../../core/platforms.js';
import { offlineWriterResponder } from './responder.js';
import type { Responder } from './state.js';

/**
 * Answers shaped the way hosted models answer Herald's prompts, in place of Herald's own offline
 * writer: a sentence before the JSON, a ```json fence around it, the model's own wording and
 * hashtag habits. Filled from the prompt's input (dates, platforms, refs, links) so they pass the
 * task's checks; a test that must see a bad answer scripts one of RECORDED_FAULTS.
 */

type Input = Record<string, unknown>;
type Profile = { businessName?: string; platforms?: Platform[] } | null;
const fence = (preface: string, json: unknown) => `${preface}\n\n\`\`\`json\n${JSON.stringify(json, null, 2)}\n\`\`\``;
const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.length > 0 ? v : fallback);

/** The copy a model writes for one platform; X stays well inside 280 characters, YouTube and TikTok get a title. */
function platformCopy(platform: Platform, topic: string, business: string, link?: string) {
  const opener = platform === 'linkedin' ? `At ${business}, we've been thinking about ${topic.toLowerCase()}.` : `${topic} — you asked, we listened! ✨`;
  const body = platform === 'x' ? 'Come say hi this week.' : `Here's what's new at ${business} and why we think you'll love it. Drop by, ask us anything, and tell us what you think in the comments.`;
  const cta = platform === 'linkedin' ? 'Read more on our site' : 'Visit us this week';
  return {
    platform,
    text: [opener, body, link, `${cta}.`].filter(Boolean).join(' '),
    hashtags: platform === 'linkedin' ? ['SmallBusiness'] : ['ShopLocal', 'SmallBusiness'],
    callToAction: cta,
    ...(platform === 'youtube' || platform === 'tiktok' ? { title: `${topic} at ${business}`.slice(0, 90) } : {}),
  };
}

function postAnswer(input: Input, profile: Profile): string {
  const platforms = (input.platforms as Platform[] | undefined) ?? [];
  const post = (input.post as { topic?: string } | undefined) ?? {};
  const topic = str(post.topic, 'This week');
  const business = str(profile?.businessName, 'our shop');
  const links = (input.links as Partial<Record<Platform, { url: string }>> | undefined) ?? {};
  const variants = platforms.map((p) => platformCopy(p, topic, business, links[p]?.url));
  const alternatives = input.abVariant
    ? platforms.map((p) => ({ ...platformCopy(p, topic, business, links[p]?.url), text: `Quick question: have you tried ${topic.toLowerCase()} yet? ${links[p]?.url ?? ''} Visit us this week.`.replace(/\s+/g, ' ') }))
    : undefined;
  return fence("Here's the post, adapted for each platform you selected:", {
    variants,
    ...(alternatives ? { alternatives } : {}),
    visual: {
      prompt: `Warm, natural-light photo of ${topic.toLowerCase()} on a wooden counter, shallow depth of field, no text`,
      altText: `${topic} on a wooden counter in soft morning light`,
      style: 'lifestyle photography',
      headline: topic.slice(0, 90),
    },
  });
}

function dailyAnswer(input: Input, profile: Profile): string {
  const count = Number(input.postsPerDay ?? 0);
  const slots = (input.slots as Platform[][] | undefined) ?? [];
  const platforms = profile?.platforms?.length ? profile.platforms : (['linkedin'] as Platform[]);
  const topics = ['Behind the counter', 'Meet the team', 'Customer favourite', 'Weekend special', 'Ask us anything'];
  const posts = Array.from({ length: count }, (_, i) => ({
    time: `${String(9 + 3 * i).padStart(2, '0')}:30`,
    platforms: slots[i] ?? platforms,
    contentType: i % 2 ? 'engagement' : 'behind_the_scenes',
    topic: topics[i % topics.length]!,
    brief: `Show a real moment from ${str(profile?.businessName, 'the business')}. Keep it warm and specific, and invite replies.`,
  }));
  return fence(`Sure! Here's a plan for ${str(input.date, 'today')}:`, { date: input.date, posts });
}

function intelligenceAnswer(input: Input): string {
  const performance = input.performance as { posts?: number; engagementRate?: number; byPlatform?: { key: string }[] } | undefined;
  const posts = performance?.posts ?? 0;
  const best = performance?.byPlatform?.[0]?.key;
  const summary = posts > 0
    ? `Looking at your last ${posts} posts, engagement averaged ${((performance?.engagementRate ?? 0) * 100).toFixed(1)}%${best ? `, with ${best} performing best` : ''}.`
    : `Not enough history before ${str(input.date, 'today')} to compare platforms yet.`;
  return fence('Based on the data provided, here is my analysis:', {
    trends: [{ topic: 'Seasonal local shopping', relevance: 7, why: 'Searches for local gifts rise through the month.', hashtags: ['ShopLocal'] }],
    competitorActivity: [],
    ownPerformance: { summary, ...(best ? { bestPlatform: best } : {}), topHashtags: [] },
    opportunities: ['Post behind-the-scenes moments in the morning slot'],
  });
}

function optimiseAnswer(input: Input): string {
  const posts = (input.posts as { ref: string }[] | undefined) ?? [];
  return fence('Here are my suggested adjustments:', {
    adjustments: posts.map((p, i) => ({ ref: p.ref, shiftMinutes: i % 2 ? -15 : 10, hashtags: ['ShopLocal'], reason: 'Slightly closer to when this audience is most active.' })),
  });
}

const BY_TASK: Record<string, (input: Input, profile: Profile) => string> = {
  'content.post': postAnswer,
  'strategy.daily': dailyAnswer,
  'intelligence.brief': intelligenceAnswer,
  'optimise.schedule': optimiseAnswer,
};

/** The default answer: a recorded-style model answer for the daily cycle's tasks; other tasks the offline writer's output, fenced as a model would. */
export const recordedResponder: Responder = (request) => {
  const answer = BY_TASK[request.task];
  if (answer) return answer((request.input ?? {}) as Input, request.profile as Profile);
  return fence('Here you go:', JSON.parse(offlineWriterResponder(request)));
};

/** Bad answers models really give, to script with `{ kind: 'text', text }`. */
export const RECORDED_FAULTS = {
  /** Cut off at the output limit mid-object. */
  malformedJson: '```json\n{\n  "variants": [\n    {\n      "platform": "x",\n      "text": "Fresh out of the oven and',
  /** A safety refusal instead of JSON. */
  refusal: "I'm sorry, but I can't help with creating that content. If you'd like, I can help you write a post about something else.",
  /** An X post far over 280 characters, otherwise well formed. */
  tooLongCopy: (platforms: Platform[]) =>
    fence("Here's the post:", {
      variants: platforms.map((platform) => ({
        platform,
        text: `${'We are so excited to share something truly special with all of you today, our wonderful community. '.repeat(5)}Visit us this week.`,
        hashtags: ['ShopLocal'],
        callToAction: 'Visit us this week',
        ...(platform === 'youtube' || platform === 'tiktok' ? { title: 'Something special' } : {}),
      })),
      visual: { prompt: 'A bright storefront in the morning, no text', altText: 'The shop front in morning light', style: 'photo' },
    }),
};
