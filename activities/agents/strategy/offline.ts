import { CONTENT_KINDS, postingSlots, weekdayOf, type ContentKind } from '../../../core/brand-profile.js';
import type { Platform } from '../../../core/platforms.js';
import { capitalised, withArticle } from '../content/patterns.js';
import type { AgentProfile } from '../profile.js';
import type { DailyPlan, MonthlyThemes, WeeklyStrategy } from './schemas.js';

/**
 * Offline planning templates: a month arc, a week and a day built from the profile's goals,
 * industry and platforms, with the platforms' usual peak hours. Used when no provider answers.
 */
const PEAK_TIMES = ['09:00', '12:30', '17:30', '19:30', '08:00', '11:00', '14:00', '15:30', '18:30', '21:00'];
/** Industry-wide median engagement rate, used as the prediction when Herald has no data of its own. */
const BASELINE_ENGAGEMENT = 0.02;

const goalOf = (profile: AgentProfile, index: number) => profile.goals[index % Math.max(profile.goals.length, 1)] ?? 'brand awareness';

export function monthlyThemesOffline(profile: AgentProfile, month: string): MonthlyThemes {
  const arc = ['Who we are and who we serve', 'How we help, shown in practice', 'Proof from people like you', 'Your next step with us'];
  return {
    month,
    themes: arc.map((title, i) => ({
      week: i + 1,
      title,
      angle: `${title} for ${profile.audience}, written ${profile.brandVoice}, in service of ${goalOf(profile, i)}.`,
      contentTypes: [CONTENT_KINDS[i % CONTENT_KINDS.length]!, CONTENT_KINDS[(i + 1) % CONTENT_KINDS.length]!],
    })),
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Topics per content kind, from the profile: each reads as the noun phrase the writer's patterns expect. */
function topicsFor(profile: AgentProfile, kind: ContentKind): string[] {
  // Industries are often categories ("Food & Beverage"), so topics never use one as a noun.
  const interest = profile.details?.audienceDetails?.interests?.[0];
  const promotions = (profile.details?.promotions ?? []).map((p) => p.name.charAt(0).toLowerCase() + p.name.slice(1));
  const withInterest = (phrases: (i: string) => string[]) => (interest ? phrases(interest) : []);
  const pools: Record<ContentKind, string[]> = {
    tip: [...withInterest((i) => [`getting started with ${i}`, `${i} when the week is busy`]), 'planning ahead', 'your first visit', 'making the most of your time', 'asking the right questions'],
    question: [...withInterest((i) => [i, `your first try at ${i}`]), 'planning your week', 'trying something new', 'finding time for yourself', 'what makes a great first visit'],
    behind_the_scenes: ['preparing for a busy week', 'the little details our customers notice', 'keeping everything in top shape', 'planning the next season'],
    offer: [...promotions, ...withInterest((i) => [`${i} that fits your schedule`]), 'help you can trust', 'a friendly team', 'a warm welcome', 'service with a personal touch'],
    story: [withInterest((i) => [`a love of ${i}`])[0] ?? 'a love of what we do', 'good service', 'listening to our customers', 'doing things the right way'],
    announcement: [...promotions, 'our plans for the coming month', 'new dates for the season', 'our opening times for the holidays', 'a small change to how we work'],
  };
  return pools[kind];
}

const KIND_LABEL: Record<ContentKind, string> = {
  tip: 'practical tip',
  question: 'question to the audience',
  behind_the_scenes: 'behind-the-scenes post',
  offer: 'offer',
  story: 'short brand story',
  announcement: 'announcement',
};

/** The n-th post of the week: content kinds in turn (the profile's preferred ones, else all six), topics from the profile. */
function topicFor(profile: AgentProfile, n: number): { topic: string; contentType: ContentKind; brief: string } {
  const kinds = profile.details?.contentTypes?.length ? profile.details.contentTypes : CONTENT_KINDS;
  const contentType = kinds[n % kinds.length]!;
  const pool = topicsFor(profile, contentType);
  const topic = pool[Math.floor(n / kinds.length) % pool.length]!.slice(0, 80);
  const goal = goalOf(profile, n);
  return {
    topic,
    contentType,
    brief: `${capitalised(withArticle(KIND_LABEL[contentType]))} about ${topic}, for ${profile.audience}; it serves the goal "${goal}".`,
  };
}

/** The week's posting slots, day by day (Monday first), and the number of posts before each day. */
function weekSlots(profile: AgentProfile, postsPerDay: number): { slots: Platform[][]; before: number }[] {
  let before = 0;
  return Array.from({ length: 7 }, (_, weekday) => {
    const slots = postingSlots(profile.platforms, profile.details, weekday, postsPerDay);
    const day = { slots, before };
    before += slots.length;
    return day;
  });
}

export function weeklyStrategyOffline(profile: AgentProfile, weekStart: string, postsPerDay: number, themes: string[]): WeeklyStrategy {
  const week = weekSlots(profile, postsPerDay);
  return {
    weekStart,
    themes: themes.length > 0 ? themes.slice(0, 3) : [`${profile.industry} know-how for ${profile.audience}`],
    days: Array.from({ length: 7 }, (_, day) => {
      const date = addDays(weekStart, day);
      const { slots, before } = week[weekdayOf(date)]!;
      return {
        date,
        posts: slots.flatMap((platforms, slot) => {
          const { contentType, brief } = topicFor(profile, before + slot);
          return platforms.map((platform) => ({ platform, time: PEAK_TIMES[slot % PEAK_TIMES.length]!, contentType, brief, predictedEngagementRate: BASELINE_ENGAGEMENT, confidence: 0.3 }));
        }),
      };
    }),
  };
}

export function dailyPlanOffline(profile: AgentProfile, date: string, postsPerDay: number): DailyPlan {
  const { slots, before } = weekSlots(profile, postsPerDay)[weekdayOf(date)]!;
  return {
    date,
    posts: slots.map((platforms, slot) => ({ time: PEAK_TIMES[slot % PEAK_TIMES.length]!, platforms, ...topicFor(profile, before + slot) })),
  };
}
