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
  monthTheme?: string;
  learning?: unknown;
  /** The user's modify_strategy instructions when a presentation is regenerated. */
  instructions?: string;
}

export interface DailyInput extends TaskInput {
  date: string;
  postsPerDay: number;
  weekPlanForToday?: unknown;
  intelligence?: unknown;
}

function foreignPlatforms(profile: AgentProfile, platforms: string[]): string[] {
  const unknown = [...new Set(platforms.filter((p) => !(profile.platforms as string[]).includes(p)))];
  return unknown.length > 0 ? [`plans posts on ${unknown.join(', ')}, which the brand does not use (it uses ${profile.platforms.join(', ')})`] : [];
}

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
  prompt: loadPrompt('strategy.weekly', new URL('./prompts/weekly.v2.md', import.meta.url)),
  schema: weeklyStrategySchema,
  maxOutputTokens: 3500,
  repair: true,
  check: (output, input) => [
    ...output.days.flatMap((day, i) => (day.date === addDays(input.weekStart, i) ? [] : [`day ${i + 1} must be ${addDays(input.weekStart, i)}, not ${day.date}`])),
    ...foreignPlatforms(input.profile, output.days.flatMap((d) => d.posts.map((p) => p.platform))),
    ...breaches(input.profile, output.days.flatMap((d) => d.posts.map((p) => p.brief))),
  ],
  offline: (input) => weeklyStrategyOffline(input.profile, input.weekStart, input.postsPerDay, input.monthTheme ? [input.monthTheme] : []),
});

export const dailyPlanTask = defineTask<DailyInput, DailyPlan>({
  name: 'strategy.daily',
  tier: 'fast',
  prompt: loadPrompt('strategy.daily', new URL('./prompts/daily.v1.md', import.meta.url)),
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
      ...breaches(input.profile, output.posts.flatMap((p) => [p.topic, p.brief])),
    ];
  },
  offline: (input) => dailyPlanOffline(input.profile, input.date, input.postsPerDay),
});
