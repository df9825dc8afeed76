import { and, eq, inArray, lt } from 'drizzle-orm';
import type { ActionLinkClaims } from '../../core/action-links.js';
import type { PostStage } from '../../core/stages.js';
import type { Database } from '../client.js';
import { memberships, organizations, posts, postTargets, usedEmailActionLinks, users } from '../schema/index.js';

export type LinkOutcome = NonNullable<(typeof usedEmailActionLinks.$inferSelect)['outcome']>;

export async function linkUse(db: Database, tokenId: string) {
  const [row] = await db.select().from(usedEmailActionLinks).where(eq(usedEmailActionLinks.tokenId, tokenId));
  return row;
}

/** A used link is remembered this long past its expiry, so a late second click still hears its outcome. */
const KEEP_USED_LINKS_MS = 7 * 86_400_000;

/**
 * Forgets used links long past their expiry (the token itself is refused as expired by then).
 * Run as new links are used, so the table holds about a week of links, never all of history.
 */
export async function pruneUsedLinks(db: Database, nowMs = Date.now()): Promise<number> {
  const gone = await db.delete(usedEmailActionLinks).where(lt(usedEmailActionLinks.expiresAt, new Date(nowMs - KEEP_USED_LINKS_MS))).returning({ tokenId: usedEmailActionLinks.tokenId });
  return gone.length;
}

/** Marks the link used; false when someone used it first (the primary key decides races). */
export async function claimLink(db: Database, claims: ActionLinkClaims): Promise<boolean> {
  await pruneUsedLinks(db);
  const rows = await db
    .insert(usedEmailActionLinks)
    .values({
      tokenId: claims.id,
      orgId: claims.orgId,
      userId: claims.recipientId,
      action: claims.action,
      postIds: claims.posts.map((p) => p.postId),
      expiresAt: new Date(claims.expiresAt),
    })
    .onConflictDoNothing()
    .returning({ tokenId: usedEmailActionLinks.tokenId });
  return rows.length === 1;
}

export async function recordLinkOutcome(db: Database, tokenId: string, outcome: LinkOutcome) {
  await db.update(usedEmailActionLinks).set({ outcome }).where(eq(usedEmailActionLinks.tokenId, tokenId));
}

/** Gives the link back when nothing could be done for reasons of ours (Temporal unreachable). */
export async function releaseLink(db: Database, tokenId: string) {
  await db.delete(usedEmailActionLinks).where(eq(usedEmailActionLinks.tokenId, tokenId));
}

/** The link's recipient and their role in the link's org now (no role: not a member). */
export async function linkRecipient(db: Database, userId: string, orgId: string) {
  const [user] = await db.select({ email: users.email, name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
  return { email: user?.email ?? 'the recipient', timeZone: user?.timeZone ?? 'UTC', orgName: org?.name ?? 'this organization', role: membership?.role as string | undefined };
}

export interface LinkedPostRow {
  id: string;
  orgId: string;
  stage: PostStage;
  revision: number;
  scheduledAt: Date;
  targets: { platform: string; text: string; privacyLevel: string | null }[];
}

export async function linkedPosts(db: Database, postIds: string[]): Promise<Map<string, LinkedPostRow>> {
  const found = new Map<string, LinkedPostRow>();
  if (postIds.length === 0) return found;
  const rows = await db.select().from(posts).where(inArray(posts.id, postIds));
  const targets = await db
    .select({ postId: postTargets.postId, platform: postTargets.platform, text: postTargets.text, privacyLevel: postTargets.privacyLevel })
    .from(postTargets)
    .where(inArray(postTargets.postId, postIds));
  for (const p of rows) {
    found.set(p.id, {
      id: p.id,
      orgId: p.orgId,
      stage: p.stage as PostStage,
      revision: p.revision,
      scheduledAt: p.scheduledAt,
      targets: targets.filter((t) => t.postId === p.id).map(({ postId: _p, ...t }) => t),
    });
  }
  return found;
}
