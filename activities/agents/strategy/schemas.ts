import { z } from 'zod';
import { PLATFORMS } from '../../../core/platforms.js';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM');

export const monthlyThemesSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  themes: z
    .array(
      z.object({
        week: z.number().int().min(1).max(5),
        title: z.string().min(3),
        angle: z.string().min(10).describe('What the week says and why it serves the goals'),
        contentTypes: z.array(z.string().min(2)).min(1),
      }),
    )
    .min(4)
    .max(5),
});
export type MonthlyThemes = z.infer<typeof monthlyThemesSchema>;

export const weeklyStrategySchema = z.object({
  weekStart: localDate,
  themes: z.array(z.string().min(3)).min(1).max(3),
  days: z
    .array(
      z.object({
        date: localDate,
        posts: z.array(
          z.object({
            platform: z.enum(PLATFORMS),
            time: localTime,
            contentType: z.string().min(2),
            brief: z.string().min(10),
            predictedEngagementRate: z.number().min(0).max(1).describe('Expected engagements / impressions, e.g. 0.035'),
            confidence: z.number().min(0).max(1),
          }),
        ),
      }),
    )
    .length(7),
});
export type WeeklyStrategy = z.infer<typeof weeklyStrategySchema>;

export const dailyPlanSchema = z.object({
  date: localDate,
  posts: z
    .array(
      z.object({
        time: localTime,
        platforms: z.array(z.enum(PLATFORMS)).min(1),
        contentType: z.string().min(2),
        topic: z.string().min(3),
        brief: z.string().min(10).describe('Two or three sentences the content agent writes the post from'),
      }),
    )
    .describe('A day without posts (the posting frequency leaves it free) has none'),
});
export type DailyPlan = z.infer<typeof dailyPlanSchema>;
