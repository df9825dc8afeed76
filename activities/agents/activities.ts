import { and, eq, inArray } from 'drizzle-orm';
import { summarisePerformance } from '../../core/performance.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { posts, postTargets } from '../../db/schema/index.js';
import type { Gateway, TaskResult } from '../llm/gateway.js';
import type { AiLedger } from '../usage/ledger.js';
import type { PostContent } from './content/schemas.js';
import { writeEmergencyTask, writePostTask, writeReplacementTask, type PostBrief } from './content/tasks.js';
import { asActivityFailure } from './failures.js';
import { intelligenceTask } from './intelligence/task.js';
import { weeklyAnalysisTask } from './learning/task.js';
import { optimiseScheduleTask } from './optimisation/task.js';
import type { PerformanceSource } from './performance.js';
import { loadAgentProfile } from './profile.js';
import type { DailyPlan } from './strategy/schemas.js';
import { addDays } from './strategy/offline.js';
import { dailyPlanTask, monthlyThemesTask, weeklyStrategyTask } from './strategy/tasks.js';

export interface AgentDeps {
  db: Database;
  gateway: Gateway;
  ledger: AiLedger;
  performance: PerformanceSource;
}

/** What every agent activity returns: the stored output's id and a line for the Temporal UI, never the LLM text. */
export interface AgentResult {
  outputId: string;
  promptVersion: string;
  provider: string;
  model: string;
  offlineWritten: boolean;
  budgetLevel: string;
  summary: string;
}

interface Account {
  orgId: string;
  userId: string;
}

const DAY_MS = 86_400_000;

function resultOf<O>(result: TaskResult<O>, summary: string): AgentResult {
  const { outputId, promptVersion, provider, model, offlineWritten, budgetLevel } = result;
  return { outputId, promptVersion, provider, model, offlineWritten, budgetLevel, summary: offlineWritten ? `${summary} (offline-written)` : summary };
}

export function agentActivities({ db, gateway, ledger, performance }: AgentDeps) {
  const profileOf = (a: Account) => loadAgentProfile(db, a.orgId, a.userId);
  const summaryOf = async (a: Account, timeZone: string, days: number, until = new Date()) =>
    summarisePerformance(await performance.samples(a.orgId, new Date(until.getTime() - days * DAY_MS), until), timeZone);
  const latest = async (orgId: string, task: string) => (await ledger.latestOutput(orgId, task))?.output;
  const contentResult = (r: TaskResult<PostContent>) => resultOf(r, `${r.output.variants.length} platform versions${r.output.alternatives ? ' with A/B alternatives' : ''}`);

  async function previousText(orgId: string, outputId: string): Promise<string> {
    const previous = await ledger.loadOutput(orgId, outputId);
    const variants = (previous?.output as PostContent | undefined)?.variants;
    if (!variants?.[0]) throw new Error(`Content output ${outputId} does not exist in organisation ${orgId}; cannot write its replacement.`);
    return variants[0].text;
  }

  return {
    /** Trends, competitor activity and the account's own last 30 days, summarised for planning. */
    gatherIntelligence: (input: Account & { date: string; competitors?: string[] }) =>
      asActivityFailure(async () => {
        const profile = await profileOf(input);
        const result = await gateway.run(intelligenceTask, input.orgId, {
          profile,
          date: input.date,
          performance: await summaryOf(input, profile.timeZone, 30),
          competitors: input.competitors ?? [],
        });
        return resultOf(result, `${result.output.trends.length} trends, ${result.output.opportunities.length} opportunities`);
      }),

    planMonthlyThemes: (input: Account & { month: string }) =>
      asActivityFailure(async () => {
        const result = await gateway.run(monthlyThemesTask, input.orgId, {
          profile: await profileOf(input),
          month: input.month,
          intelligence: await latest(input.orgId, intelligenceTask.name),
          learning: await latest(input.orgId, weeklyAnalysisTask.name),
        });
        return resultOf(result, result.output.themes.map((t) => t.title).join(' / '));
      }),

    /** The weekly strategy presentation: themes and, per day, platform, time, type, brief and predicted engagement. */
    presentWeeklyStrategy: (input: Account & { weekStart: string; postsPerDay: number; monthTheme?: string; instructions?: string }) =>
      asActivityFailure(async () => {
        const result = await gateway.run(weeklyStrategyTask, input.orgId, {
          profile: await profileOf(input),
          weekStart: input.weekStart,
          postsPerDay: input.postsPerDay,
          monthTheme: input.monthTheme,
          instructions: input.instructions,
          learning: await latest(input.orgId, weeklyAnalysisTask.name),
        });
        const planned = result.output.days.reduce((n, d) => n + d.posts.length, 0);
        return resultOf(result, `${planned} posts planned for the week of ${input.weekStart}`);
      }),

    planDay: (input: Account & { date: string; postsPerDay: number; weeklyStrategyId?: string; intelligenceId?: string }) =>
      asActivityFailure(async () => {
        const weekly = input.weeklyStrategyId ? await ledger.loadOutput(input.orgId, input.weeklyStrategyId) : undefined;
        const intelligence = input.intelligenceId ? await ledger.loadOutput(input.orgId, input.intelligenceId) : undefined;
        const weekDays = (weekly?.output as { days?: { date: string }[] } | undefined)?.days;
        const result = await gateway.run(dailyPlanTask, input.orgId, {
          profile: await profileOf(input),
          date: input.date,
          postsPerDay: input.postsPerDay,
          weekPlanForToday: weekDays?.find((d) => d.date === input.date),
          intelligence: intelligence?.output,
        });
        return resultOf(result, `${result.output.posts.length} posts at ${result.output.posts.map((p) => p.time).join(', ')}`);
      }),

    /** Copy per platform, hashtags, call to action and a visual brief; `from` points at a daily-plan post. */
    writePost: (input: Account & { platforms?: Platform[]; post?: PostBrief; from?: { dailyPlanId: string; postIndex: number }; abVariant?: boolean }) =>
      asActivityFailure(async () => {
        const planned = input.from ? ((await ledger.loadOutput(input.orgId, input.from.dailyPlanId))?.output as DailyPlan | undefined)?.posts[input.from.postIndex] : undefined;
        const post = input.post ?? planned;
        const platforms = input.platforms ?? planned?.platforms;
        if (!post || !platforms) throw new Error('writePost needs a brief and platforms, or a daily-plan post that exists.');
        const result = await gateway.run(writePostTask, input.orgId, { profile: await profileOf(input), platforms, post, abVariant: input.abVariant ?? false });
        return contentResult(result);
      }),

    /** A replacement for rejected copy; `emergency` (under 15 minutes to publish) makes it one short call. */
    writeReplacement: (input: Account & { platforms: Platform[]; post: PostBrief; rejectedOutputId: string; reason: string; emergency: boolean }) =>
      asActivityFailure(async () => {
        const task = input.emergency ? writeEmergencyTask : writeReplacementTask;
        const result = await gateway.run(task, input.orgId, {
          profile: await profileOf(input),
          platforms: input.platforms,
          post: input.post,
          abVariant: false,
          rejection: { reason: input.reason, previousText: await previousText(input.orgId, input.rejectedOutputId) },
        });
        return contentResult(result);
      }),

    /** Posting time within +-30 min of the plan and the hashtag mix, from the account's own results. */
    optimiseSchedule: (input: Account & { postIds: string[] }) =>
      asActivityFailure(async () => {
        const profile = await profileOf(input);
        const targets = await db
          .select({ ref: postTargets.id, platform: postTargets.platform, text: postTargets.text, hashtags: postTargets.hashtags, plannedAt: posts.scheduledAt })
          .from(postTargets)
          .innerJoin(posts, eq(posts.id, postTargets.postId))
          .where(and(eq(postTargets.orgId, input.orgId), inArray(postTargets.postId, input.postIds)));
        const result = await gateway.run(optimiseScheduleTask, input.orgId, {
          profile,
          posts: targets.map((t) => ({ ...t, platform: t.platform as Platform, plannedAt: t.plannedAt.toISOString() })),
          performance: await summaryOf(input, profile.timeZone, 30),
        });
        const moved = result.output.adjustments.filter((a) => a.shiftMinutes !== 0).length;
        return resultOf(result, `${moved} of ${result.output.adjustments.length} targets moved`);
      }),

    /** Last week by platform, content type, time slot and hashtag; next week's strategy reads it. */
    analyseWeek: (input: Account & { weekStart: string }) =>
      asActivityFailure(async () => {
        const profile = await profileOf(input);
        const until = new Date(`${addDays(input.weekStart, 7)}T00:00:00Z`);
        const result = await gateway.run(weeklyAnalysisTask, input.orgId, {
          profile,
          weekStart: input.weekStart,
          performance: await summaryOf(input, profile.timeZone, 7, until),
        });
        return resultOf(result, result.output.headline);
      }),
  };
}
