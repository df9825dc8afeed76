import { and, asc, eq, gt, gte, inArray, lt, or } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { lockedTimingWindow } from '../../core/approval.js';
import { intlOffsetAt, localDateOf, localDaysBetween, localDaysSpan, localTimeOf } from '../../core/local-time.js';
import { orgTimeZone } from '../../db/queries/org-zone.js';
import { groupByPost } from '../../db/queries/post-lists.js';
import { posts, postTargets } from '../../db/schema/index.js';
import { approvalView, approvalWindows } from '../approval-windows.js';
import { orgOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { localDateField } from '../validation.js';

/** A calendar page covers at most a quarter; a page holds at most 200 posts. */
const MAX_RANGE_DAYS = 92;
const MAX_PAGE = 200;

export const calendarQuery = z
  .strictObject({
    from: localDateField,
    to: localDateField,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE, `at most ${MAX_PAGE} posts per page; follow nextCursor for more`).default(50),
    cursor: z.string().max(200).optional(),
  })
  .superRefine((q, ctx) => {
    let days: number;
    try {
      days = localDaysBetween(q.from, q.to);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `${q.from} to ${q.to}: both must be real calendar dates` });
      return;
    }
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${q.from})` });
    else if (days >= MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range covers at most ${MAX_RANGE_DAYS} days; this one covers ${days + 1}` });
  });

/** Where the last page stopped: the last post's time and id. Opaque to the client. */
const cursorShape = z.tuple([z.string().datetime(), z.string().uuid()]);

function writeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function readCursor(cursor: string): { at: Date; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = cursorShape.safeParse(parsed);
  if (!checked.success) throw new HttpError(422, 'invalid_request', 'Invalid query: cursor: not a cursor this API gave out; pass nextCursor from the previous page as it was, or leave it out to start at the first page.');
  return { at: new Date(checked.data[0]), id: checked.data[1] };
}

/**
 * GET /orgs/:orgId/calendar?from&to: the org's posts of local days `from`..`to` in its zone, by
 * time then id, a page at a time (nextCursor). Days are cut at local midnight, so a day with a
 * DST change holds its 23 or 25 hours. An approved post carries the window it may still move in.
 */
export function calendarRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const { orgId } = orgOf(res);
    const query = parseInput(calendarQuery, req.query, 'query');
    const after = query.cursor ? readCursor(query.cursor) : undefined;
    // Independent reads, side by side: each round trip waits its turn on a loaded machine.
    const [timeZone, windowOf] = await Promise.all([orgTimeZone(ctx.db, orgId), approvalWindows(ctx.db, orgId)]);
    const offsetAt = intlOffsetAt(timeZone);
    const { startMs, endMs } = localDaysSpan(query.from, query.to, offsetAt);
    const rows = await ctx.db
      .select({ id: posts.id, stage: posts.stage, scheduledAt: posts.scheduledAt, approvedScheduledAt: posts.approvedScheduledAt })
      .from(posts)
      .where(
        and(
          eq(posts.orgId, orgId),
          gte(posts.scheduledAt, new Date(startMs)),
          lt(posts.scheduledAt, new Date(endMs)),
          after ? or(gt(posts.scheduledAt, after.at), and(eq(posts.scheduledAt, after.at), gt(posts.id, after.id))) : undefined,
        ),
      )
      .orderBy(asc(posts.scheduledAt), asc(posts.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const targets = groupByPost(
      page.length ? await ctx.db.select({ postId: postTargets.postId, platform: postTargets.platform, stage: postTargets.stage }).from(postTargets).where(inArray(postTargets.postId, page.map((p) => p.id))) : [],
    );
    res.json({
      timeZone,
      from: query.from,
      to: query.to,
      posts: page.map((p) => ({
        id: p.id,
        stage: p.stage,
        scheduledAt: p.scheduledAt,
        localDate: localDateOf(p.scheduledAt.getTime(), offsetAt),
        localTime: localTimeOf(p.scheduledAt.getTime(), offsetAt),
        approval: approvalView(windowOf(p)),
        retimeWindow: p.stage === 'approved' ? lockedTimingWindow((p.approvedScheduledAt ?? p.scheduledAt).getTime()) : null,
        targets: targets.get(p.id) ?? [],
      })),
      nextCursor: rows.length > query.limit && last ? writeCursor(last.scheduledAt, last.id) : null,
    });
  });

  return router;
}
