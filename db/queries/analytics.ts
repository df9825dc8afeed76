import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * Analytics aggregations, each one SQL statement over an org's published targets in a range of
 * local dates (the org's zone). A target's figures are its latest 'taken' metric snapshot, read
 * with one index probe per target (metric_snapshots_target_taken_idx); targets come from
 * post_targets_org_published_idx. bench/analytics.ts times them for 10,000 posts over 12 months.
 */
export interface AnalyticsRange {
  orgId: string;
  /** First and last local date, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  timeZone: string;
}

export interface Breakdown {
  key: string;
  posts: number;
  reach: number;
  engagements: number;
  engagementRate: number;
}

export const COMPARE_BY = ['platform', 'contentType', 'hour', 'weekday', 'hashtag'] as const;
export type CompareBy = (typeof COMPARE_BY)[number];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The range's bounds as instants: local midnight of `from` to local midnight after `to`. */
export const rangeStart = (r: AnalyticsRange) => sql`((${r.from}::date)::timestamp at time zone ${r.timeZone})`;
export const rangeEnd = (r: AnalyticsRange) => sql`((${r.to}::date + 1)::timestamp at time zone ${r.timeZone})`;

/** `with results as (...)`: one row per target published in the range, with its latest figures. */
export function withResults(r: AnalyticsRange): SQL {
  return sql`with results as (
    select t.id as target_id, t.post_id, t.platform, t.published_at, t.hashtags, t.text, t.platform_post_url, t.predicted_engagement_rate as predicted,
      coalesce(p.brief->>'contentType', 'unspecified') as content_type, p.scheduled_at, p.slot_key,
      coalesce(s.reach, 0) as reach, coalesce(s.engagements, 0) as engagements, s.recorded_at is not null as measured
    from post_targets t
    -- The org named on both sides: Postgres then reads only this org's posts, not every tenant's.
    join posts p on p.id = t.post_id and p.org_id = t.org_id
    left join lateral (
      select m.reach, m.engagements, m.recorded_at from metric_snapshots m
      where m.target_id = t.id and m.status = 'taken' order by m.recorded_at desc limit 1
    ) s on true
    where t.org_id = ${r.orgId} and t.published_at is not null and t.published_at >= ${rangeStart(r)} and t.published_at < ${rangeEnd(r)}
  )`;
}

const rate = sql`coalesce(sum(engagements)::float8 / nullif(sum(reach), 0), 0)`;
const totals = sql`count(*)::int as posts, coalesce(sum(reach), 0)::float8 as reach, coalesce(sum(engagements), 0)::float8 as engagements, round((${rate})::numeric, 4)::float8 as "engagementRate"`;

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

export interface PlatformOverview extends Breakdown {
  /** Followers at the last read in the range, summed over the platform's accounts. */
  followers: number | null;
  /** Followers at the last read minus the first read in the range. */
  followerGrowth: number | null;
  /** Accounts reached (the platform's own account-level figure), summed over the days read. */
  accountReach: number | null;
  /** Why there are no account figures, when the platform gives none. */
  accountMetricsUnavailable: string | null;
}

export interface Overview {
  posts: number;
  reach: number;
  engagements: number;
  engagementRate: number;
  followerGrowth: number | null;
  byPlatform: PlatformOverview[];
}

/** Posts, reach, engagement and its rate, and follower growth, overall and per platform. */
export async function overview(db: Database, r: AnalyticsRange): Promise<Overview> {
  // One pass over the results: per platform, and (the empty grouping set) the whole range.
  const found = await rows<PlatformOverview & { total: boolean; distinctPosts: number }>(
    db,
    sql`${withResults(r)},
    published as (
      select platform as key, grouping(platform) = 1 as total, count(distinct post_id)::int as "distinctPosts", ${totals}
      from results group by grouping sets ((platform), ())
    ),
    per_account as (
      select a.social_account_id, a.platform,
        (array_agg(a.followers order by a.day desc) filter (where a.followers is not null))[1] as last_followers,
        (array_agg(a.followers order by a.day) filter (where a.followers is not null))[1] as first_followers,
        sum(a.reach) as reach,
        max(a.reason) filter (where a.status = 'unavailable') as unavailable
      from account_metric_reads a
      where a.org_id = ${r.orgId} and a.day between ${r.from}::date and ${r.to}::date
      group by a.social_account_id, a.platform
    ),
    accounts as (
      select platform as key, sum(last_followers)::int as followers, sum(last_followers - first_followers)::int as growth,
        sum(reach)::float8 as account_reach, max(unavailable) as unavailable
      from per_account group by platform
    )
    select coalesce(p.total, false) as total, coalesce(p."distinctPosts", 0) as "distinctPosts", coalesce(p.key, a.key) as key, coalesce(p.posts, 0) as posts, coalesce(p.reach, 0) as reach, coalesce(p.engagements, 0) as engagements,
      coalesce(p."engagementRate", 0) as "engagementRate", a.followers, a.growth as "followerGrowth", a.account_reach as "accountReach",
      case when a.followers is null then a.unavailable end as "accountMetricsUnavailable"
    from published p full join accounts a on a.key = p.key
    order by key`,
  );
  const total = found.find((row) => row.total);
  const byPlatform = found.filter((row) => !row.total).map(({ total: _total, distinctPosts: _posts, ...platform }) => platform);
  const growth = byPlatform.filter((p) => p.followerGrowth !== null);
  const sums = { posts: total?.distinctPosts ?? 0, reach: total?.reach ?? 0, engagements: total?.engagements ?? 0, engagementRate: total?.engagementRate ?? 0 };
  return { ...sums, followerGrowth: growth.length > 0 ? growth.reduce((sum, p) => sum + p.followerGrowth!, 0) : null, byPlatform };
}

const COMPARE_KEY: Record<Exclude<CompareBy, 'hashtag'>, (tz: string) => SQL> = {
  platform: () => sql`platform`,
  contentType: () => sql`content_type`,
  hour: (tz) => sql`extract(hour from published_at at time zone ${tz})::int`,
  weekday: (tz) => sql`extract(isodow from published_at at time zone ${tz})::int`,
};

/** Results grouped by platform, content type, local hour (0-23), local weekday or hashtag; best rate first for the named groups, in order for hour and weekday. */
export async function compare(db: Database, r: AnalyticsRange, by: CompareBy): Promise<Breakdown[]> {
  if (by === 'hashtag') {
    return rows<Breakdown>(
      db,
      sql`${withResults(r)} select lower(ltrim(h.tag, '#')) as key, ${totals}
        from results cross join lateral jsonb_array_elements_text(results.hashtags) as h(tag)
        group by 1 order by "engagementRate" desc, posts desc, key limit 100`,
    );
  }
  const key = COMPARE_KEY[by](r.timeZone);
  const ordered = by === 'hour' || by === 'weekday' ? sql`order by 1` : sql`order by "engagementRate" desc, posts desc`;
  const found = await rows<Breakdown & { key: string | number }>(db, sql`${withResults(r)} select ${key} as key, ${totals} from results group by 1 ${ordered}`);
  return found.map((b) => ({ ...b, key: by === 'weekday' ? WEEKDAYS[Number(b.key) - 1]! : by === 'hour' ? `${String(b.key).padStart(2, '0')}:00` : String(b.key) }));
}

export interface RankedPost {
  postId: string;
  targetId: string;
  platform: string;
  publishedAt: string;
  text: string;
  url: string | null;
  reach: number;
  engagements: number;
  engagementRate: number;
}

/** The best (or worst) measured targets by engagement rate, then engagements. */
export async function rankedPosts(db: Database, r: AnalyticsRange, order: 'top' | 'bottom', limit: number): Promise<RankedPost[]> {
  const direction = order === 'top' ? sql`desc` : sql`asc`;
  const found = await rows<RankedPost & { publishedAt: Date }>(
    db,
    sql`${withResults(r)} select post_id as "postId", target_id as "targetId", platform, published_at as "publishedAt", left(text, 140) as text,
      platform_post_url as url, reach::float8 as reach, engagements::float8 as engagements,
      round(coalesce(engagements::float8 / nullif(reach, 0), 0)::numeric, 4)::float8 as "engagementRate"
    from results where measured
    order by "engagementRate" ${direction}, engagements ${direction}, published_at desc limit ${limit}`,
  );
  return found.map((p) => ({ ...p, publishedAt: new Date(p.publishedAt).toISOString() }));
}
