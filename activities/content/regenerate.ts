import { ApplicationFailure } from '@temporalio/common';
import { eq, inArray } from 'drizzle-orm';
import { PLATFORM_IMAGE_ASPECT, type Aspect } from '../../core/media-aspects.js';
import { briefOf } from '../../core/own-posts.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import { shortVideoScript } from '../../core/video-script.js';
import type { Database } from '../../db/client.js';
import { auditLog, posts, postTargets, targetMedia } from '../../db/schema/index.js';
import type { StoredMedia } from '../media/activities.js';
import type { VideoScene } from '../media/video.js';
import { firstMediaRow, type PostMediaMaker } from './media.js';

/** What regenerating needs of the media activities: the post's own brief when it has one, a prompt otherwise. */
export interface MediaRemaker extends PostMediaMaker {
  generateImage(input: { orgId: string; prompt: string; altText: string; aspect: Aspect }): Promise<StoredMedia>;
  assembleShortVideo(input: { orgId: string; scenes: VideoScene[]; voiceOver?: string; altText?: string }): Promise<StoredMedia>;
}

type Target = typeof postTargets.$inferSelect;

const notWaiting = (stage: string) => ApplicationFailure.nonRetryable(`This post is ${stage}; only a post waiting for approval gets new media.`, 'PostNotWaiting');

/**
 * "Regenerate" on a waiting post: a new image (each image platform at its aspect) or one new video
 * (every video target), made from the post's visual brief (the written content's, else one drawn
 * from its copy), replacing the target's media. Nothing is replaced once the post is approved.
 */
export function regenerateMediaActivities(db: Database, maker: MediaRemaker) {
  async function carriers(postId: string, kind: 'image' | 'video') {
    const targets = await db.select().from(postTargets).where(eq(postTargets.postId, postId));
    const media = targets.length ? await db.select().from(targetMedia).where(inArray(targetMedia.targetId, targets.map((t) => t.id))) : [];
    return targets.filter((t): t is Target & { platform: Platform } => {
      if (!isPlatform(t.platform)) return false;
      const own = media.filter((m) => m.targetId === t.id);
      const limits = PLATFORM_LIMITS[t.platform];
      if (kind === 'image') return limits.maxImages > 0 && !own.some((m) => m.kind === 'video');
      return limits.maxVideos > 0 && (limits.videoRequired || own.some((m) => m.kind === 'video'));
    });
  }

  /** A prompt drawn from the copy, for hand-made posts that have no written content (and so no visual brief). */
  function visualFromCopy(post: typeof posts.$inferSelect, copy: Target) {
    const brief = post.brief ?? briefOf(copy.text);
    return {
      prompt: `A social media photo illustrating: "${brief.topic}". Natural light, clean composition, brand-consistent colours. No text in the image.`,
      altText: brief.topic,
    };
  }

  async function replace(postId: string, targetId: string, media: StoredMedia) {
    await db.transaction(async (tx) => {
      // The post row is locked: an approval that locks the content waits, and is then for the new media.
      const [post] = await tx.select({ stage: posts.stage }).from(posts).where(eq(posts.id, postId)).for('update');
      if (post?.stage !== 'awaiting_approval') throw notWaiting(post?.stage ?? 'gone');
      await tx.delete(targetMedia).where(eq(targetMedia.targetId, targetId));
      await tx.insert(targetMedia).values(firstMediaRow(targetId, media));
    });
  }

  return {
    async regeneratePostMedia(input: { postId: string; kind: 'image' | 'video'; actorId: string }) {
      const [post] = await db.select().from(posts).where(eq(posts.id, input.postId));
      if (!post) throw ApplicationFailure.nonRetryable(`Post ${input.postId} does not exist.`, 'PostNotFound');
      if (post.stage !== 'awaiting_approval') throw notWaiting(post.stage);
      const targets = await carriers(post.id, input.kind);
      if (targets.length === 0) throw ApplicationFailure.nonRetryable(`None of this post's platforms carries ${input.kind === 'image' ? 'an image' : 'a video'}.`, 'NothingToRegenerate');
      const made: { platform: string; mediaId: string }[] = [];
      const { orgId, contentOutputId } = post;
      if (input.kind === 'image') {
        for (const target of targets) {
          const visual = visualFromCopy(post, target);
          const media = contentOutputId
            ? await maker.generatePostImage({ orgId, contentOutputId, platform: target.platform })
            : await maker.generateImage({ orgId, prompt: visual.prompt, altText: visual.altText, aspect: PLATFORM_IMAGE_ASPECT[target.platform] });
          await replace(post.id, target.id, media);
          made.push({ platform: target.platform, mediaId: media.mediaId });
        }
      } else {
        const first = targets[0]!;
        const sentences = first.text.split(/(?<=[.!?])\s+/).filter(Boolean);
        const media = contentOutputId
          ? await maker.generatePostVideo({ orgId, contentOutputId, platforms: targets.map((t) => t.platform) })
          : await maker.assembleShortVideo({
              orgId,
              ...shortVideoScript({ copy: { text: first.text, title: first.title ?? undefined, callToAction: sentences[sentences.length - 1] ?? first.text }, visual: visualFromCopy(post, first) }),
            });
        for (const target of targets) {
          await replace(post.id, target.id, media);
          made.push({ platform: target.platform, mediaId: media.mediaId });
        }
      }
      await db.insert(auditLog).values({ orgId: post.orgId, actor: input.actorId, action: 'post.media_regenerated', subjectType: 'post', subjectId: post.id, details: { kind: input.kind, made } });
      return { kind: input.kind, made };
    },
  };
}
