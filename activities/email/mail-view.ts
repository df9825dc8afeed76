import { and, asc, eq, inArray } from 'drizzle-orm';
import { replacementDeadline } from '../../core/approval.js';
import type { Database } from '../../db/client.js';
import { organizations, outboxEmails, posts, postTargets, targetMedia, users } from '../../db/schema/index.js';
import type { ActionLinksData } from './action-links.js';
import type { MailToRender, PostCard } from './templates/index.js';

type OutboxRow = typeof outboxEmails.$inferSelect;

/** Kinds whose posts are shown with a deadline (they ask for a decision). */
const DECISION_KINDS = /^(approval_digest|approval_requested|replacement_ready|reminder-)/;

/** The posts a row is about, in the order it names them: its links' posts, else data.postId or data.created. */
function postIdsOf(row: OutboxRow): string[] {
  const actions = row.data.actions as ActionLinksData | undefined;
  if (actions?.posts.length) return actions.posts.map((p) => p.postId);
  if (typeof row.data.postId === 'string') return [row.data.postId];
  // A digest written without link keys still lists what it was about.
  return Array.isArray(row.data.created) ? row.data.created.filter((id): id is string => typeof id === 'string') : [];
}

/** The URL a mail shows for a stored image: a lasting Herald link when one can be signed, else the stored URL. */
export type ImageLink = (image: { url: string; mediaId: string | null }) => string;
const storedUrl: ImageLink = (image) => image.url;

async function postCards(db: Database, row: OutboxRow, imageLink: ImageLink): Promise<PostCard[]> {
  const ids = postIdsOf(row);
  if (ids.length === 0 || !row.orgId) return [];
  const rows = await db
    .select({ id: posts.id, at: posts.scheduledAt, stage: posts.stage, offline: posts.offlineWritten, lead: organizations.approvalLeadMinutes, targetId: postTargets.id, platform: postTargets.platform, text: postTargets.text, hashtags: postTargets.hashtags })
    .from(posts)
    .innerJoin(organizations, eq(organizations.id, posts.orgId))
    .innerJoin(postTargets, eq(postTargets.postId, posts.id))
    .where(and(eq(posts.orgId, row.orgId), inArray(posts.id, ids)))
    .orderBy(asc(postTargets.platform));
  const images = rows.length
    ? await db
        .select({ targetId: targetMedia.targetId, url: targetMedia.url, mediaId: targetMedia.mediaId, alt: targetMedia.altText })
        .from(targetMedia)
        .where(and(inArray(targetMedia.targetId, rows.map((r) => r.targetId)), eq(targetMedia.kind, 'image'), eq(targetMedia.position, 0)))
    : [];
  const links = (row.data.actions as ActionLinksData | undefined)?.posts ?? [];
  return ids.flatMap((postId) => {
    const targets = rows.filter((r) => r.id === postId);
    const first = targets[0];
    if (!first) return [];
    const image = images.find((i) => targets.some((t) => t.targetId === i.targetId));
    const link = links.find((l) => l.postId === postId);
    return [
      {
        postId,
        publishAt: first.at.toISOString(),
        // The deadline the row's links were signed with: computed as the writer did, at the row's creation.
        deadline: DECISION_KINDS.test(row.kind) ? new Date(replacementDeadline(row.createdAt.getTime(), first.at.getTime(), first.lead)).toISOString() : undefined,
        stage: first.stage,
        offlineWritten: first.offline || undefined,
        targets: targets.map((t) => ({ platform: t.platform, text: t.text, hashtags: t.hashtags })),
        image: image ? { url: imageLink(image), alt: image.alt ?? undefined } : undefined,
        approveUrl: link?.approveUrl,
        rejectUrl: link?.rejectUrl,
      },
    ];
  });
}

/** A row with what its template shows, read now: the reader's name and zone, the posts as they are. */
export async function mailToRender(db: Database, row: OutboxRow, imageLink: ImageLink = storedUrl): Promise<{ mail: MailToRender; recipient: { name?: string; timeZone: string } }> {
  const [user] = row.toUserId ? await db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, row.toUserId)) : [];
  const actions = row.data.actions as ActionLinksData | undefined;
  return {
    mail: { kind: row.kind, subject: row.subject, body: row.body, data: row.data, posts: await postCards(db, row, imageLink), approveAllUrl: actions?.approveAllUrl, ...(row.kind === 'approval_digest' && { digestId: row.id }) },
    // An invited person has no account yet, so no zone: UTC, named as such.
    recipient: user ? { name: user.name, timeZone: user.timeZone } : { timeZone: 'UTC' },
  };
}
