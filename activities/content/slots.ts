import { and, eq } from 'drizzle-orm';
import { loadBillingConfig } from '../../config/billing.js';
import { cyclePaused, effectivePlan, type BillingSettings } from '../../core/billing.js';
import { instantOfLocal, intlOffsetAt } from '../../core/local-time.js';
import { checkLimit } from '../../core/plans.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { orgBilling, postsInMonth } from '../../db/queries/billing.js';
import { posts, postTargets, socialAccounts } from '../../db/schema/index.js';

export interface SlotClaim {
  orgId: string;
  userId: string;
  timeZone: string;
  localDate: string;
  /** Local HH:MM. */
  time: string;
  platforms: Platform[];
  brief: { topic: string; brief: string; contentType: string; callToAction?: string };
}

export const slotKeyOf = (userId: string, localDate: string, time: string) => `${userId}:${localDate}@${time}`;

export type ClaimedSlot = { postId: string; created: boolean; stage: string; publishAt: string };

/** Why a slot got no post: the month's quota is used, or an unpaid invoice paused the cycle. */
export type RefusedSlot = { refused: 'posts_per_month' | 'payment_overdue'; reason: string };

/**
 * A slot gets exactly one post: the first claim creates it (with one target per platform), every
 * later claim (a retry, the weekly batch and the daily run meeting) gets the same post back.
 * A new post is only written while the plan's monthly quota has room and billing is in good
 * standing, so Herald never writes posts that could not publish.
 */
export function slotActivities(db: Database, billing: BillingSettings = loadBillingConfig()) {
  return {
    async claimSlot(claim: SlotClaim): Promise<ClaimedSlot | RefusedSlot> {
      const slotKey = slotKeyOf(claim.userId, claim.localDate, claim.time);
      const publishAt = new Date(instantOfLocal(claim.localDate, claim.time, intlOffsetAt(claim.timeZone)));
      return db.transaction(async (tx): Promise<ClaimedSlot | RefusedSlot> => {
        const [existing] = await tx.select().from(posts).where(and(eq(posts.orgId, claim.orgId), eq(posts.slotKey, slotKey)));
        if (existing) return { postId: existing.id, created: false, stage: existing.stage, publishAt: existing.scheduledAt.toISOString() };
        // Locking the org row serialises concurrent claims, so two runs cannot both take the last post of the month.
        const org = await orgBilling(tx, claim.orgId, { lock: true });
        const now = new Date();
        if (org && cyclePaused(org, billing, now)) {
          return { refused: 'payment_overdue', reason: `The invoice is unpaid since before ${org.graceEndsAt?.toISOString()}; new posts resume once it is paid.` };
        }
        const plan = org ? effectivePlan(org, billing, now) : billing.defaultPlan;
        const quota = checkLimit(plan, 'posts_per_month', (await postsInMonth(tx, claim.orgId, publishAt.getTime(), claim.timeZone)).used);
        if (!quota.allowed) return { refused: 'posts_per_month', reason: quota.message };
        const [inserted] = await tx
          .insert(posts)
          .values({ orgId: claim.orgId, userId: claim.userId, slotKey, scheduledAt: publishAt, brief: claim.brief, stage: 'drafted' })
          .onConflictDoNothing({ target: [posts.orgId, posts.slotKey] })
          .returning();
        if (!inserted) {
          const [taken] = await tx.select().from(posts).where(and(eq(posts.orgId, claim.orgId), eq(posts.slotKey, slotKey)));
          return { postId: taken!.id, created: false, stage: taken!.stage, publishAt: taken!.scheduledAt.toISOString() };
        }
        const accounts = await tx
          .select({ id: socialAccounts.id, platform: socialAccounts.platform })
          .from(socialAccounts)
          .where(and(eq(socialAccounts.orgId, claim.orgId), eq(socialAccounts.status, 'connected')));
        await tx.insert(postTargets).values(
          claim.platforms.map((platform) => ({
            postId: inserted.id,
            orgId: claim.orgId,
            platform,
            socialAccountId: accounts.find((a) => a.platform === platform)?.id ?? null,
          })),
        );
        return { postId: inserted.id, created: true, stage: inserted.stage, publishAt: publishAt.toISOString() };
      });
    },
  };
}
