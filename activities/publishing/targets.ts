import { ApplicationFailure } from '@temporalio/common';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { postTargets, publishAttempts, socialAccounts, targetMedia } from '../../db/schema/index.js';
import type { PublishContent } from '../platforms/types.js';

/** Reading a target as publishing needs it; shared by the database and the platform activities. */

export type TargetRow = typeof postTargets.$inferSelect;
export type AttemptRow = typeof publishAttempts.$inferSelect;
type Executor = Pick<Database, 'select'>;

export async function loadTarget(db: Executor, targetId: string): Promise<TargetRow & { platform: Platform }> {
  const [row] = await db.select().from(postTargets).where(eq(postTargets.id, targetId));
  if (!row) throw ApplicationFailure.nonRetryable(`Publish target ${targetId} does not exist.`, 'TargetNotFound');
  if (!isPlatform(row.platform)) throw ApplicationFailure.nonRetryable(`Target ${targetId} has an unknown platform ${row.platform}.`, 'UnknownPlatform');
  return row as TargetRow & { platform: Platform };
}

/** The account a target publishes with: the one set on it, else the org's connected account on that platform. */
/**
 * The account a target publishes through: its own, else the org's oldest on the platform. With
 * `active` (the accounts the plan lets publish), an account outside it is not used.
 */
export async function accountFor(db: Executor, target: TargetRow, active?: ReadonlySet<string>): Promise<string | undefined> {
  const usable = (id: string) => !active || active.has(id);
  if (target.socialAccountId) return usable(target.socialAccountId) ? target.socialAccountId : undefined;
  const accounts = await db
    .select({ id: socialAccounts.id })
    .from(socialAccounts)
    .where(and(eq(socialAccounts.orgId, target.orgId), eq(socialAccounts.platform, target.platform)))
    .orderBy(asc(socialAccounts.createdAt));
  return accounts.find((a) => usable(a.id))?.id;
}

/** A fresh URL for a stored media object (presigned S3 URLs expire long before a post made weeks ahead goes out). */
export type MediaUrlSigner = (input: { orgId: string; mediaId: string }) => Promise<string>;

/**
 * What the platform receives. Media Herald stored gets a URL signed now; if that fails (the
 * object was deleted), the URL saved with the target is sent and the platform says what it finds.
 */
export async function contentOf(db: Executor, target: TargetRow, signUrl?: MediaUrlSigner): Promise<PublishContent> {
  const rows = await db.select().from(targetMedia).where(eq(targetMedia.targetId, target.id)).orderBy(asc(targetMedia.position));
  const media = await Promise.all(
    rows.map(async (m) => (m.mediaId && signUrl ? { ...m, url: await signUrl({ orgId: target.orgId, mediaId: m.mediaId }).catch(() => m.url) } : m)),
  );
  return {
    text: target.text,
    hashtags: target.hashtags,
    title: target.title ?? undefined,
    privacyLevel: target.privacyLevel ?? undefined,
    media: media.map((m) => ({
      kind: m.kind,
      url: m.url,
      mimeType: m.mimeType,
      altText: m.altText ?? undefined,
      width: m.width ?? undefined,
      height: m.height ?? undefined,
      durationSeconds: m.durationSeconds ?? undefined,
    })),
  };
}

/** The attempt whose outcome nobody knows yet (sent, answer lost or worker gone), if any. */
export async function openAttempt(db: Executor, targetId: string): Promise<AttemptRow | undefined> {
  const [row] = await db
    .select()
    .from(publishAttempts)
    .where(and(eq(publishAttempts.targetId, targetId), inArray(publishAttempts.status, ['sending', 'unconfirmed'])))
    .orderBy(desc(publishAttempts.attempt))
    .limit(1);
  return row;
}

export async function firstAttempt(db: Executor, targetId: string): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId)).orderBy(asc(publishAttempts.attempt)).limit(1);
  return row;
}
