import { and, eq, inArray } from 'drizzle-orm';
import type { EmailLinkConfig } from '../../config/email-links.js';
import { signActionLink, type LinkAction, type LinkedPost } from '../../core/action-links.js';
import { replacementDeadline } from '../../core/approval.js';
import type { Database } from '../../db/client.js';
import { organizations, posts, postTargets } from '../../db/schema/index.js';

/** The posts a notice offers Approve / Reject links for; approveAll adds one link for all of them. */
export interface NoticeActions {
  postIds: string[];
  approveAll?: boolean;
  /** The workflow's own deadline per post (ISO) where it knows it; else computed from the org's lead time. */
  deadlines?: Record<string, string>;
}

/**
 * A digest can be written while a just-started post workflow is still recording awaiting_approval
 * (a manual run sends it at once): a drafted post with written content gets links too; its
 * revision is final, and the click checks the stage again.
 */
const LINKABLE_STAGES = ['drafted', 'awaiting_approval'];

interface LinkablePost extends LinkedPost {
  deadlineMs: number;
  summary: string;
}

/** What a template needs to draw the buttons; the same links are in the plain-text body. */
export interface ActionLinksData {
  posts: { postId: string; approveUrl: string; rejectUrl: string }[];
  approveAllUrl?: string;
}

/**
 * Approve / Reject / Approve-all links for one recipient, signed for them. Only posts still
 * waiting get links; each expires at its approval deadline (a replacement's, if the normal one
 * has passed), approve-all at the latest of them.
 */
export function actionLinkWriter(db: Database, config: EmailLinkConfig) {
  const url = (action: LinkAction, orgId: string, recipientId: string, linked: LinkablePost[]) => {
    const token = signActionLink(config.keys, {
      action,
      orgId,
      recipientId,
      posts: linked.map(({ postId, revision }) => ({ postId, revision })),
      expiresAt: Math.max(...linked.map((p) => p.deadlineMs)),
    });
    return `${config.publicUrl}/email/action?token=${token}`;
  };

  return {
    async waitingPosts(orgId: string, actions: NoticeActions): Promise<LinkablePost[]> {
      if (actions.postIds.length === 0) return [];
      const rows = await db
        .select({ id: posts.id, revision: posts.revision, at: posts.scheduledAt, lead: organizations.approvalLeadMinutes, platform: postTargets.platform, text: postTargets.text })
        .from(posts)
        .innerJoin(organizations, eq(organizations.id, posts.orgId))
        .innerJoin(postTargets, eq(postTargets.postId, posts.id))
        .where(and(eq(posts.orgId, orgId), inArray(posts.stage, LINKABLE_STAGES), inArray(posts.id, actions.postIds)));
      const now = Date.now();
      return actions.postIds.flatMap((postId) => {
        const targets = rows.filter((r) => r.id === postId);
        const first = targets[0];
        if (!first) return [];
        const known = actions.deadlines?.[postId];
        const deadlineMs = known ? Date.parse(known) : replacementDeadline(now, first.at.getTime(), first.lead);
        if (deadlineMs <= now) return [];
        const platforms = targets.map((t) => t.platform).join(', ');
        return [{ postId, revision: first.revision, deadlineMs, summary: `${first.at.toISOString()} ${platforms}: ${first.text.slice(0, 60)}` }];
      });
    },

    linksFor(orgId: string, recipientId: string, waiting: LinkablePost[], approveAll: boolean): { lines: string[]; data: ActionLinksData } {
      const data: ActionLinksData = {
        posts: waiting.map((p) => ({ postId: p.postId, approveUrl: url('approve', orgId, recipientId, [p]), rejectUrl: url('reject', orgId, recipientId, [p]) })),
      };
      if (approveAll && waiting.length > 1) data.approveAllUrl = url('approve-all', orgId, recipientId, waiting);
      const lines = ['', 'Decide from here (each link works once, until the approval deadline):'];
      data.posts.forEach((links, i) => {
        if (waiting.length > 1) lines.push(`- ${waiting[i]!.summary}`);
        lines.push(`  Approve: ${links.approveUrl}`, `  Reject: ${links.rejectUrl}`);
      });
      if (data.approveAllUrl) lines.push(`Approve all ${waiting.length} waiting posts: ${data.approveAllUrl}`);
      return { lines, data };
    },
  };
}
