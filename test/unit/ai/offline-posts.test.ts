import { describe, expect, it } from 'vitest';
import { competitorsOf } from '../../../activities/agents/activities.js';
import { writePostOffline } from '../../../activities/agents/content/offline.js';
import { linksForPost } from '../../../activities/agents/content/tasks.js';
import type { AgentProfile } from '../../../activities/agents/profile.js';
import { addDays, dailyPlanOffline, weeklyStrategyOffline } from '../../../activities/agents/strategy/offline.js';
import { textLength } from '../../../core/platform-rules/index.js';
import { bakeryProfile, clinicProfile } from '../../support/ai.js';

const surfSchool: AgentProfile = {
  businessName: 'O Co',
  industry: 'Surf school',
  audience: 'tourists and families on holiday',
  brandVoice: 'warm and encouraging',
  goals: ['lesson bookings'],
  platforms: ['instagram', 'facebook', 'x', 'linkedin'],
  contentRestrictions: ['Never promise perfect waves'],
  timeZone: 'Europe/London',
  details: {
    website: 'https://ocosurf.example',
    promotions: [
      { name: 'Beginner surf lessons', url: 'https://ocosurf.example/lessons?ref=home', offer: 'First lesson 20% off in April', utm: { campaign: 'spring-lessons' } },
      { name: 'Family surf days', url: 'https://ocosurf.example/family' },
    ],
    locations: ['Newquay'],
    audienceDetails: { interests: ['surfing', 'beach holidays'] },
    visualStyle: { primaryColour: '#0B4F6C', secondaryColour: '#F4D35E', mood: 'bold' },
    competitors: [{ name: 'Wave Riders Academy', handles: [{ platform: 'instagram', handle: 'waveriders' }] }],
  },
};

/** The plan's instructions to the writer; a post that carries them was pasted, not written. */
const INSTRUCTION_WORDS = /\b(share a|share an|keep it|connect it to|post from|in service of|serves the goal|write a|brief)\b/i;
/** "a educational", "an tip": the article does not match the word. */
const WRONG_ARTICLE = /\b(a [aeio]\w|an [bcdfgjklmnpqrstvwxyz]\w)/i;

const WEEK_START = '2026-12-07';

/** A week of offline daily plans, each post written offline for its platforms. */
function offlineWeek(profile: AgentProfile, postsPerDay = 3) {
  return Array.from({ length: 7 }, (_, day) => dailyPlanOffline(profile, addDays(WEEK_START, day), postsPerDay)).flatMap((plan) =>
    plan.posts.map((post) => ({ post, content: writePostOffline({ profile, platforms: post.platforms, post, links: linksForPost(profile, post.platforms, post), abVariant: true, angle: 'main' }) })),
  );
}

describe.each([
  ['a surf school with a full profile', surfSchool],
  ['a bakery with only the required fields', bakeryProfile],
  ['a clinic with only the required fields', clinicProfile],
])('a week of offline posts for %s', (_label, profile) => {
  const week = offlineWeek(profile);
  const copies = week.flatMap(({ post, content }) => [...content.variants, ...(content.alternatives ?? [])].map((copy) => ({ post, copy })));

  it('never repeats the brief or carries instruction words, and uses the right article', () => {
    for (const { post, copy } of copies) {
      expect(copy.text).not.toContain(post.brief);
      expect(copy.text).not.toMatch(INSTRUCTION_WORDS);
      expect(copy.text).not.toMatch(WRONG_ARTICLE);
    }
  });

  it('has no two posts alike on any platform, and varies the content kind', () => {
    for (const platform of profile.platforms) {
      const texts = week.map(({ content }) => content.variants.find((v) => v.platform === platform)?.text).filter(Boolean);
      expect(new Set(texts).size, platform).toBe(texts.length);
      const hooks = texts.map((t) => t!.split('\n')[0]);
      expect(new Set(hooks).size, `${platform} openings`).toBe(hooks.length);
    }
    expect(new Set(week.map(({ post }) => post.contentType))).toEqual(new Set(['tip', 'question', 'behind_the_scenes', 'offer', 'story', 'announcement']));
  });

  it('gives every post a headline for its image, not a description of the image', () => {
    for (const { content } of week) {
      expect(content.visual.headline!.length).toBeLessThanOrEqual(90);
      expect(content.visual.headline).not.toMatch(/^Image for/);
    }
  });
});

describe('links in offline posts', () => {
  const week = offlineWeek(surfSchool);

  it('carry the promoted page with UTM parameters where the platform makes links clickable, counted by its rules', () => {
    for (const { content } of week) {
      for (const copy of content.variants) {
        if (copy.platform === 'instagram') {
          expect(copy.text).not.toContain('http');
          if (!copy.text.includes('comments')) expect(copy.callToAction).toContain('Link in bio');
          continue;
        }
        const url = copy.text.match(/https:\/\/\S+/)?.[0];
        expect(url, copy.platform).toBeDefined();
        const params = new URL(url!).searchParams;
        expect(params.get('utm_source')).toBe(copy.platform);
        expect(params.get('utm_medium')).toBe('social');
        expect(['spring-lessons', 'family-surf-days']).toContain(params.get('utm_campaign'));
        // The call to action comes before the link, the link ends the text.
        expect(copy.text.endsWith(url!)).toBe(true);
        expect(copy.text.indexOf(copy.callToAction)).toBeLessThan(copy.text.indexOf(url!));
        const { used, max } = textLength(copy.platform, copy);
        expect(used).toBeLessThanOrEqual(max);
      }
    }
  });

  it('keep the page\'s own query parameters and count 23 on X however long the address is', () => {
    const post = { topic: 'beginner surf lessons', brief: 'An offer.', contentType: 'offer' };
    const links = linksForPost(surfSchool, ['x'], post);
    expect(links.x!.url).toMatch(/[?&]ref=home/);
    const x = writePostOffline({ profile: surfSchool, platforms: ['x'], post, links, abVariant: false, angle: 'main' }).variants[0]!;
    const longer = { ...x, text: x.text.replace(links.x!.url, `https://ocosurf.example/${'p'.repeat(200)}`) };
    expect(textLength('x', longer).used).toBe(textLength('x', x).used);
    expect(textLength('x', x).used).toBeLessThanOrEqual(280);
  });

  it('are left out when the profile has no website or promotions', () => {
    expect(linksForPost(bakeryProfile, ['x', 'facebook'], { topic: 'bread', brief: 'A tip.', contentType: 'tip' })).toEqual({});
  });
});

describe('the profile drives the offline plan', () => {
  const weekly = { ...surfSchool, details: { ...surfSchool.details, platformPriorities: [{ platform: 'instagram' as const, rank: 1, postsPerWeek: 5 }, { platform: 'facebook' as const, rank: 2, postsPerWeek: 3 }, { platform: 'x' as const, rank: 3, postsPerWeek: 0 }] } };

  it('posts each platform as often a week as its posting frequency says', () => {
    const days = Array.from({ length: 7 }, (_, d) => dailyPlanOffline(weekly, addDays(WEEK_START, d), 3));
    const count = (p: string) => days.flatMap((d) => d.posts).filter((post) => post.platforms.includes(p as never)).length;
    expect({ instagram: count('instagram'), facebook: count('facebook'), x: count('x'), linkedin: count('linkedin') }).toEqual({ instagram: 5, facebook: 3, x: 0, linkedin: 21 });
    const strategy = weeklyStrategyOffline(weekly, WEEK_START, 3, []);
    const planned = (p: string) => strategy.days.flatMap((d) => d.posts).filter((post) => post.platform === p).length;
    expect({ instagram: planned('instagram'), facebook: planned('facebook'), x: planned('x') }).toEqual({ instagram: 5, facebook: 3, x: 0 });
  });

  it('uses only the preferred content types', () => {
    const preferring = { ...surfSchool, details: { ...surfSchool.details, contentTypes: ['tip' as const, 'offer' as const] } };
    const types = new Set(Array.from({ length: 7 }, (_, d) => dailyPlanOffline(preferring, addDays(WEEK_START, d), 2)).flatMap((p) => p.posts.map((x) => x.contentType)));
    expect(types).toEqual(new Set(['tip', 'offer']));
  });

  it('puts the brand colours and mood in the image brief', () => {
    const { content } = offlineWeek(surfSchool)[0]!;
    expect(content.visual.prompt).toContain('#0B4F6C and #F4D35E');
    expect(content.visual.prompt).toMatch(/^A bold photograph/);
  });

  it('hands the competitors with their public handles to the intelligence agent', () => {
    expect(competitorsOf(surfSchool)).toEqual(['Wave Riders Academy (instagram @waveriders)']);
  });
});
