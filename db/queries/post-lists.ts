import { and, asc, eq, sql } from 'drizzle-orm';
import { APPROVAL_RULES } from '../../core/approval.js';
import type { Database } from '../client.js';
import { posts } from '../schema/index.js';

const MINUTE = 60_000;

/** What a list of posts shows of each post (the brief and the copy stay in the database). */
export const listedPostColumns = {
  id: posts.id,
  stage: posts.stage,
  authorUserId: posts.authorUserId,
  scheduledAt: posts.scheduledAt,
  revision: posts.revision,
  offlineWritten: posts.offlineWritten,
  outcomeReason: posts.outcomeReason,
};

/**
 * The approval queue's first `limit` waiting posts, earliest deadline first, sorted and cut by
 * Postgres (posts_org_stage_scheduled_idx) instead of reading every waiting post into Node. The
 * deadline is core's replacementDeadline: publish time minus the lead time while that is ahead,
 * else publish time minus the skip threshold; so a post already inside its lead time comes after a
 * later post whose lead-time deadline is sooner. Ties: by time, then id.
 */
export function waitingByDeadline(db: Database, orgId: string, at: { leadMinutes: number; nowMs: number }, limit: number) {
  const leadEnds = new Date(at.nowMs + at.leadMinutes * MINUTE);
  const deadline = sql`case when ${posts.scheduledAt} > ${leadEnds} then ${posts.scheduledAt} - make_interval(mins => ${at.leadMinutes}) else ${posts.scheduledAt} - make_interval(mins => ${APPROVAL_RULES.skipUnderMinutes}) end`;
  return db
    .select(listedPostColumns)
    .from(posts)
    .where(and(eq(posts.orgId, orgId), eq(posts.stage, 'awaiting_approval')))
    .orderBy(asc(deadline), asc(posts.scheduledAt), asc(posts.id))
    .limit(limit);
}

/** Rows that name their post, grouped by it (without the post id), in one pass instead of a filter per post. */
export function groupByPost<T extends { postId: string }>(rows: T[]): Map<string, Omit<T, 'postId'>[]> {
  const grouped = new Map<string, Omit<T, 'postId'>[]>();
  for (const { postId, ...rest } of rows) {
    const list = grouped.get(postId);
    if (list) list.push(rest);
    else grouped.set(postId, [rest]);
  }
  return grouped;
}
