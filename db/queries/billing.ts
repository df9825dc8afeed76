import { and, asc, eq, gt, gte, isNull, lt, ne, notInArray, sql } from 'drizzle-orm';
import { effectivePlan, localMonthOf, type BillingSettings, type StoredBilling } from '../../core/billing.js';
import { intlOffsetAt } from '../../core/local-time.js';
import { activeAccountIds, checkLimit, limitOf, MEDIA_STORAGE_BYTES, type LimitCheck, type LimitName, type Plan } from '../../core/plans.js';
import type { Executor } from './accounts.js';
import { orgTimeZone } from './org-zone.js';
import { invitations, mediaObjects, memberships, organizations, posts, socialAccounts } from '../schema/index.js';

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

/** Posts of the month around `atMs` in `timeZone`; skipped and expired posts never published and do not count. */
export async function postsInMonth(db: Executor, orgId: string, atMs: number, timeZone?: string): Promise<{ month: string; used: number }> {
  const month = localMonthOf(atMs, intlOffsetAt(timeZone ?? (await orgTimeZone(db, orgId))));
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(eq(posts.orgId, orgId), gte(posts.scheduledAt, new Date(month.startMs)), lt(posts.scheduledAt, new Date(month.endMs)), notInArray(posts.stage, ['skipped', 'expired'])));
  return { month: month.month, used: row?.n ?? 0 };
}

/**
 * Whether one more post fits the month of `atMs` on the org's plan. Call it inside the transaction
 * that inserts the post, with the org row locked (orgBilling lock), so two writers cannot both take
 * the last post of the month. Serves the cycle's slots and hand-made posts alike.
 */
export async function monthlyPostRoom(db: Executor, org: OrgBillingRow | undefined, orgId: string, settings: BillingSettings, atMs: number, timeZone?: string): Promise<LimitCheck> {
  const plan = org ? effectivePlan(org, settings, new Date()) : settings.defaultPlan;
  return checkLimit(plan, 'posts_per_month', (await postsInMonth(db, orgId, atMs, timeZone)).used);
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

/** Bytes of images and videos the org's people uploaded (generated media is not counted). */
export async function uploadedMediaBytes(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${mediaObjects.sizeBytes}), 0)` })
    .from(mediaObjects)
    .where(and(eq(mediaObjects.orgId, orgId), sql`${mediaObjects.uploadedBy} is not null`));
  return Number(row?.bytes ?? 0);
}

/** Usage against every limit of the org's plan, for the billing page. */
export async function orgUsage(db: Executor, orgId: string, plan: Plan, now = new Date()) {
  const posts = await postsInMonth(db, orgId, now.getTime());
  const [accounts, seats, mediaBytes] = await Promise.all([connectedAccountCount(db, orgId), seatCount(db, orgId), uploadedMediaBytes(db, orgId)]);
  const use = (limit: LimitName, used: number) => {
    const { max } = checkLimit(plan, limit, used, 0);
    return { used, limit: max };
  };
  return {
    postsThisMonth: { ...use('posts_per_month', posts.used), month: posts.month },
    connectedAccounts: use('connected_accounts', accounts),
    seats: use('seats', seats),
    mediaStorageBytes: { used: mediaBytes, limit: MEDIA_STORAGE_BYTES[plan] },
  };
}

export interface AccountActivity {
  plan: Plan;
  /** The plan's account limit (null: unlimited). */
  max: number | null;
  /** Ids of the accounts that publish. */
  active: Set<string>;
  /** Counted accounts over the limit, not publishing until chosen or until an upgrade. */
  paused: { id: string; platform: string; displayName: string }[];
  /** Whether an owner or admin chose which accounts stay active (else Herald kept the oldest). */
  chosen: boolean;
  /** The counted (not disconnected) accounts as read, oldest first, so a caller need not read them again. */
  accounts: { id: string; platform: string; status: string; createdAt: Date }[];
}

/** Which of the org's counted accounts publish under its current plan (see `activeAccountIds`). */
export async function accountActivity(db: Executor, orgId: string, settings: BillingSettings, now = new Date()): Promise<AccountActivity> {
  const [plan, accounts] = await Promise.all([
    planOf(db, orgId, settings, now),
    db
      .select({ id: socialAccounts.id, platform: socialAccounts.platform, displayName: socialAccounts.displayName, status: socialAccounts.status, createdAt: socialAccounts.createdAt, keptAt: socialAccounts.keptAt })
      .from(socialAccounts)
      .where(and(eq(socialAccounts.orgId, orgId), ne(socialAccounts.status, 'disconnected')))
      .orderBy(asc(socialAccounts.createdAt)),
  ]);
  const max = limitOf(plan, 'connected_accounts');
  const active = activeAccountIds(accounts, max);
  const paused = accounts.filter((a) => !active.has(a.id)).map(({ id, platform, displayName }) => ({ id, platform, displayName }));
  return {
    plan,
    max,
    active,
    paused,
    chosen: paused.length > 0 && accounts.some((a) => a.keptAt),
    accounts: accounts.map(({ id, platform, status, createdAt }) => ({ id, platform, status, createdAt })),
  };
}
