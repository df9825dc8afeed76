import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { posts, postTargets } from '../../db/schema/index.js';
import type { AgentResult } from '../agents/activities.js';
import type { PostBrief } from '../agents/content/tasks.js';

/** The two content-agent calls a post needs; the agent activities provide them. */
export interface ContentWriter {
  writePost(input: { orgId: string; userId: string; platforms: Platform[]; post: PostBrief }): Promise<AgentResult>;
  writeReplacement(input: {
    orgId: string;
    userId: string;
    platforms: Platform[];
    post: PostBrief;
    rejectedOutputId: string;
    reason: string;
    emergency: boolean;
  }): Promise<AgentResult>;
}

/**
 * Content generation for one post, addressed by post id: the brief, platforms and previous output
 * are read here, so workflow history carries ids and a summary line, never the copy itself.
 */
export function generationActivities(db: Database, writer: ContentWriter) {
  async function postContext(postId: string) {
    const [post] = await db.select().from(posts).where(eq(posts.id, postId));
    if (!post?.brief || !post.userId) {
      throw ApplicationFailure.nonRetryable(`Post ${postId} has no brief or owner to write from.`, 'PostNotWritable');
    }
    const targets = await db.select({ platform: postTargets.platform }).from(postTargets).where(eq(postTargets.postId, postId));
    const platforms = targets.map((t) => t.platform).filter(isPlatform);
    return { post, brief: post.brief, platforms, userId: post.userId };
  }

  return {
    async writeContentForPost(input: { postId: string }): Promise<AgentResult> {
      const { post, brief, platforms, userId } = await postContext(input.postId);
      return writer.writePost({ orgId: post.orgId, userId, platforms, post: brief });
    },

    async writeReplacementForPost(input: { postId: string; reason: string; emergency: boolean }): Promise<AgentResult> {
      const { post, brief, platforms, userId } = await postContext(input.postId);
      if (!post.contentOutputId) {
        return writer.writePost({ orgId: post.orgId, userId, platforms, post: brief });
      }
      return writer.writeReplacement({
        orgId: post.orgId,
        userId,
        platforms,
        post: brief,
        rejectedOutputId: post.contentOutputId,
        reason: input.reason,
        emergency: input.emergency,
      });
    },
  };
}
