import { and, eq } from 'drizzle-orm';
import { instantOfLocal, intlOffsetAt } from '../../core/local-time.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
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

/**
 * A slot gets exactly one post: the first claim creates it (with one target per platform), every
 * later claim (a retry, the weekly batch and the daily run meeting) gets the same post back.
 */
export function slotActivities(db: Database) {
  return {
    async claimSlot(claim: SlotClaim): Promise<{ postId: string; created: boolean; stage: string; publishAt: string }> {
      const slotKey = slotKeyOf(claim.userId, claim.localDate, claim.time);
      const publishAt = new Date(instantOfLocal(claim.localDate, claim.time, intlOffsetAt(claim.timeZone)));
      return db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(posts)
          .values({ orgId: claim.orgId, userId: claim.userId, slotKey, scheduledAt: publishAt, brief: claim.brief, stage: 'drafted' })
          .onConflictDoNothing({ target: [posts.orgId, posts.slotKey] })
          .returning();
        if (!inserted) {
          const [existing] = await tx.select().from(posts).where(and(eq(posts.orgId, claim.orgId), eq(posts.slotKey, slotKey)));
          return { postId: existing!.id, created: false, stage: existing!.stage, publishAt: existing!.scheduledAt.toISOString() };
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
