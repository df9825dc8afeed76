import { and, eq, isNull } from 'drizzle-orm';
import { loadBillingConfig } from '../../config/billing.js';
import { cyclePaused, type BillingSettings } from '../../core/billing.js';
import { instantOfLocal, intlOffsetAt } from '../../core/local-time.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import type { Executor } from '../../db/queries/accounts.js';
import { accountActivity, monthlyPostRoom, orgBilling } from '../../db/queries/billing.js';
import { posts, postTargets } from '../../db/schema/index.js';
import type { WeeklyStrategy } from '../agents/strategy/schemas.js';

/** What the approved weekly strategy predicted for one platform of a slot. */
export interface SlotPrediction {
  engagementRate: number;
  confidence: number;
}

export interface SlotClaim {
  orgId: string;
  userId: string;
  timeZone: string;
  localDate: string;
  /** Local HH:MM. */
  time: string;
  platforms: Platform[];
  brief: { topic: string; brief: string; contentType: string; callToAction?: string };
  /** Per platform, the strategy's prediction for this slot; analytics compare it with the result. */
  predictions?: Partial<Record<Platform, SlotPrediction>>;
}

/** The strategy's predictions for one slot (`date` at `time`), per platform planned there. */
export function slotPredictions(strategy: WeeklyStrategy | undefined, date: string, time: string): Partial<Record<Platform, SlotPrediction>> {
  const planned = strategy?.days.find((d) => d.date === date)?.posts.filter((p) => p.time === time) ?? [];
  return Object.fromEntries(planned.map((p) => [p.platform, { engagementRate: p.predictedEngagementRate, confidence: p.confidence }]));
}

export const slotKeyOf = (userId: string, localDate: string, time: string) => `${userId}:${localDate}@${time}`;

/** `created`: the caller writes this post (made by this claim, or made earlier and never written). */
export type ClaimedSlot = { postId: string; created: boolean; stage: string; publishAt: string };

const unwritten = (post: { stage: string; contentOutputId: string | null }) => post.stage === 'drafted' && post.contentOutputId === null;

/** Why a slot got no post: the month's quota is used, or an unpaid invoice paused the cycle. */
export type RefusedSlot = { refused: 'posts_per_month' | 'payment_overdue'; reason: string };

/**
 * A slot gets exactly one post: the first claim creates it (with one target per platform), every
 * later claim (a retry, the weekly batch and the daily run meeting) gets the same post back, as
 * the caller's to write while nothing has been written for it.
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
        // A slot whose post was never written (the claim that made it was retried after a later
        // slot failed, or its run died before writing) is handed back as the caller's to write:
        // otherwise it stays drafted forever and the slot is lost.
        if (existing) {
          await predictWhereMissing(tx, existing.id, claim.predictions);
          return { postId: existing.id, created: unwritten(existing), stage: existing.stage, publishAt: existing.scheduledAt.toISOString() };
        }
        // Locking the org row serialises concurrent claims, so two runs cannot both take the last post of the month.
        const org = await orgBilling(tx, claim.orgId, { lock: true });
        const now = new Date();
        if (org && cyclePaused(org, billing, now)) {
          return { refused: 'payment_overdue', reason: `The invoice is unpaid since before ${org.graceEndsAt?.toISOString()}; new posts resume once it is paid.` };
        }
        const quota = await monthlyPostRoom(tx, org, claim.orgId, billing, publishAt.getTime(), claim.timeZone);
        if (!quota.allowed) return { refused: 'posts_per_month', reason: quota.message };
        const [inserted] = await tx
          .insert(posts)
          .values({ orgId: claim.orgId, userId: claim.userId, slotKey, scheduledAt: publishAt, brief: claim.brief, stage: 'drafted' })
          .onConflictDoNothing({ target: [posts.orgId, posts.slotKey] })
          .returning();
        if (!inserted) {
          const [taken] = await tx.select().from(posts).where(and(eq(posts.orgId, claim.orgId), eq(posts.slotKey, slotKey)));
          await predictWhereMissing(tx, taken!.id, claim.predictions);
          return { postId: taken!.id, created: false, stage: taken!.stage, publishAt: taken!.scheduledAt.toISOString() };
        }
        // Accounts over the plan's limit (after a downgrade) are paused: the post goes to an active one.
        // One read of the accounts: the plan's activity already holds them, oldest first.
        const { active, accounts: counted } = await accountActivity(tx, claim.orgId, billing);
        const accounts = counted.filter((a) => a.status === 'connected' && active.has(a.id));
        await tx.insert(postTargets).values(
          claim.platforms.map((platform) => ({
            postId: inserted.id,
            orgId: claim.orgId,
            platform,
            socialAccountId: accounts.find((a) => a.platform === platform)?.id ?? null,
            predictedEngagementRate: claim.predictions?.[platform]?.engagementRate ?? null,
            predictionConfidence: claim.predictions?.[platform]?.confidence ?? null,
          })),
        );
        return { postId: inserted.id, created: true, stage: inserted.stage, publishAt: publishAt.toISOString() };
      });
    },
  };
}

/**
 * A slot claimed again (the weekly batch and the daily run meeting) keeps the prediction it was
 * planned with; a target planned without one (made before its strategy was approved) takes this one.
 */
async function predictWhereMissing(tx: Executor, postId: string, predictions: SlotClaim['predictions']): Promise<void> {
  for (const [platform, prediction] of Object.entries(predictions ?? {})) {
    if (!prediction) continue;
    await tx
      .update(postTargets)
      .set({ predictedEngagementRate: prediction.engagementRate, predictionConfidence: prediction.confidence })
      .where(and(eq(postTargets.postId, postId), eq(postTargets.platform, platform), isNull(postTargets.predictedEngagementRate)));
  }
}
