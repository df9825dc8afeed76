import type { Platform } from '../../../core/platforms.js';
import type { AgentProfile } from '../profile.js';
import type { DailyPlan, MonthlyThemes, WeeklyStrategy } from './schemas.js';

/**
 * Offline planning templates: a month arc, a week and a day built from the profile's goals,
 * industry and platforms, with the platforms' usual peak hours. Used when no provider answers.
 */
const CONTENT_TYPES = ['educational', 'behind-the-scenes', 'product', 'community'];
const PEAK_TIMES = ['09:00', '12:30', '17:30', '19:30', '08:00'];
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
      contentTypes: [CONTENT_TYPES[i % CONTENT_TYPES.length]!, CONTENT_TYPES[(i + 1) % CONTENT_TYPES.length]!],
    })),
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function topicFor(profile: AgentProfile, dayIndex: number, slot: number): { topic: string; contentType: string; brief: string } {
  const contentType = CONTENT_TYPES[(dayIndex + slot) % CONTENT_TYPES.length]!;
  const goal = goalOf(profile, dayIndex + slot);
  const topic = `${profile.industry} ${contentType === 'educational' ? 'tips' : contentType} for ${profile.audience}`.slice(0, 80);
  return {
    topic,
    contentType,
    brief: `Share a ${contentType} post from ${profile.businessName} that helps ${profile.audience}. Keep it ${profile.brandVoice} and connect it to ${goal}.`,
  };
}

export function weeklyStrategyOffline(profile: AgentProfile, weekStart: string, postsPerDay: number, themes: string[]): WeeklyStrategy {
  return {
    weekStart,
    themes: themes.length > 0 ? themes.slice(0, 3) : [`${profile.industry} know-how for ${profile.audience}`],
    days: Array.from({ length: 7 }, (_, day) => ({
      date: addDays(weekStart, day),
      posts: Array.from({ length: postsPerDay }, (_, slot) => {
        const platform: Platform = profile.platforms[(day + slot) % profile.platforms.length]!;
        const { contentType, brief } = topicFor(profile, day, slot);
        return { platform, time: PEAK_TIMES[slot % PEAK_TIMES.length]!, contentType, brief, predictedEngagementRate: BASELINE_ENGAGEMENT, confidence: 0.3 };
      }),
    })),
  };
}

export function dailyPlanOffline(profile: AgentProfile, date: string, postsPerDay: number): DailyPlan {
  const dayIndex = new Date(`${date}T00:00:00Z`).getUTCDay();
  return {
    date,
    posts: Array.from({ length: postsPerDay }, (_, slot) => ({
      time: PEAK_TIMES[slot % PEAK_TIMES.length]!,
      platforms: profile.platforms,
      ...topicFor(profile, dayIndex, slot),
    })),
  };
}
