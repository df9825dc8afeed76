import { and, asc, eq, gt, gte, isNull, lt, ne, notInArray, sql } from 'drizzle-orm';
import { effectivePlan, localMonthOf, type BillingSettings, type StoredBilling } from '../../core/billing.js';
import { intlOffsetAt } from '../../core/local-time.js';
import { checkLimit, type LimitCheck, type LimitName, type Plan } from '../../core/plans.js';
import type { Executor } from './accounts.js';
import { brandProfiles, invitations, memberships, organizations, posts, socialAccounts } from '../schema/index.js';

/** What an org's plan is counted against: posts this month, accounts, seats. */

export type OrgBillingRow = StoredBilling & { id: string; name: string; stripeCustomerId: string | null };

export async function orgBilling(db: Executor, orgId: string, options: { lock?: boolean } = {}): Promise<OrgBillingRow | undefined> {
  const query = db
    .select({
      id: organizations.id,
      name: organizations.name,
      plan: organizations.plan,
      billingStatus: organizations.billingStatus,
      stripeCustomerId: organizations.stripeCustomerId,
      stripeSubscriptionId: organizations.stripeSubscriptionId,
      currentPeriodEnd: organizations.currentPeriodEnd,
      cancelAtPeriodEnd: organizations.cancelAtPeriodEnd,
      graceEndsAt: organizations.graceEndsAt,
      billingEventAt: organizations.billingEventAt,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  // NO KEY UPDATE serialises billing changes and post claims without blocking inserts that reference the org.
  const [row] = options.lock ? await query.for('no key update') : await query;
  return row;
}

/** The org's zone for its posts month: its first brand profile's, else UTC. */
async function orgTimeZone(db: Executor, orgId: string): Promise<string> {
  const [profile] = await db.select({ timeZone: brandProfiles.timeZone }).from(brandProfiles).where(eq(brandProfiles.orgId, orgId)).orderBy(asc(brandProfiles.createdAt)).limit(1);
  return profile?.timeZone ?? 'UTC';
}

/** Posts of the month around `atMs` in `timeZone`; skipped and expired posts never published and do not count. */
export async function postsInMonth(db: Executor, orgId: string, atMs: number, timeZone?: string): Promise<{ month: string; used: number }> {
  const month = localMonthOf(atMs, intlOffsetAt(timeZone ?? (await orgTimeZone(db, orgId))));
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(eq(posts.orgId, orgId), gte(posts.scheduledAt, new Date(month.startMs)), lt(posts.scheduledAt, new Date(month.endMs)), notInArray(posts.stage, ['skipped', 'expired'])));
  return { month: month.month, used: row?.n ?? 0 };
}

export async function connectedAccountCount(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(socialAccounts)
    .where(and(eq(socialAccounts.orgId, orgId), ne(socialAccounts.status, 'disconnected')));
  return row?.n ?? 0;
}

/** Whether the org has this account counted already (connected or waiting for a reconnect). */
export async function accountCounted(db: Executor, key: { orgId: string; platform: string; externalId?: string; status?: 'needs_reconnect' }): Promise<boolean> {
  const [row] = await db
    .select({ id: socialAccounts.id })
    .from(socialAccounts)
    .where(
      and(
        eq(socialAccounts.orgId, key.orgId),
        eq(socialAccounts.platform, key.platform),
        key.externalId ? eq(socialAccounts.externalId, key.externalId) : undefined,
        key.status ? eq(socialAccounts.status, key.status) : ne(socialAccounts.status, 'disconnected'),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Members; pending invitations join this count once invitations exist. */
/** Seats: the org's members plus its open invitations (each will be a member once accepted). */
export async function seatCount(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(memberships).where(eq(memberships.orgId, orgId));
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
  return (row?.n ?? 0) + (open?.n ?? 0);
}

const USAGE: Record<LimitName, (db: Executor, orgId: string, now: Date) => Promise<number>> = {
  posts_per_month: async (db, orgId, now) => (await postsInMonth(db, orgId, now.getTime())).used,
  connected_accounts: connectedAccountCount,
  seats: seatCount,
};

export async function planOf(db: Executor, orgId: string, settings: BillingSettings, now = new Date()): Promise<Plan> {
  const org = await orgBilling(db, orgId);
  if (!org) throw new Error(`Organisation ${orgId} does not exist.`);
  return effectivePlan(org, settings, now);
}

/** Whether the org may add `adding` of a limit under its current plan. */
export async function checkOrgLimit(db: Executor, orgId: string, limit: LimitName, settings: BillingSettings, options: { adding?: number; now?: Date } = {}): Promise<LimitCheck> {
  const now = options.now ?? new Date();
  const [plan, used] = await Promise.all([planOf(db, orgId, settings, now), USAGE[limit](db, orgId, now)]);
  return checkLimit(plan, limit, used, options.adding ?? 1);
}

/** Usage against every limit of the org's plan, for the billing page. */
export async function orgUsage(db: Executor, orgId: string, plan: Plan, now = new Date()) {
  const posts = await postsInMonth(db, orgId, now.getTime());
  const [accounts, seats] = await Promise.all([connectedAccountCount(db, orgId), seatCount(db, orgId)]);
  const use = (limit: LimitName, used: number) => {
    const { max } = checkLimit(plan, limit, used, 0);
    return { used, limit: max };
  };
  return {
    postsThisMonth: { ...use('posts_per_month', posts.used), month: posts.month },
    connectedAccounts: use('connected_accounts', accounts),
    seats: use('seats', seats),
  };
}
