import { and, eq } from 'drizzle-orm';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { posts, postTargets, targetMedia } from '../../db/schema/index.js';
import type { StoredMedia } from '../media/activities.js';

/** Platforms whose posts carry a generated image; TikTok and YouTube need a video instead. */
const IMAGE_PLATFORMS: readonly Platform[] = ['x', 'linkedin', 'facebook', 'instagram'];

export interface ImageMaker {
  generatePostImage(input: { orgId: string; contentOutputId: string; platform: Platform }): Promise<StoredMedia>;
}

/**
 * Makes each target's image from the content's visual brief, at the platform's aspect, and attaches
 * it (URL + alt text) for publishing. A target that already has its image keeps it (retries).
 */
export function postMediaActivities(db: Database, images: ImageMaker) {
  return {
    async attachPostImages(input: { postId: string }): Promise<{ attached: number; platforms: string[] }> {
      const [post] = await db.select().from(posts).where(eq(posts.id, input.postId));
      if (!post?.contentOutputId) return { attached: 0, platforms: [] };
      const targets = await db.select().from(postTargets).where(eq(postTargets.postId, post.id));
      const attachedTo: string[] = [];
      for (const target of targets) {
        if (!isPlatform(target.platform) || !IMAGE_PLATFORMS.includes(target.platform)) continue;
        const [existing] = await db.select().from(targetMedia).where(and(eq(targetMedia.targetId, target.id), eq(targetMedia.position, 0)));
        if (existing) continue;
        const image = await images.generatePostImage({ orgId: post.orgId, contentOutputId: post.contentOutputId, platform: target.platform });
        await db
          .insert(targetMedia)
          .values({ targetId: target.id, position: 0, kind: 'image', url: image.url, mimeType: image.mimeType, altText: image.altText ?? null })
          .onConflictDoNothing();
        attachedTo.push(target.platform);
      }
      return { attached: attachedTo.length, platforms: attachedTo };
    },
  };
}
