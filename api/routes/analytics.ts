import { Router, type Response } from 'express';
import { z } from 'zod';
import { analysisInWords } from '../../core/analytics.js';
import { toCsv } from '../../core/csv.js';
import { addLocalDays, intlOffsetAt, localDateOf } from '../../core/local-time.js';
import { accountReads, kpis, predictionsByWeek, weeklyAnalyses } from '../../db/queries/analytics-kpis.js';
import { compare, COMPARE_BY, overview, rankedPosts, type AnalyticsRange, type PlatformOverview } from '../../db/queries/analytics.js';
import { orgTimeZone } from '../../db/queries/org-zone.js';
import { orgOf } from '../auth.js';
import { sharedReads } from '../coalesce.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { localDateField, timeZoneField } from '../validation.js';

/** A year and a day: 12 months is the longest range the indexes are tuned (and benchmarked) for. */
const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

export const rangeQuery = z.object({
  from: localDateField.optional().describe('First local date (org zone); default: 29 days before `to`'),
  to: localDateField.optional().describe('Last local date, inclusive; default: today in the org zone'),
  timeZone: timeZoneField.optional().describe('Zone for dates, hours and weekdays; default: the org\'s (its brand profile\'s, else its owner\'s)'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the table as a spreadsheet-safe CSV download'),
});
export const compareQuery = rangeQuery.extend({ by: z.enum(COMPARE_BY).describe('platform, contentType, hour (local), weekday (local) or hashtag') });
export const postsQuery = rangeQuery.extend({ order: z.enum(['top', 'bottom']).default('top'), limit: z.coerce.number().int().min(1).max(100).default(10) });

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The range a request asks for, with the org's zone and the defaults filled in; 422 when it is backwards or longer than a year. */
async function rangeOf(ctx: ApiContext, res: Response, query: z.infer<typeof rangeQuery>): Promise<AnalyticsRange> {
  const { orgId } = orgOf(res);
  const timeZone = query.timeZone ?? (await orgTimeZone(ctx.db, orgId));
  const to = query.to ?? localDateOf(Date.now(), intlOffsetAt(timeZone));
  const from = query.from ?? addLocalDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const problem = daysBetween(from, to) < 0 ? `from (${from}) must not be after to (${to})` : daysBetween(from, to) >= MAX_RANGE_DAYS ? `the range may span at most ${MAX_RANGE_DAYS} days; ${from} to ${to} is ${daysBetween(from, to) + 1}` : undefined;
  if (problem) throw new HttpError(422, 'invalid_request', `Invalid query: ${problem}.`, [{ field: 'from', problem }]);
  return { orgId, from, to, timeZone };
}

/** JSON as it is, or the named table as CSV (?format=csv). */
function answer<T extends object>(res: Response, format: 'json' | 'csv', range: AnalyticsRange, json: unknown, table: { name: string; columns: readonly (keyof T & string)[]; rows: T[] }): void {
  if (format === 'json') {
    res.json({ range: { from: range.from, to: range.to, timeZone: range.timeZone }, ...(json as object) });
    return;
  }
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="herald-${table.name}-${range.from}-${range.to}.csv"`);
  res.send(toCsv(table.columns, table.rows));
}

const BREAKDOWN_COLUMNS = ['key', 'posts', 'reach', 'engagements', 'engagementRate'] as const;

/**
 * Analytics for a range of local dates, mounted at /orgs/:orgId/analytics. Every route answers
 * JSON, or its table as CSV with ?format=csv. Any member may read them.
 */
export function analyticsRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  // Concurrent identical reads share one query; the key holds the range, and so the org id.
  const running = sharedReads();
  const shared = <T>(key: [string, AnalyticsRange, ...unknown[]], read: () => Promise<T>) => running(JSON.stringify(key), read);

  router.get('/overview', async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const found = await shared(['overview', range], () => overview(ctx.db, range));
    const rows: Partial<PlatformOverview>[] = [...found.byPlatform, { key: 'all', posts: found.posts, reach: found.reach, engagements: found.engagements, engagementRate: found.engagementRate, followerGrowth: found.followerGrowth }];
    answer(res, query.format, range, { overview: found }, {
      name: 'overview',
      columns: [...BREAKDOWN_COLUMNS, 'followers', 'followerGrowth', 'accountReach', 'accountMetricsUnavailable'],
      rows,
    });
  });

  router.get('/compare', async (req, res) => {
    const query = parseInput(compareQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const groups = await shared(['compare', range, query.by], () => compare(ctx.db, range, query.by));
    answer(res, query.format, range, { by: query.by, groups }, { name: `by-${query.by}`, columns: BREAKDOWN_COLUMNS, rows: groups });
  });

  router.get('/posts', async (req, res) => {
    const query = parseInput(postsQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const posts = await shared(['posts', range, query.order, query.limit], () => rankedPosts(ctx.db, range, query.order, query.limit));
    answer(res, query.format, range, { order: query.order, posts }, {
      name: `${query.order}-posts`,
      columns: ['postId', 'platform', 'publishedAt', 'reach', 'engagements', 'engagementRate', 'url', 'text'],
      rows: posts,
    });
  });

  router.get('/predictions', async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const weeks = await shared(['predictions', range], () => predictionsByWeek(ctx.db, range));
    answer(res, query.format, range, { weeks }, { name: 'predictions', columns: ['week', 'posts', 'meanPredicted', 'meanActual', 'accuracy', 'target', 'met'], rows: weeks });
  });

  router.get('/kpis', async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const found = await shared(['kpis', range], () => kpis(ctx.db, range));
    answer(res, query.format, range, { kpis: found }, {
      name: 'kpis',
      columns: ['kpi', 'rate', 'target', 'met', 'count', 'of'],
      rows: Object.entries(found).map(([kpi, k]) => ({ kpi, rate: k.rate, target: k.target, met: k.met, count: k.count, of: k.of })),
    });
  });

  router.get('/weekly-analyses', async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const weeks = (await shared(['weekly-analyses', range], () => weeklyAnalyses(ctx.db, range))).map((w) => ({ weekStart: w.weekStart, offlineWritten: w.offlineWritten, inWords: analysisInWords(w.analysis), analysis: w.analysis }));
    answer(res, query.format, range, { weeks }, { name: 'weekly-analyses', columns: ['weekStart', 'offlineWritten', 'inWords'], rows: weeks.map((w) => ({ ...w, inWords: w.inWords.join(' ') })) });
  });

  router.get('/accounts', async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    const range = await rangeOf(ctx, res, query);
    const reads = await shared(['accounts', range], () => accountReads(ctx.db, range));
    answer(res, query.format, range, { reads }, { name: 'accounts', columns: ['day', 'platform', 'account', 'status', 'followers', 'reach', 'reason'], rows: reads });
  });

  return router;
}
