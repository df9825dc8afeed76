import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from './accounts.js';
import { brandProfiles, memberships, users } from '../schema/index.js';

/**
 * The org's zone, for its calendar, its analytics, its month of posts and its week's report: its
 * first brand profile's, else its (first) owner's, else UTC. One rule everywhere; one round trip.
 */
export async function orgTimeZone(db: Executor, orgId: string): Promise<string> {
  const profile = db.select({ zone: brandProfiles.timeZone }).from(brandProfiles).where(eq(brandProfiles.orgId, orgId)).orderBy(asc(brandProfiles.createdAt)).limit(1);
  const owner = db
    .select({ zone: users.timeZone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  const [found] = await db.select({ zone: sql<string>`coalesce((${profile}), (${owner}), 'UTC')` }).from(sql`(select 1) as one`);
  return found?.zone ?? 'UTC';
}
