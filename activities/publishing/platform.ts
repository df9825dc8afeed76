import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { and, desc, eq, isNotNull, max, sql } from 'drizzle-orm';
import { loadBillingConfig } from '../../config/billing.js';
import type { BillingSettings } from '../../core/billing.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { PLAN_LABELS } from '../../core/plans.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { accountActivity, type AccountActivity } from '../../db/queries/billing.js';
import { postTargets, publishAttempts, publishWindows } from '../../db/schema/index.js';
import type { PlatformServices } from '../platforms/services.js';
import { AccountSessions } from '../platforms/session.js';
import { msUntilFree } from '../platforms/rate-limits.js';
import { PlatformError, type PublishedPost, type PublishProgress, type RateLimitBudget } from '../platforms/types.js';
import { accountFor, contentOf, firstAttempt, loadTarget, openAttempt, type MediaUrlSigner, type TargetRow } from './targets.js';

/**
 * The activities that talk to a platform; they run on that platform's task queue. Only
 * prepareSession and reconcileTarget may be retried by Temporal: sendToPlatform makes exactly
 * one request per call and reports its outcome as a value for the workflow to decide on.
 */

export type SendResult =
  | { outcome: 'published'; platformPostId: string; url: string; publishedAt: string }
  | { outcome: 'retry'; message: string; code?: string; waitMs?: number }
  | { outcome: 'failed'; kind: 'permanent' | 'needs_reconnect'; message: string }
  | { outcome: 'unconfirmed'; message: string }
  /** An earlier attempt's outcome is unknown: reconcile it before anything is sent. */
  | { outcome: 'reconcile' };

export type ReconcileResult =
  | { outcome: 'published'; platformPostId: string; url: string; publishedAt: string }
  | { outcome: 'absent' }
  | { outcome: 'unknown'; kind: 'permanent' | 'needs_reconnect'; message: string };

export interface PublishingPlatformDeps {
  db: Database;
  platforms: PlatformServices;
  /** Refresh when the token expires sooner than a publish may take (video uploads): 15 min. */
  refreshAheadMs?: number;
  /** A cap read at run time (Instagram's 24 h limit) is re-read this often while it is full. */
  capRecheckMs?: number;
  /** Signs stored media's URLs at publish time; without it the URLs saved with the target are used. */
  signMediaUrl?: MediaUrlSigner;
  /** The plan settings that decide which accounts publish after a downgrade; from the environment when omitted. */
  billing?: BillingSettings;
}

/** Steps after which the platform has the post itself (not only an upload or an init). */
const COMMITTED_STEPS = new Set(['published', 'uploaded']);
/** Caps whose end Herald cannot see exactly (Instagram's rolling 24 h, YouTube's upload limits): re-read while full. */
const CAP_CODES = new Set(['publishing_cap', 'quotaExceeded', 'uploadLimitExceeded']);

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export async function recordPublished(db: Database | Tx, targetId: string, attemptId: string | undefined, post: PublishedPost): Promise<void> {
  if (attemptId) {
    await db
      .update(publishAttempts)
      .set({ status: 'published', platformPostId: post.platformPostId, committed: true, finishedAt: new Date(), errorKind: null, errorMessage: null })
      .where(eq(publishAttempts.id, attemptId));
  }
  await db
    .update(postTargets)
    .set({ stage: 'published', platformPostId: post.platformPostId, platformPostUrl: post.url, publishedAt: post.publishedAt, errorKind: null, errorMessage: null, updatedAt: new Date() })
    .where(eq(postTargets.id, targetId));
}

function usedUpReason(platform: Platform, budget: RateLimitBudget): string {
  const of = budget.limit ? ` (0 of ${budget.limit} left)` : '';
  return `${PLATFORM_LIMITS[platform].label} limit reached: this account's ${budget.scope} are used up${of}; its next post waits until the window resets at ${budget.resetAt!.toISOString()}.`;
}

/** The ids the platform gave this target's attempts (TikTok's publish_id at init), newest first. */
async function platformIdsOf(db: Database, targetId: string): Promise<string[]> {
  const rows = await db
    .select({ id: publishAttempts.platformPostId })
    .from(publishAttempts)
    .where(and(eq(publishAttempts.targetId, targetId), isNotNull(publishAttempts.platformPostId)))
    .orderBy(desc(publishAttempts.attempt));
  return rows.map((r) => r.id!);
}

/** Why an account over the plan's limit does not publish, and the two ways to change that. */
export function pausedAccountMessage(activity: Pick<AccountActivity, 'plan' | 'max' | 'chosen'>, account: { platform: string; displayName: string }): string {
  const label = PLATFORM_LIMITS[account.platform as Platform]?.label ?? account.platform;
  const who = activity.chosen ? 'the accounts chosen to stay active' : `the ${activity.max} oldest accounts`;
  return `${label} account ${account.displayName} is paused: the ${PLAN_LABELS[activity.plan]} plan allows ${activity.max} connected accounts, and ${who} publish. Choose it under Accounts, or upgrade; then replay the post.`;
}

const asResult = (post: PublishedPost) => ({ platformPostId: post.platformPostId, url: post.url, publishedAt: post.publishedAt.toISOString() });

export function publishingPlatformActivities(deps: PublishingPlatformDeps) {
  const { db } = deps;
  const sessions = new AccountSessions({ db, vault: deps.platforms.vault, registry: deps.platforms.registry, refreshAheadMs: deps.refreshAheadMs ?? 15 * 60_000 });
  const capRecheckMs = deps.capRecheckMs ?? 15 * 60_000;

  const billing = deps.billing ?? loadBillingConfig();

  async function requireAccount(target: TargetRow & { platform: Platform }): Promise<string> {
    const activity = await accountActivity(db, target.orgId, billing);
    const accountId = await accountFor(db, target, activity.active);
    if (accountId) return accountId;
    const paused = activity.paused.find((a) => (target.socialAccountId ? a.id === target.socialAccountId : a.platform === target.platform));
    if (paused) throw new PlatformError('permanent', target.platform, pausedAccountMessage(activity, paused));
    throw new PlatformError('needs_reconnect', target.platform, `No ${PLATFORM_LIMITS[target.platform].label} account is connected for this organisation; connect one and replay the post.`);
  }

  /** Writes the attempt row before the request leaves; returns undefined when an earlier attempt is still open. */
  async function claimAttempt(targetId: string, run: number, workflowId: string) {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select id from post_targets where id = ${targetId} for update`);
      const target = await loadTarget(tx, targetId);
      if (target.platformPostId && target.stage === 'published') return { kind: 'already' as const, target };
      if (await openAttempt(tx, targetId)) return { kind: 'open' as const };
      const [last] = await tx.select({ n: max(publishAttempts.attempt) }).from(publishAttempts).where(eq(publishAttempts.targetId, targetId));
      const attempt = (last?.n ?? 0) + 1;
      const [row] = await tx
        .insert(publishAttempts)
        .values({ targetId, orgId: target.orgId, attempt, idempotencyKey: `${targetId}:${attempt}`, run, workflowId, status: 'sending' })
        .returning();
      await tx.update(postTargets).set({ attempts: attempt, updatedAt: new Date() }).where(eq(postTargets.id, targetId));
      return { kind: 'claimed' as const, attempt: row!, target };
    });
  }

  async function holdAccount(accountId: string, waitMs: number, reason: string, executor: Database | Tx = db): Promise<void> {
    const notBefore = new Date(Date.now() + waitMs);
    await executor
      .insert(publishWindows)
      .values({ accountId, notBefore, reason })
      .onConflictDoUpdate({
        target: publishWindows.accountId,
        set: { notBefore: sql`greatest(${publishWindows.notBefore}, excluded.not_before)`, reason, updatedAt: new Date() },
      });
  }

  async function settleFailure(attemptId: string, accountId: string, err: unknown): Promise<SendResult> {
    const e = err instanceof PlatformError ? err : undefined;
    // Anything but the platform's own answer (a bug, a dropped connection) may have sent the post.
    const kind = e?.kind ?? 'unconfirmed';
    const message = e?.message ?? `The publish stopped with an unexpected error (${(err as Error)?.message ?? String(err)}); it will be checked on the platform.`;
    const status = kind === 'retryable' ? 'retry' : kind === 'unconfirmed' ? 'unconfirmed' : 'failed';
    await db
      .update(publishAttempts)
      .set({ status, errorKind: kind, errorCode: e?.options.code ?? null, errorMessage: message, finishedAt: new Date() })
      .where(eq(publishAttempts.id, attemptId));
    if (kind === 'unconfirmed') return { outcome: 'unconfirmed', message };
    if (kind === 'permanent' || kind === 'needs_reconnect') return { outcome: 'failed', kind, message };
    const asked = e?.options.retryAfterMs;
    const waitMs = asked !== undefined && e?.options.code && CAP_CODES.has(e.options.code) ? Math.min(asked, capRecheckMs) : asked;
    if (waitMs !== undefined) await holdAccount(accountId, waitMs, message);
    return { outcome: 'retry', message, code: e?.options.code, waitMs };
  }

  return {
    /** Opens the account's session, refreshing the token when it expires before a publish could finish. */
    async prepareSession(input: { targetId: string }): Promise<{ ok: true; accountId: string } | { ok: false; kind: 'permanent' | 'needs_reconnect'; message: string }> {
      const target = await loadTarget(db, input.targetId);
      try {
        const accountId = await requireAccount(target);
        await sessions.open(accountId);
        return { ok: true, accountId };
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        if (err.kind === 'permanent' || err.kind === 'needs_reconnect') return { ok: false, kind: err.kind, message: err.message };
        throw ApplicationFailure.create({ message: err.message, type: 'PlatformRetryable', nextRetryDelay: err.options.retryAfterMs });
      }
    },

    /** One publish request. Never retried by Temporal: a crash mid-call leaves a 'sending' row to reconcile. */
    async sendToPlatform(input: { targetId: string; run: number; workflowId: string }): Promise<SendResult> {
      const claimed = await claimAttempt(input.targetId, input.run, input.workflowId);
      if (claimed.kind === 'open') return { outcome: 'reconcile' };
      if (claimed.kind === 'already') {
        const t = claimed.target;
        return { outcome: 'published', platformPostId: t.platformPostId!, url: t.platformPostUrl ?? '', publishedAt: (t.publishedAt ?? new Date()).toISOString() };
      }
      const { attempt, target } = claimed;
      const accountId = await requireAccount(target).catch((err) => err as PlatformError);
      if (typeof accountId !== 'string') return settleFailure(attempt.id, '', accountId);
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat({ step: 'waiting for the platform' }), 2_000);
      const onProgress = async (progress: PublishProgress) => {
        context.heartbeat({ step: progress.step });
        const committed = Boolean(progress.platformPostId && COMMITTED_STEPS.has(progress.step));
        await db
          .update(publishAttempts)
          .set({ step: progress.step, ...(progress.platformPostId ? { platformPostId: progress.platformPostId, committed } : {}) })
          .where(eq(publishAttempts.id, attempt.id));
        if (committed) await db.update(postTargets).set({ platformPostId: progress.platformPostId }).where(eq(postTargets.id, target.id));
      };
      try {
        const content = await contentOf(db, target, deps.signMediaUrl);
        const post = await sessions.run(accountId, (session, adapter) => adapter.publish(session, content, { idempotencyKey: attempt.idempotencyKey, onProgress }));
        await db.transaction(async (tx) => {
          await recordPublished(tx, target.id, attempt.id, post);
          // The platform said this post used the last of a window: the account's next post waits for its reset.
          const waitMs = msUntilFree(post.rateLimit);
          if (waitMs) await holdAccount(accountId, waitMs, usedUpReason(target.platform, post.rateLimit!), tx);
        });
        return { outcome: 'published', ...asResult(post) };
      } catch (err) {
        return settleFailure(attempt.id, accountId, err);
      } finally {
        clearInterval(beat);
      }
    },

    /**
     * Asks the platform whether an open attempt's post exists. Found: recorded as published.
     * Not found: the attempt is closed as absent, so a new one may be sent. Read-only; retried.
     * `always` (support replays) asks the platform even when no attempt is open.
     */
    async reconcileTarget(input: { targetId: string; always?: boolean }): Promise<ReconcileResult> {
      const target = await loadTarget(db, input.targetId);
      if (target.platformPostId && target.stage === 'published') {
        return { outcome: 'published', platformPostId: target.platformPostId, url: target.platformPostUrl ?? '', publishedAt: (target.publishedAt ?? new Date()).toISOString() };
      }
      const open = await openAttempt(db, target.id);
      if (!open && !input.always) return { outcome: 'absent' };
      try {
        const accountId = await requireAccount(target);
        const content = await contentOf(db, target, deps.signMediaUrl);
        // A minute's slack for the platform's clock.
        const since = new Date(((open ?? (await firstAttempt(db, target.id)))?.startedAt ?? target.createdAt).getTime() - 60_000);
        const knownIds = await platformIdsOf(db, target.id);
        const committed = open?.committed && open.platformPostId ? { platformPostId: open.platformPostId, url: '', publishedAt: open.startedAt } : undefined;
        // A platform that cannot be asked (LinkedIn without r_member_social) does not matter once the post's id is known.
        const found = await sessions.run(accountId, (session, adapter) => adapter.findExisting(session, { content, since, knownIds })).catch((err: unknown) => {
          if (committed && err instanceof PlatformError && err.kind === 'permanent') return undefined;
          throw err;
        });
        const post = found ?? committed;
        if (post) {
          await db.transaction((tx) => recordPublished(tx, target.id, open?.id, post));
          return { outcome: 'published', ...asResult(post) };
        }
        if (open) {
          await db
            .update(publishAttempts)
            .set({ status: 'absent', finishedAt: new Date() })
            .where(and(eq(publishAttempts.id, open.id), eq(publishAttempts.status, open.status)));
        }
        return { outcome: 'absent' };
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        if (err.kind === 'permanent' || err.kind === 'needs_reconnect') return { outcome: 'unknown', kind: err.kind, message: err.message };
        throw ApplicationFailure.create({ message: err.message, type: 'PlatformRetryable', nextRetryDelay: err.options.retryAfterMs });
      }
    },
  };
}

export type PublishingPlatformActivities = ReturnType<typeof publishingPlatformActivities>;
