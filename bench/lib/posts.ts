import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Platform } from '../../core/platforms.js';
import { posts, postTargets, targetMedia } from '../../db/schema/index.js';
import { tenantPriority } from '../../temporal-config/priorities.js';
import { OrgId, PostId, Stage } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import type { PostWorkflowInput } from '../../workflows/post.js';
import { waitUntil, type BenchStack } from './stack.js';

/** What each platform needs beside text: media (a real JPEG / MP4 header from the media host), a title, a privacy level. */
function extrasFor(platform: Platform, mediaUrl: string) {
  const image = { kind: 'image' as const, url: `${mediaUrl}/image.jpg`, mimeType: 'image/jpeg', width: 1080, height: 1350 };
  const clip = { kind: 'video' as const, url: `${mediaUrl}/video.mp4?bytes=65536`, mimeType: 'video/mp4', durationSeconds: 12, width: 1080, height: 1920 };
  switch (platform) {
    case 'instagram':
      return { media: [image] };
    case 'tiktok':
      return { media: [clip], privacyLevel: 'SELF_ONLY' };
    case 'youtube':
      return { media: [clip], title: 'Fresh loaves at seven', privacyLevel: 'private' };
    default:
      return { media: [] };
  }
}

/** The unique words a seeded post's text starts with (also its YouTube title). */
export const keyOf = (text: string) => text.split(':')[0]!;

/** When the platform emulator accepted each seeded post, by its key. */
export function acceptedAt(stack: BenchStack): Map<string, number> {
  const found = new Map<string, number>();
  for (const post of stack.emulator.state.posts) {
    const words = `${post.text} ${JSON.stringify(post.extra ?? {})}`;
    const key = /[a-z]+ \d+ [0-9a-f]{8}/.exec(words)?.[0];
    if (key && !found.has(key)) found.set(key, post.createdAt);
  }
  return found;
}

export interface SeededPost {
  postId: string;
  orgId: string;
  /** The org's owner, who approves it. */
  userId: string;
  platform: Platform;
  /** The target's text: how its copy is found among the emulator's posts. */
  text: string;
}

/** Posts with written, valid copy and one target each (platforms in turn), as a daily run leaves them. */
export async function seedPosts(stack: BenchStack, org: { orgId: string; userId: string; accounts: Partial<Record<Platform, string>> }, count: number, platforms: Platform[], label: string): Promise<SeededPost[]> {
  const db = stack.database.db;
  const seeded: SeededPost[] = [];
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, (_, k) => start + k);
    const rows = await db
      .insert(posts)
      .values(batch.map(() => ({ orgId: org.orgId, userId: org.userId, scheduledAt: new Date(Date.now() + 86_400_000), slotKey: `bench:${randomUUID()}` })))
      .returning({ id: posts.id });
    const targets = rows.map((row, k) => {
      const platform = platforms[(start + k) % platforms.length]!;
      const { media: _media, ...extra } = extrasFor(platform, stack.mediaUrl);
      const key = `${label} ${start + k} ${randomUUID().slice(0, 8)}`;
      // The key is in the text and (YouTube) the title, to find the post among the emulator's.
      return { postId: row.id, orgId: org.orgId, platform, socialAccountId: org.accounts[platform]!, text: `${key}: fresh loaves at seven`, hashtags: ['bakery'], ...extra, ...('title' in extra ? { title: key } : {}) };
    });
    const inserted = await db.insert(postTargets).values(targets).returning({ id: postTargets.id, postId: postTargets.postId, platform: postTargets.platform, text: postTargets.text });
    const media = inserted.flatMap((t) => extrasFor(t.platform as Platform, stack.mediaUrl).media.map((m, position) => ({ targetId: t.id, position, ...m })));
    if (media.length > 0) await db.insert(targetMedia).values(media);
    seeded.push(...inserted.map((t) => ({ postId: t.postId, orgId: org.orgId, userId: org.userId, platform: t.platform as Platform, text: t.text })));
  }
  return seeded;
}

/** Waits until every post is at `stage` (e.g. every post workflow has asked for approval). */
export async function waitForStage(stack: BenchStack, postIds: string[], stage: string, timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const [row] = await stack.database.db
        .select({ at: sql<number>`count(*) filter (where ${posts.stage} = ${stage})::int` })
        .from(posts)
        .where(inArray(posts.id, postIds));
      return row && row.at === postIds.length ? true : undefined;
    },
    timeoutMs,
    `${postIds.length} posts to reach ${stage}`,
  );
}

/** Waits until every seeded post's target has an outcome (published, failed, unconfirmed ...). */
export async function waitForOutcomes(stack: BenchStack, postIds: string[], timeoutMs: number) {
  const open = ['drafted', 'awaiting_approval', 'approved', 'publishing', 'due'];
  return waitUntil(
    async () => {
      const rows = await stack.database.db
        .select({ postId: postTargets.postId, stage: postTargets.stage, text: postTargets.text, platform: postTargets.platform, publishedAt: postTargets.publishedAt, errorMessage: postTargets.errorMessage })
        .from(postTargets)
        .where(inArray(postTargets.postId, postIds));
      return rows.some((r) => open.includes(r.stage)) ? undefined : rows;
    },
    timeoutMs,
    `an outcome for all ${postIds.length} posts`,
    1_000,
  );
}

/** Sets each post's time in one statement (the database and the workflow input must agree). */
export async function schedulePosts(stack: BenchStack, scheduled: { postId: string; at: number }[]): Promise<void> {
  for (let i = 0; i < scheduled.length; i += 500) {
    const part = scheduled.slice(i, i + 500);
    const values = sql.join(part.map((p) => sql`(${p.postId}::uuid, ${new Date(p.at).toISOString()}::timestamptz)`), sql`, `);
    await stack.database.db.execute(sql`update posts set scheduled_at = v.at from (values ${values}) as v(id, at) where posts.id = v.id`);
  }
}

export function startPostWorkflow(stack: BenchStack, post: SeededPost, publishAt: number) {
  return stack.temporal.workflow.start('postWorkflow', {
    workflowId: workflowIds.post(post.postId),
    taskQueue: stack.queues.main,
    priority: tenantPriority(post.orgId, 'publishing'),
    args: [{ postId: post.postId, orgId: post.orgId, publishAt: new Date(publishAt).toISOString(), leadMinutes: 0, requireSecondApprover: false, reminderMinutes: [], notifyOnRequest: false } satisfies PostWorkflowInput],
    typedSearchAttributes: [
      { key: OrgId, value: post.orgId },
      { key: PostId, value: post.postId },
      { key: Stage, value: 'awaiting_approval' },
    ],
  });
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}
