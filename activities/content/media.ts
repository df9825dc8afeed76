import { and, eq } from 'drizzle-orm';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { posts, postTargets, targetMedia } from '../../db/schema/index.js';
import type { StoredMedia } from '../media/activities.js';

/** Platforms whose posts carry a generated image. */
const IMAGE_PLATFORMS: readonly Platform[] = ['x', 'linkedin', 'facebook', 'instagram'];
/** Platforms that take only video: one short vertical video per post serves all of them. */
const VIDEO_PLATFORMS: readonly Platform[] = ['tiktok', 'youtube'];

export interface PostMediaMaker {
  generatePostImage(input: { orgId: string; contentOutputId: string; platform: Platform; userId?: string }): Promise<StoredMedia>;
  generatePostVideo(input: { orgId: string; contentOutputId: string; platforms: Platform[] }): Promise<StoredMedia>;
}

/** A target's first (position 0) media row for a stored image or video. */
export function firstMediaRow(targetId: string, media: StoredMedia): typeof targetMedia.$inferInsert {
  return {
    targetId,
    position: 0,
    kind: media.kind,
    url: media.url,
    mimeType: media.mimeType,
    altText: media.altText ?? null,
    mediaId: media.mediaId,
    width: media.width,
    height: media.height,
    durationSeconds: media.durationSeconds ?? null,
  };
}

interface Attached {
  attached: number;
  platforms: string[];
}

/**
 * Makes each target's media from the content's visual brief and attaches it (URL, alt text, size,
 * length) for publishing. A target that already has its media keeps it, so a retried activity
 * makes nothing twice.
 */
export function postMediaActivities(db: Database, maker: PostMediaMaker) {
  async function targetsNeedingMedia(postId: string, platforms: readonly Platform[]) {
    const [post] = await db.select().from(posts).where(eq(posts.id, postId));
    if (!post?.contentOutputId) return { post: undefined, targets: [] };
    const targets = await db.select().from(postTargets).where(eq(postTargets.postId, post.id));
    const needing = [];
    for (const target of targets) {
      if (!isPlatform(target.platform) || !platforms.includes(target.platform)) continue;
      const [existing] = await db.select({ id: targetMedia.id }).from(targetMedia).where(and(eq(targetMedia.targetId, target.id), eq(targetMedia.position, 0)));
      if (!existing) needing.push({ ...target, platform: target.platform });
    }
    return { post: { ...post, contentOutputId: post.contentOutputId }, targets: needing };
  }

  async function attach(targetId: string, media: StoredMedia) {
    await db
      .insert(targetMedia)
      .values(firstMediaRow(targetId, media))
      .onConflictDoNothing();
  }

  return {
    /** Each image platform's picture, at that platform's aspect. */
    async attachPostImages(input: { postId: string }): Promise<Attached> {
      const { post, targets } = await targetsNeedingMedia(input.postId, IMAGE_PLATFORMS);
      for (const target of targets) {
        await attach(target.id, await maker.generatePostImage({ orgId: post!.orgId, userId: post!.userId ?? undefined, contentOutputId: post!.contentOutputId, platform: target.platform }));
      }
      return { attached: targets.length, platforms: targets.map((t) => t.platform) };
    },

    /** One short vertical video (9:16, at most 60 s), attached to every TikTok and YouTube target of the post. */
    async attachPostVideos(input: { postId: string }): Promise<Attached> {
      const { post, targets } = await targetsNeedingMedia(input.postId, VIDEO_PLATFORMS);
      if (targets.length === 0) return { attached: 0, platforms: [] };
      const video = await maker.generatePostVideo({ orgId: post!.orgId, contentOutputId: post!.contentOutputId, platforms: targets.map((t) => t.platform) });
      for (const target of targets) await attach(target.id, video);
      return { attached: targets.length, platforms: targets.map((t) => t.platform) };
    },
  };
}
