import { sql } from 'drizzle-orm';
import { ANALYTICS_TARGETS, CHANGED_BEFORE_APPROVAL, ON_TIME_SECONDS, type WeeklyAnalysisText } from '../../core/analytics.js';
import type { Database } from '../client.js';
import { rangeEnd, rangeStart, withResults, type AnalyticsRange } from './analytics.js';

/**
 * The seed's targets, measured: prediction accuracy per week, first-time approval rate and
 * schedule adherence; the learning agent's weekly analyses and the daily account reads.
 */

export interface WeekPrediction {
  /** Monday of the week, in the org's zone. */
  week: string;
  posts: number;
  meanPredicted: number;
  meanActual: number;
  /** 1 - sum|actual - predicted| / sum predicted (0..1); a week 20 % off on average scores 0.8. */
  accuracy: number;
  target: number;
  met: boolean;
}

/**
 * Predicted (what the approved weekly strategy predicted for the target's slot and platform, stored
 * on the target when the post was planned) against actual (the latest snapshot's engagements /
 * reach), per week of publishing. Targets planned without a prediction are left out.
 */
export async function predictionsByWeek(db: Database, r: AnalyticsRange): Promise<WeekPrediction[]> {
  const { rows } = await db.execute(sql`${withResults(r)}
    select to_char(date_trunc('week', published_at at time zone ${r.timeZone}), 'YYYY-MM-DD') as week, count(*)::int as posts,
      round(avg(predicted)::numeric, 4)::float8 as "meanPredicted", round(avg(actual)::numeric, 4)::float8 as "meanActual",
      round(greatest(0, 1 - sum(abs(actual - predicted)) / nullif(sum(predicted), 0))::numeric, 4)::float8 as accuracy
    from (select published_at, predicted, engagements::float8 / reach as actual from results where measured and reach > 0 and predicted is not null) x
    group by 1 order by 1`);
  const target = ANALYTICS_TARGETS.predictionAccuracy;
  return (rows as Omit<WeekPrediction, 'target' | 'met'>[]).map((w) => ({ ...w, accuracy: w.accuracy ?? 0, target, met: (w.accuracy ?? 0) >= target }));
}

export interface RateAgainstTarget {
  /** Posts (or targets) counted. */
  of: number;
  count: number;
  rate: number | null;
  target: number;
  met: boolean | null;
}

const againstTarget = (count: number, of: number, target: number): RateAgainstTarget => {
  const rate = of > 0 ? Math.round((count / of) * 10_000) / 10_000 : null;
  return { of, count, rate, target, met: rate === null ? null : rate >= target };
};

const changedKinds = sql.join(CHANGED_BEFORE_APPROVAL.map((k) => sql`${k}`), sql`, `);

/**
 * Of the posts scheduled in the range that someone decided on (approved, or rejected into a
 * replacement), those approved without a replacement or an edit of their copy first.
 */
export async function firstTimeApproval(db: Database, r: AnalyticsRange): Promise<RateAgainstTarget> {
  const { rows } = await db.execute(sql`
    select count(*) filter (where decided)::int as decided, count(*) filter (where first_time)::int as first_time from (
      select p.approved_at is not null and not exists (
          select 1 from post_revisions v where v.post_id = p.id and v.kind in (${changedKinds}) and v.at <= p.approved_at
        ) as first_time,
        p.approved_at is not null or exists (select 1 from post_revisions v where v.post_id = p.id and v.kind in (${changedKinds})) as decided
      from posts p
      where p.org_id = ${r.orgId} and p.scheduled_at >= ${rangeStart(r)} and p.scheduled_at < ${rangeEnd(r)}
    ) decisions`);
  const { decided, first_time } = rows[0] as { decided: number; first_time: number };
  return againstTarget(first_time, decided, ANALYTICS_TARGETS.firstTimeApproval);
}

/** Of the targets due in the range that went to their platform (published or failed), those published within a minute of their time. */
export async function scheduleAdherence(db: Database, r: AnalyticsRange): Promise<RateAgainstTarget & { published: number }> {
  const { rows } = await db.execute(sql`
    select count(*)::int as due, count(t.published_at)::int as published,
      count(*) filter (where abs(extract(epoch from t.published_at - p.scheduled_at)) <= ${ON_TIME_SECONDS})::int as on_time
    from posts p join post_targets t on t.post_id = p.id and t.org_id = p.org_id
    where p.org_id = ${r.orgId} and p.scheduled_at >= ${rangeStart(r)} and p.scheduled_at < ${rangeEnd(r)}
      and (t.published_at is not null or t.stage in ('failed', 'unconfirmed'))`);
  const { due, published, on_time } = rows[0] as { due: number; published: number; on_time: number };
  return { ...againstTarget(on_time, due, ANALYTICS_TARGETS.scheduleAdherence), published };
}

export interface Kpis {
  predictionAccuracy: RateAgainstTarget;
  firstTimeApproval: RateAgainstTarget;
  scheduleAdherence: RateAgainstTarget & { published: number };
}

/** The three targets over the range; prediction accuracy is the weeks' accuracies weighted by their posts. */
export async function kpis(db: Database, r: AnalyticsRange): Promise<Kpis> {
  const [weeks, approval, adherence] = await Promise.all([predictionsByWeek(db, r), firstTimeApproval(db, r), scheduleAdherence(db, r)]);
  const measured = weeks.reduce((n, w) => n + w.posts, 0);
  const accurate = weeks.reduce((sum, w) => sum + w.accuracy * w.posts, 0);
  const prediction = measured > 0 ? { ...againstTarget(accurate, measured, ANALYTICS_TARGETS.predictionAccuracy), count: measured } : againstTarget(0, 0, ANALYTICS_TARGETS.predictionAccuracy);
  return { predictionAccuracy: prediction, firstTimeApproval: approval, scheduleAdherence: adherence };
}

export interface StoredWeeklyAnalysis {
  weekStart: string;
  offlineWritten: boolean;
  analysis: WeeklyAnalysisText;
}

/** The newest learning analysis per week whose first day is in the range, newest week first. */
export async function weeklyAnalyses(db: Database, r: AnalyticsRange): Promise<StoredWeeklyAnalysis[]> {
  const { rows } = await db.execute(sql`
    select distinct on (output->>'weekStart') output->>'weekStart' as "weekStart", offline_written as "offlineWritten", output as analysis
    from ai_outputs
    where org_id = ${r.orgId} and task = 'learning.weekly' and output->>'weekStart' between ${r.from} and ${r.to}
    order by output->>'weekStart' desc, created_at desc`);
  return rows as unknown as StoredWeeklyAnalysis[];
}

export interface AccountRead {
  day: string;
  accountId: string;
  platform: string;
  account: string;
  status: string;
  followers: number | null;
  reach: number | null;
  reason: string | null;
}

/** The daily account reads in the range, by day then platform. */
export async function accountReads(db: Database, r: AnalyticsRange): Promise<AccountRead[]> {
  const { rows } = await db.execute(sql`
    select to_char(a.day, 'YYYY-MM-DD') as day, a.social_account_id as "accountId", a.platform, s.display_name as account, a.status, a.followers, a.reach, a.reason
    from account_metric_reads a join social_accounts s on s.id = a.social_account_id
    where a.org_id = ${r.orgId} and a.day between ${r.from}::date and ${r.to}::date
    order by a.day, a.platform, s.display_name`);
  return rows as unknown as AccountRead[];
}
