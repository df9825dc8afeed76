import { and, eq, inArray } from 'drizzle-orm';
import type { BillingSettings } from '../../core/billing.js';
import type { OwnMedia, OwnTarget } from '../../core/own-posts.js';
import type { LimitCheck } from '../../core/plans.js';
import type { PrivacyChoice } from '../../core/privacy.js';
import type { Database } from '../client.js';
import { mediaObjects, postRevisions, posts, postTargets, socialAccounts, targetMedia } from '../schema/index.js';
import { monthlyPostRoom, orgBilling } from './billing.js';

/** The org's own media among `ids`; ids of other orgs are simply absent. */
export async function orgMedia(db: Database, orgId: string, ids: string[]): Promise<Map<string, OwnMedia & { storageKey: string; altText: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(mediaObjects).where(and(eq(mediaObjects.orgId, orgId), inArray(mediaObjects.id, ids)));
  return new Map(
    rows
      .filter((r): r is typeof r & { kind: 'image' | 'video' } => r.kind !== 'audio')
      .map((r) => [r.id, { id: r.id, kind: r.kind, mimeType: r.mimeType, sizeBytes: r.sizeBytes, width: r.width, height: r.height, durationSeconds: r.durationSeconds, storageKey: r.storageKey, altText: r.altText }]),
  );
}

/** The org's connected account per platform, for the post's targets. */
export async function connectedAccounts(db: Database, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: socialAccounts.id, platform: socialAccounts.platform })
    .from(socialAccounts)
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.status, 'connected')));
  return new Map(rows.map((r) => [r.platform, r.id]));
}

export interface NewOwnPost {
  orgId: string;
  authorUserId: string;
  publishAt: Date;
  brief: { topic: string; brief: string; contentType: string };
  /** The "Adapt with AI" output the copy came from, when it did (its visual brief makes media). */
  contentOutputId?: string;
  targets: (OwnTarget & { socialAccountId: string })[];
  media: Map<string, OwnMedia & { altText: string | null }>;
  privacy: PrivacyChoice;
  /** A fresh URL per media id at insert time (publishing signs a new one from the media id). */
  urls: Map<string, string>;
}

/**
 * Inserts a hand-made post with its targets and media, as revision 1, unless the month of its
 * publish time has no room on the org's plan (the org row is locked, as the cycle's slots do).
 */
export async function insertOwnPost(db: Database, billing: BillingSettings, post: NewOwnPost): Promise<{ postId: string } | { refused: LimitCheck }> {
  return db.transaction(async (tx) => {
    const org = await orgBilling(tx, post.orgId, { lock: true });
    const room = await monthlyPostRoom(tx, org, post.orgId, billing, post.publishAt.getTime());
    if (!room.allowed) return { refused: room };
    const [row] = await tx
      .insert(posts)
      .values({ orgId: post.orgId, authorUserId: post.authorUserId, userId: post.authorUserId, scheduledAt: post.publishAt, brief: post.brief, contentOutputId: post.contentOutputId ?? null, stage: 'drafted' })
      .returning({ id: posts.id });
    const postId = row!.id;
    for (const target of post.targets) {
      const [inserted] = await tx
        .insert(postTargets)
        .values({
          postId,
          orgId: post.orgId,
          platform: target.platform,
          socialAccountId: target.socialAccountId,
          text: target.text,
          hashtags: target.hashtags,
          title: target.title,
          privacyLevel: post.privacy[target.platform as keyof PrivacyChoice] ?? null,
        })
        .returning({ id: postTargets.id });
      const attached = target.mediaIds.map((id) => post.media.get(id)!);
      if (attached.length > 0) {
        await tx.insert(targetMedia).values(
          attached.map((m, position) => ({
            targetId: inserted!.id,
            position,
            kind: m.kind,
            url: post.urls.get(m.id)!,
            mimeType: m.mimeType,
            altText: m.altText,
            mediaId: m.id,
            width: m.width,
            height: m.height,
            durationSeconds: m.durationSeconds,
          })),
        );
      }
    }
    await tx.insert(postRevisions).values({
      postId,
      orgId: post.orgId,
      revision: 1,
      kind: 'edit',
      actor: post.authorUserId,
      reason: 'written by hand',
      snapshot: { scheduledAt: post.publishAt.toISOString(), targets: post.targets.map(({ socialAccountId: _a, ...t }) => t) },
    });
    return { postId };
  });
}
