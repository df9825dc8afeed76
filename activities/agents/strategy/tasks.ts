import type { Platform } from '../../../core/platforms.js';
import { findRestrictionBreaches } from '../../../core/content-restrictions.js';
import { defineTask, loadPrompt, type TaskInput } from '../../llm/task.js';
import type { AgentProfile } from '../profile.js';
import { addDays, dailyPlanOffline, monthlyThemesOffline, weeklyStrategyOffline } from './offline.js';
import { dailyPlanSchema, monthlyThemesSchema, weeklyStrategySchema, type DailyPlan, type MonthlyThemes, type WeeklyStrategy } from './schemas.js';

export interface ThemesInput extends TaskInput {
  month: string;
  intelligence?: unknown;
  learning?: unknown;
}

export interface WeeklyInput extends TaskInput {
  weekStart: string;
  postsPerDay: number;
  /** From the profile's posting frequencies: per date, how many posts each platform gets. */
  postingSchedule?: Record<string, Partial<Record<Platform, number>>>;
  /** The month's theme for this week (title) and what it says (angle), from the 30-day themes. */
  monthTheme?: string;
  monthThemeAngle?: string;
  learning?: unknown;
  /** The user's modify_strategy instructions when a presentation is regenerated. */
  instructions?: string;
}

export interface DailyInput extends TaskInput {
  date: string;
  postsPerDay: number;
  /** From the profile's posting frequencies: the platforms of each of today's posts. */
  slots?: Platform[][];
  weekPlanForToday?: unknown;
  intelligence?: unknown;
}

function foreignPlatforms(profile: AgentProfile, platforms: string[]): string[] {
  const unknown = [...new Set(platforms.filter((p) => !(profile.platforms as string[]).includes(p)))];
  return unknown.length > 0 ? [`plans posts on ${unknown.join(', ')}, which the brand does not use (it uses ${profile.platforms.join(', ')})`] : [];
}

/** Per date, posts per platform; where it differs from the schedule, what to change. */
function frequencyProblems(schedule: Record<string, Partial<Record<Platform, number>>> | undefined, days: { date: string; platforms: string[] }[]): string[] {
  if (!schedule) return [];
  return days.flatMap(({ date, platforms }) =>
    Object.entries(schedule[date] ?? {}).flatMap(([platform, wanted]) => {
      const planned = platforms.filter((p) => p === platform).length;
      return planned === wanted ? [] : [`${date}: plan ${wanted} ${platform} post(s), not ${planned} (the brand's posting frequency)`];
    }),
  );
}

/** Posts per platform in each day's slots. */
export const countsOf = (slots: Platform[][]) => slots.flat().reduce<Partial<Record<Platform, number>>>((n, p) => ({ ...n, [p]: (n[p] ?? 0) + 1 }), {});

const breaches = (profile: AgentProfile, texts: string[]) => findRestrictionBreaches(texts.join('\n'), profile).map((b) => `the plan ${b}`);

export const monthlyThemesTask = defineTask<ThemesInput, MonthlyThemes>({
  name: 'strategy.themes',
  tier: 'smart',
  prompt: loadPrompt('strategy.themes', new URL('./prompts/themes.v1.md', import.meta.url)),
  schema: monthlyThemesSchema,
  maxOutputTokens: 1200,
  repair: true,
  check: (output, input) => [
    ...(output.month === input.month ? [] : [`month must be ${input.month}`]),
    ...breaches(input.profile, output.themes.flatMap((t) => [t.title, t.angle])),
  ],
  offline: (input) => monthlyThemesOffline(input.profile, input.month),
});

export const weeklyStrategyTask = defineTask<WeeklyInput, WeeklyStrategy>({
  name: 'strategy.weekly',
  tier: 'smart',
  prompt: loadPrompt('strategy.weekly', new URL('./prompts/weekly.v3.md', import.meta.url)),
  schema: weeklyStrategySchema,
  maxOutputTokens: 3500,
  repair: true,
  check: (output, input) => [
    ...output.days.flatMap((day, i) => (day.date === addDays(input.weekStart, i) ? [] : [`day ${i + 1} must be ${addDays(input.weekStart, i)}, not ${day.date}`])),
    ...foreignPlatforms(input.profile, output.days.flatMap((d) => d.posts.map((p) => p.platform))),
    ...frequencyProblems(input.postingSchedule, output.days.map((d) => ({ date: d.date, platforms: d.posts.map((p) => p.platform) }))),
    ...breaches(input.profile, output.days.flatMap((d) => d.posts.map((p) => p.brief))),
  ],
  offline: (input) => weeklyStrategyOffline(input.profile, input.weekStart, input.postsPerDay, input.monthTheme ? [input.monthTheme] : []),
});

export const dailyPlanTask = defineTask<DailyInput, DailyPlan>({
  name: 'strategy.daily',
  tier: 'fast',
  prompt: loadPrompt('strategy.daily', new URL('./prompts/daily.v2.md', import.meta.url)),
  schema: dailyPlanSchema,
  maxOutputTokens: 900,
  repair: true,
  check: (output, input) => {
    const times = output.posts.map((p) => p.time);
    return [
      ...(output.date === input.date ? [] : [`date must be ${input.date}`]),
      ...(output.posts.length === input.postsPerDay ? [] : [`plan exactly ${input.postsPerDay} posts, not ${output.posts.length}`]),
      ...(new Set(times).size === times.length ? [] : ['two posts share a time']),
      ...foreignPlatforms(input.profile, output.posts.flatMap((p) => p.platforms)),
      ...frequencyProblems(input.slots && { [input.date]: countsOf(input.slots) }, [{ date: output.date, platforms: output.posts.flatMap((p) => p.platforms) }]),
      ...breaches(input.profile, output.posts.flatMap((p) => [p.topic, p.brief])),
    ];
  },
  offline: (input) => dailyPlanOffline(input.profile, input.date, input.postsPerDay),
});
