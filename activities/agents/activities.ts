import { and, eq, inArray } from 'drizzle-orm';
import { postingSlots, weekdayOf } from '../../core/brand-profile.js';
import { themeWeekOf } from '../../core/planning.js';
import { summarisePerformance } from '../../core/performance.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { monthlyThemes, posts, postTargets } from '../../db/schema/index.js';
import type { Gateway, TaskResult } from '../llm/gateway.js';
import type { AiLedger } from '../usage/ledger.js';
import type { PostContent } from './content/schemas.js';
import { adaptPostTask } from './content/adapt.js';
import { linksForPost, writeEmergencyTask, writePostTask, writeReplacementTask, type PostBrief } from './content/tasks.js';
import { asActivityFailure } from './failures.js';
import { intelligenceTask } from './intelligence/task.js';
import { weeklyAnalysisTask } from './learning/task.js';
import { optimiseScheduleTask } from './optimisation/task.js';
import type { PerformanceSource } from './performance.js';
import { loadAgentProfile, type AgentProfile } from './profile.js';
import { loadWriterProfile } from './writer-profile.js';
import type { DailyPlan, MonthlyThemes } from './strategy/schemas.js';
import { addDays } from './strategy/offline.js';
import { countsOf, dailyPlanTask, monthlyThemesTask, weeklyStrategyTask } from './strategy/tasks.js';

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

/** Per date of the week, posts per platform, when the profile sets posting frequencies. */
function postingScheduleOf(profile: AgentProfile, weekStart: string, postsPerDay: number) {
  if (!profile.details?.platformPriorities?.length) return undefined;
  const dates = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  return Object.fromEntries(dates.map((date) => [date, countsOf(postingSlots(profile.platforms, profile.details, weekdayOf(date), postsPerDay))]));
}

/** The profile's competitors as the intelligence agent reads them: "Wave Riders Academy (instagram @waveriders)". */
export function competitorsOf(profile: AgentProfile): string[] {
  return (profile.details?.competitors ?? []).map((c) =>
    c.handles.length > 0 ? `${c.name} (${c.handles.map((h) => `${h.platform} ${h.handle.startsWith('@') ? h.handle : `@${h.handle}`}`).join(', ')})` : c.name,
  );
}

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

  async function monthlyThemesOf(orgId: string, monthlyThemesId: string): Promise<MonthlyThemes | undefined> {
    const [row] = await db.select().from(monthlyThemes).where(and(eq(monthlyThemes.orgId, orgId), eq(monthlyThemes.id, monthlyThemesId)));
    return row ? ((await ledger.loadOutput(orgId, row.outputId))?.output as MonthlyThemes | undefined) : undefined;
  }

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
          competitors: input.competitors ?? competitorsOf(profile),
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

    /**
     * The weekly strategy presentation: themes and, per day, platform, time, type, brief and predicted
     * engagement; it follows the month's theme for its week and reads the latest learning analysis.
     */
    presentWeeklyStrategy: (input: Account & { weekStart: string; postsPerDay: number; monthlyThemesId?: string; instructions?: string }) =>
      asActivityFailure(async (): Promise<AgentResult & { learningOutputId?: string }> => {
        const learning = await ledger.latestOutput(input.orgId, weeklyAnalysisTask.name);
        const month = input.monthlyThemesId ? await monthlyThemesOf(input.orgId, input.monthlyThemesId) : undefined;
        const theme = month?.themes.find((t) => t.week === themeWeekOf(input.weekStart, month.themes.length));
        const profile = await profileOf(input);
        const result = await gateway.run(weeklyStrategyTask, input.orgId, {
          profile,
          weekStart: input.weekStart,
          postsPerDay: input.postsPerDay,
          postingSchedule: postingScheduleOf(profile, input.weekStart, input.postsPerDay),
          monthTheme: theme?.title,
          monthThemeAngle: theme?.angle,
          instructions: input.instructions,
          learning: learning?.output,
        });
        const planned = result.output.days.reduce((n, d) => n + d.posts.length, 0);
        return { ...resultOf(result, `${planned} posts planned for the week of ${input.weekStart}`), learningOutputId: learning?.id };
      }),

    planDay: (input: Account & { date: string; postsPerDay: number; weeklyStrategyId?: string; intelligenceId?: string }) =>
      asActivityFailure(async () => {
        const weekly = input.weeklyStrategyId ? await ledger.loadOutput(input.orgId, input.weeklyStrategyId) : undefined;
        const intelligence = input.intelligenceId ? await ledger.loadOutput(input.orgId, input.intelligenceId) : undefined;
        const weekDays = (weekly?.output as { days?: { date: string }[] } | undefined)?.days;
        const profile = await profileOf(input);
        // The profile's posting frequencies decide how many posts today has and where they go.
        const slots = profile.details?.platformPriorities?.length ? postingSlots(profile.platforms, profile.details, weekdayOf(input.date), input.postsPerDay) : undefined;
        const result = await gateway.run(dailyPlanTask, input.orgId, {
          profile,
          date: input.date,
          postsPerDay: slots?.length ?? input.postsPerDay,
          slots,
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
        const profile = await profileOf(input);
        const links = linksForPost(profile, platforms, post);
        const result = await gateway.run(writePostTask, input.orgId, { profile, platforms, post, links, abVariant: input.abVariant ?? false });
        return contentResult(result);
      }),

    /** "Adapt with AI": a person's own post rewritten per platform (the offline editor keeps their words and trims to fit). */
    adaptOwnPost: (input: Account & { platforms: Platform[]; text: string; hashtags: string[] }) =>
      asActivityFailure(async () => {
        const profile = await loadWriterProfile(db, input.orgId, input.userId, input.platforms);
        const result = await gateway.run(adaptPostTask, input.orgId, { profile, platforms: input.platforms, text: input.text, hashtags: input.hashtags });
        return contentResult(result);
      }),

    /** A replacement for rejected copy; `emergency` (under 15 minutes to publish) makes it one short call. */
    writeReplacement: (input: Account & { platforms: Platform[]; post: PostBrief; rejectedOutputId: string; reason: string; emergency: boolean }) =>
      asActivityFailure(async () => {
        const task = input.emergency ? writeEmergencyTask : writeReplacementTask;
        const profile = await profileOf(input);
        const result = await gateway.run(task, input.orgId, {
          profile,
          platforms: input.platforms,
          post: input.post,
          links: linksForPost(profile, input.platforms, input.post),
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
