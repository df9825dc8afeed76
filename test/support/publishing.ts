import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { inject } from 'vitest';
import type { BillingConfig } from '../../config/billing.js';
import type { Platform } from '../../core/platforms.js';
import { auditLog, outboxEmails, posts, postTargets, publishAttempts, targetMedia } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { runHeraldWorker, type RunningWorker } from '../../workers/run.js';
import type { MonitorTargetInput } from '../../workflows/monitor.js';
import type { PublishTargetInput, PublishTargetResult } from '../../workflows/publish.js';
import { platformHarness, TEST_ENCRYPTION_KEYS, TEST_TIMEOUT_MS, type PlatformHarness } from './platforms.js';
import { createSupportStaff, createTestUser, silentLog, startStack, type TestStack, type TestUser } from './stack.js';
import { testDatabaseUrl } from './database.js';
import { waitFor } from './processes.js';

/** A real API, Temporal, Postgres and platform emulator, with a worker serving every publish queue. */
export interface PublishingStack {
  stack: TestStack;
  platforms: PlatformHarness;
  support: TestUser;
  /** The in-process worker; undefined when the test runs its own worker process. */
  worker: RunningWorker | undefined;
  /** Environment for a real worker process (workers/main.ts) on the same queues and emulator. */
  workerEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startPublishingStack(options: { worker?: boolean; aiEnv?: Record<string, string>; platformTimeoutMs?: number; billing?: BillingConfig } = {}): Promise<PublishingStack> {
  const platformTimeoutMs = options.platformTimeoutMs ?? TEST_TIMEOUT_MS;
  const platforms = await platformHarness({ PLATFORM_TIMEOUT_MS: String(platformTimeoutMs) });
  // The API reads accounts on the same emulator as the worker (TikTok's privacy options at approval).
  const stack = await startStack({ worker: false, platforms: platforms.platforms.config, aiEnv: options.aiEnv, billing: options.billing });
  const worker =
    options.worker === false
      ? undefined
      : await runHeraldWorker({
          address: stack.config.temporal.address!,
          namespace: stack.config.temporal.namespace,
          taskQueuePrefix: stack.config.temporal.taskQueuePrefix,
          db: stack.database.db,
          ai: (await import('../../config/ai.js')).loadAiConfig(options.aiEnv ?? {}),
          workflowBundle: { codePath: inject('workflowBundlePath') },
          heartbeatMs: 5_000,
          log: silentLog,
          platforms: platforms.platforms.config,
          publishCapRecheckMs: 2_000,
          billing: options.billing,
        });
  const support = await createSupportStaff(stack);
  const workerEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: stack.config.temporal.address!,
    TEMPORAL_TASK_QUEUE_PREFIX: stack.config.temporal.taskQueuePrefix,
    WORKER_HEARTBEAT_SECONDS: '1',
    // The run's bundle, made once by the global setup: a restarted worker starts in a second, not after a webpack build.
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    PLATFORM_EMULATOR_URL: platforms.emulator.url,
    HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    PLATFORM_TIMEOUT_MS: String(platformTimeoutMs),
  };
  return {
    stack,
    platforms,
    support,
    worker,
    workerEnv,
    async stop() {
      await worker?.shutdown();
      await stack.stop();
      await platforms.close();
    },
  };
}

/** A post with one target on `platform`, written and approved, for `accountId`. */
export async function createTarget(s: PublishingStack, platform: Platform, accountId: string, options: { text?: string; media?: { kind: 'image' | 'video'; url: string; mimeType: string; durationSeconds?: number; width?: number; height?: number }[] } = {}) {
  const db = s.stack.database.db;
  const [post] = await db
    .insert(posts)
    .values({ orgId: s.platforms.orgId, scheduledAt: new Date(), stage: 'publishing', slotKey: `publish-test:${randomUUID()}` })
    .returning();
  const [target] = await db
    .insert(postTargets)
    .values({ postId: post!.id, orgId: s.platforms.orgId, platform, socialAccountId: accountId, stage: 'approved', text: options.text ?? `Fresh loaves at 7, ${randomUUID().slice(0, 8)}`, hashtags: ['bakery'] })
    .returning();
  if (options.media?.length) await db.insert(targetMedia).values(options.media.map((m, position) => ({ targetId: target!.id, position, ...m })));
  return { targetId: target!.id, postId: post!.id, orgId: s.platforms.orgId };
}

export function startPublish(s: PublishingStack, input: PublishTargetInput) {
  return s.stack.temporal.workflow.start('publishTargetWorkflow', {
    workflowId: workflowIds.publish(input.targetId, input.attempt),
    taskQueue: s.stack.queues.main,
    args: [input],
  });
}

export async function publishAndWait(s: PublishingStack, input: PublishTargetInput): Promise<PublishTargetResult> {
  const handle = await startPublish(s, input);
  return (await handle.result()) as PublishTargetResult;
}

export async function targetRow(s: PublishingStack, targetId: string) {
  const [row] = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.id, targetId));
  return row!;
}

export function attemptsOf(s: PublishingStack, targetId: string) {
  return s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId)).orderBy(publishAttempts.attempt);
}

export function auditRowsFor(s: PublishingStack, targetId: string) {
  return s.stack.database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, targetId), eq(auditLog.action, 'publish.replay')));
}

export function mailsOfKind(s: PublishingStack, kind: string) {
  return s.stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, s.platforms.orgId), eq(outboxEmails.kind, kind)));
}

/** The support routes of an org (the harness's own org unless another is named). */
export const publishingRoutes = (s: PublishingStack, orgId = s.platforms.orgId) => `/api/v1/orgs/${orgId}/publishing`;

/** What the emulator shows as posted on X whose text starts with `text`. */
export async function xPostsStartingWith(s: PublishingStack, text: string) {
  return (await s.platforms.posts('x')).filter((p) => p.text.startsWith(text));
}

/**
 * A published target's real monitor reads at 15 min .. 24 h, which no test can wait for: it is
 * replaced by the same monitor workflow with its five checkpoints 3 s apart from now.
 */
export async function monitorSecondsApart(s: PublishingStack, target: typeof postTargets.$inferSelect): Promise<void> {
  const handle = s.stack.temporal.workflow.getHandle(workflowIds.monitor(target.id));
  await waitFor(() => handle.describe().catch(() => undefined), 60_000, `the monitor of ${target.platform}`);
  await handle.terminate('the test reads its checkpoints seconds apart');
  const elapsed = Date.now() - target.publishedAt!.getTime();
  const input: MonitorTargetInput = {
    targetId: target.id,
    postId: target.postId,
    orgId: target.orgId,
    platform: target.platform,
    publishedAt: target.publishedAt!.toISOString(),
    offsets: [1, 2, 3, 4, 5].map((i) => elapsed + i * 3_000),
  };
  await s.stack.temporal.workflow.start('monitorTargetWorkflow', { workflowId: workflowIds.monitor(target.id), taskQueue: s.stack.queues.main, args: [input] });
}
