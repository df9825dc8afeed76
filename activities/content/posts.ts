import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { checkLockedEdit, copyChanges, type PostEdit } from '../../core/approval.js';
import { validateDraft } from '../../core/platform-rules/index.js';
import { isPlatform } from '../../core/platforms.js';
import { missingPrivacyChoices, missingPrivacyMessage, type PrivacyChoice } from '../../core/privacy.js';
import type { PostStage } from '../../core/stages.js';
import type { Database } from '../../db/client.js';
import { aiOutputs, auditLog, postRevisions, posts, postTargets } from '../../db/schema/index.js';
import type { PostContent } from '../agents/content/schemas.js';

export type RevisionKind = 'generated' | 'replacement' | 'emergency' | 'edit' | 'timing' | 'hashtags' | 'optimised';

export type { PostEdit, TargetEdit } from '../../core/approval.js';

type Target = typeof postTargets.$inferSelect;

const editFailure = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidEdit');

/** What is hashed and snapshotted: the copy per platform and the time, nothing incidental. */
function contentOf(targets: Target[], scheduledAt: Date) {
  return {
    scheduledAt: scheduledAt.toISOString(),
    targets: [...targets]
      .sort((a, b) => a.platform.localeCompare(b.platform))
      .map((t) => ({ platform: t.platform, text: t.text, hashtags: t.hashtags, title: t.title })),
  };
}

export function contentHash(targets: Target[], scheduledAt: Date): string {
  return createHash('sha256').update(JSON.stringify(contentOf(targets, scheduledAt))).digest('hex');
}

/** The media each platform's post will carry; it is made after the copy is approved. */
const PLANNED_MEDIA: Partial<Record<string, { kind: 'image' | 'video' }[]>> = {
  instagram: [{ kind: 'image' }],
  tiktok: [{ kind: 'video' }],
  youtube: [{ kind: 'video' }],
};

/**
 * The copy judged against the platform's rules, with the planned media counted. TikTok's privacy
 * level is the user's own choice at approval, never ours, so its absence is not a copy problem.
 */
function problemsOf(target: Pick<Target, 'platform' | 'text' | 'hashtags' | 'title'>) {
  if (!isPlatform(target.platform)) return [{ field: 'text', message: `Unknown platform ${target.platform}.` }];
  return validateDraft(target.platform, {
    text: target.text,
    hashtags: target.hashtags,
    title: target.title ?? undefined,
    media: PLANNED_MEDIA[target.platform] ?? [],
  }).filter((p) => p.field !== 'privacyLevel');
}

export function postActivities(db: Database) {
  async function loadPost(postId: string, q: Pick<Database, 'select'> = db) {
    const [post] = await q.select().from(posts).where(eq(posts.id, postId));
    if (!post) throw ApplicationFailure.nonRetryable(`Post ${postId} does not exist.`, 'PostNotFound');
    const targets = await q.select().from(postTargets).where(eq(postTargets.postId, postId));
    return { post, targets };
  }

  /** Stores the content's hash and the approved time, and moves the post and its targets to approved. */
  async function lockContent(q: Pick<Database, 'update'>, post: typeof posts.$inferSelect, targets: Target[], approverId: string) {
    const hash = contentHash(targets, post.scheduledAt);
    await q
      .update(posts)
      .set({
        stage: 'approved',
        contentHash: hash,
        approvedAt: post.approvedAt ?? new Date(),
        approvedBy: approverId,
        approvedScheduledAt: post.approvedScheduledAt ?? post.scheduledAt,
        outcomeReason: null,
        updatedAt: new Date(),
      })
      .where(eq(posts.id, post.id));
    await q.update(postTargets).set({ stage: 'approved' }).where(eq(postTargets.postId, post.id));
    return { contentHash: hash, revision: post.revision };
  }

  /**
   * An approver's choice of who may see the post, stored on its targets. Refuses (saving
   * nothing) while a platform that requires the choice, TikTok, has none: the approval waits.
   */
  async function storePrivacyChoice(q: Pick<Database, 'update'>, targets: Target[], privacy: PrivacyChoice) {
    const unplanned = Object.keys(privacy).filter((platform) => !targets.some((t) => t.platform === platform));
    if (unplanned.length > 0) throw ApplicationFailure.nonRetryable(`This post is not planned for ${unplanned.join(', ')}; leave privacy.${unplanned[0]} out.`, 'InvalidPrivacyChoice');
    const missing = missingPrivacyChoices(targets, privacy);
    if (missing.length > 0) throw ApplicationFailure.nonRetryable(missingPrivacyMessage(missing), 'PrivacyChoiceNeeded');
    for (const target of targets) {
      const level = privacy[target.platform as keyof PrivacyChoice];
      if (level) await q.update(postTargets).set({ privacyLevel: level, updatedAt: new Date() }).where(eq(postTargets.id, target.id));
    }
    return { stored: Object.keys(privacy) };
  }

  /** Who decided what on which revision; written once per decision even if retried. */
  async function insertDecision(q: Pick<Database, 'insert'>, input: { postId: string; orgId: string; actorId: string; action: string; revision: number; reason?: string }) {
    await q
      .insert(auditLog)
      .values({
        orgId: input.orgId,
        actor: input.actorId,
        action: `post.${input.action}`,
        subjectType: 'post',
        subjectId: input.postId,
        reason: input.reason,
        details: { revision: input.revision },
        idempotencyKey: `post:${input.postId}:${input.action}:${input.revision}:${input.actorId}`,
      })
      .onConflictDoNothing({ target: auditLog.idempotencyKey });
  }

  async function recordRevision(
    tx: Pick<Database, 'insert'>,
    input: { postId: string; orgId: string; revision: number; kind: RevisionKind; actor: string; reason?: string; hash?: string; snapshot: Record<string, unknown> },
  ) {
    await tx
      .insert(postRevisions)
      .values({ ...input, contentHash: input.hash, snapshot: input.snapshot })
      .onConflictDoNothing({ target: [postRevisions.postId, postRevisions.revision] });
  }

  return {
    async setPostStage(input: { postId: string; stage: PostStage; reason?: string; targetsToo?: boolean }): Promise<{ revision: number }> {
      const [row] = await db
        .update(posts)
        .set({ stage: input.stage, outcomeReason: input.reason ?? null, updatedAt: new Date() })
        .where(eq(posts.id, input.postId))
        .returning({ revision: posts.revision });
      if (input.targetsToo) {
        await db.update(postTargets).set({ stage: input.stage, updatedAt: new Date() }).where(eq(postTargets.postId, input.postId));
      }
      return { revision: row?.revision ?? 0 };
    },

    /**
     * Stores the content agent's output as the post's next revision: copy per platform, checked
     * against each platform's rules. Idempotent per (post, output): a retried attempt changes nothing.
     */
    async applyGeneratedContent(input: { postId: string; outputId: string; kind: RevisionKind; actor: string; reason?: string }) {
      const { post, targets } = await loadPost(input.postId);
      if (post.contentOutputId === input.outputId) {
        return { revision: post.revision, problems: targets.reduce((n, t) => n + t.problems.length, 0), offlineWritten: post.offlineWritten };
      }
      const [stored] = await db.select().from(aiOutputs).where(and(eq(aiOutputs.id, input.outputId), eq(aiOutputs.orgId, post.orgId)));
      if (!stored) throw ApplicationFailure.nonRetryable(`Content output ${input.outputId} not found for post ${post.id}.`, 'OutputNotFound');
      const content = stored.output as PostContent;
      const revision = post.contentOutputId ? post.revision + 1 : post.revision;
      let problems = 0;
      const updated = await db.transaction(async (tx) => {
        const rows: Target[] = [];
        for (const target of targets) {
          const copy = content.variants.find((v) => v.platform === target.platform);
          if (!copy) throw ApplicationFailure.nonRetryable(`The content has no ${target.platform} version.`, 'IncompleteContent');
          const next = { text: copy.text, hashtags: copy.hashtags.map((h) => h.replace(/^#/, '')), title: copy.title ?? null };
          const found = problemsOf({ platform: target.platform, ...next });
          problems += found.length;
          const [row] = await tx
            .update(postTargets)
            .set({ ...next, problems: found, updatedAt: new Date() })
            .where(eq(postTargets.id, target.id))
            .returning();
          rows.push(row!);
        }
        await tx
          .update(posts)
          .set({ revision, contentOutputId: input.outputId, offlineWritten: stored.offlineWritten, updatedAt: new Date() })
          .where(eq(posts.id, post.id));
        await recordRevision(tx, {
          postId: post.id,
          orgId: post.orgId,
          revision,
          kind: input.kind,
          actor: input.actor,
          reason: input.reason,
          snapshot: { ...contentOf(rows, post.scheduledAt), outputId: input.outputId, offlineWritten: stored.offlineWritten },
        });
        return rows;
      });
      return { revision, problems, offlineWritten: stored.offlineWritten, platforms: updated.length };
    },

    /** Approval locks the content: its hash and the approved time are stored. */
    async lockApprovedContent(input: { postId: string; approverId: string }) {
      const { post, targets } = await loadPost(input.postId);
      return lockContent(db, post, targets, input.approverId);
    },

    /**
     * An edit by a person. Before approval anything may change; after approval only the time
     * (+-30 min of the approved time) and hashtags. The edited copy must still obey each
     * platform's rules; otherwise nothing is saved and the error says what to fix.
     */
    async applyPostEdit(input: { postId: string; actorId: string; edit: PostEdit; locked: boolean }) {
      const { post, targets } = await loadPost(input.postId);
      if (input.locked) {
        const verdict = checkLockedEdit((post.approvedScheduledAt ?? post.scheduledAt).getTime(), {
          scheduledAt: input.edit.scheduledAt,
          hashtags: input.edit.hashtags,
          otherFields: copyChanges(input.edit),
        });
        if (!verdict.allowed) throw editFailure(verdict.reason);
      }
      const changed = targets.map((t) => {
        const own = input.edit.targets?.find((e) => e.platform === t.platform);
        return {
          ...t,
          text: own?.text ?? t.text,
          hashtags: (own?.hashtags ?? input.edit.hashtags ?? t.hashtags).map((h) => h.replace(/^#/, '')),
          title: own?.title ?? t.title,
        };
      });
      const unknown = (input.edit.targets ?? []).filter((e) => !targets.some((t) => t.platform === e.platform));
      if (unknown.length > 0) throw editFailure(`This post is not planned for ${unknown.map((u) => u.platform).join(', ')}.`);
      const problems = changed.flatMap((t) => problemsOf(t).map((p) => `${t.platform}: ${p.message}`));
      if (problems.length > 0) throw editFailure(`The edit breaks platform rules, nothing was saved: ${problems.join(' ')}`);

      const scheduledAt = input.edit.scheduledAt ? new Date(input.edit.scheduledAt) : post.scheduledAt;
      const revision = post.revision + 1;
      const hash = input.locked ? contentHash(changed, scheduledAt) : null;
      const kind: RevisionKind = input.actorId === 'herald-optimiser' ? 'optimised' : copyChanges(input.edit).length > 0 ? 'edit' : input.edit.hashtags || input.edit.targets ? 'hashtags' : 'timing';
      await db.transaction(async (tx) => {
        for (const t of changed) {
          await tx.update(postTargets).set({ text: t.text, hashtags: t.hashtags, title: t.title, problems: [], updatedAt: new Date() }).where(eq(postTargets.id, t.id));
        }
        await tx.update(posts).set({ scheduledAt, revision, contentHash: hash ?? post.contentHash, updatedAt: new Date() }).where(eq(posts.id, post.id));
        await recordRevision(tx, {
          postId: post.id,
          orgId: post.orgId,
          revision,
          kind,
          actor: input.actorId,
          hash: hash ?? undefined,
          snapshot: contentOf(changed, scheduledAt),
        });
      });
      return { revision, scheduledAt: scheduledAt.toISOString(), contentHash: hash };
    },

    /** The approver's privacy choice alone (runs recorded before approvePost; see storePrivacyChoice). */
    async recordPrivacyChoice(input: { postId: string; privacy: PrivacyChoice }) {
      const { targets } = await loadPost(input.postId);
      return storePrivacyChoice(db, targets, input.privacy);
    },

    /** Who decided what on which revision; written once per decision even if retried. */
    async recordPostDecision(input: { postId: string; orgId: string; actorId: string; action: string; revision: number; reason?: string }) {
      await insertDecision(db, input);
    },

    /**
     * One approval in one transaction: the approver's privacy choice, the decision row and, when
     * it is the last approval needed (`lock`), the content lock and the approved stage. The post
     * workflow runs it as a local activity, so an approval costs no task-queue round trip.
     * Idempotent: a retried attempt writes the same rows; a refusal saves nothing.
     */
    async approvePost(input: { postId: string; orgId: string; actorId: string; revision: number; privacy: PrivacyChoice; lock: boolean }): Promise<{ revision: number; contentHash?: string }> {
      return db.transaction(async (tx) => {
        const { post, targets } = await loadPost(input.postId, tx);
        await storePrivacyChoice(tx, targets, input.privacy);
        await insertDecision(tx, { postId: input.postId, orgId: input.orgId, actorId: input.actorId, action: 'approve', revision: input.revision });
        if (!input.lock) return { revision: post.revision };
        return lockContent(tx, post, targets, input.actorId);
      });
    },

    async targetIdsOf(input: { postId: string }): Promise<{ targetIds: string[] }> {
      const rows = await db.select({ id: postTargets.id }).from(postTargets).where(eq(postTargets.postId, input.postId));
      return { targetIds: rows.map((r) => r.id) };
    },

    /** The post is due: its targets are handed to their publish workflows. */
    async markPostDue(input: { postId: string }) {
      await db.update(postTargets).set({ stage: 'publishing', updatedAt: new Date() }).where(eq(postTargets.postId, input.postId));
      await db.update(posts).set({ stage: 'publishing', updatedAt: new Date() }).where(eq(posts.id, input.postId));
    },
  };
}
