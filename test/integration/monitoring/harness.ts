import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { MetricCurve } from '../../../emulators/platforms/state.js';
import { metricSnapshots, postAlerts, posts, postTargets } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import type { MonitorTargetInput } from '../../../workflows/monitor.js';
import { platformHarness, TEST_ENCRYPTION_KEYS, TEST_TIMEOUT_MS, type PlatformHarness } from '../../support/platforms.js';
import { startStack, type TestStack } from '../../support/stack.js';

/**
 * A real worker and API whose platform calls go to a real emulator, plus an org with an owner.
 * The worker builds its platform services from the environment, so the emulator's URL and the
 * test encryption keys are put there for the duration.
 */
export interface MonitoringHarness {
  h: PlatformHarness;
  stack: TestStack;
  /**
   * Publishes on X through the adapter (as the publish workflow would) and stores the target as published.
   * `publishedAt` stores another clock's now (a time-skipping server's) and leaves the emulator's clock
   * to the caller; without it, the target is published now and the emulator's clock moves a day on.
   */
  publishOnX(curve: MetricCurve, options?: { hashtags?: string[]; accountId?: string; publishedAt?: Date }): Promise<PublishedTarget>;
  /** The monitor's input for a target; without offsets, the production checkpoints. */
  monitorInput(target: PublishedTarget, offsets?: number[]): MonitorTargetInput;
  startMonitor(target: PublishedTarget, offsets: number[]): ReturnType<TestStack['temporal']['workflow']['start']>;
  snapshots(targetId: string): Promise<(typeof metricSnapshots.$inferSelect)[]>;
  alerts(targetId: string): Promise<(typeof postAlerts.$inferSelect)[]>;
  close(): Promise<void>;
}

export interface PublishedTarget {
  targetId: string;
  postId: string;
  accountId: string;
  platformPostId: string;
  publishedAt: Date;
}

const ENV_KEYS = ['PLATFORM_EMULATOR_URL', 'HERALD_ENCRYPTION_KEYS', 'PLATFORM_TIMEOUT_MS'] as const;
const DAY_MS = 86_400_000;

/** `worker: false` leaves the dev server without a Herald worker, for tests that run their own (time-skipping). */
export async function monitoringHarness(options: { worker?: boolean } = {}): Promise<MonitoringHarness> {
  const h = await platformHarness();
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, { PLATFORM_EMULATOR_URL: h.emulator.url, HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS, PLATFORM_TIMEOUT_MS: String(TEST_TIMEOUT_MS) });
  const stack = await startStack({ worker: options.worker });
  const db = stack.database.db;
  let accounts = 0;
  const monitorInput = (target: PublishedTarget, offsets?: number[]): MonitorTargetInput => ({
    targetId: target.targetId,
    postId: target.postId,
    orgId: h.orgId,
    platform: 'x',
    publishedAt: target.publishedAt.toISOString(),
    offsets,
  });

  return {
    h,
    stack,
    async publishOnX(curve, { hashtags = ['#bakery'], accountId = undefined, publishedAt: givenPublishedAt = undefined } = {}) {
      accountId ??= await h.connect('x', `monitored-${++accounts}-${randomUUID().slice(0, 8)}`);
      await h.nextCurve('x', curve);
      const text = `Fresh loaves at 7 ${randomUUID().slice(0, 6)}`;
      const published = await h.platforms.sessions.run(accountId, (s, a) => a.publish(s, { text, hashtags: [], media: [] }, { idempotencyKey: randomUUID() }));
      const publishedAt = givenPublishedAt ?? new Date();
      // Metrics are read seconds after publishing; a day on the emulator's clock gives them a day's growth.
      if (!givenPublishedAt) await h.advanceClock(DAY_MS);
      const [post] = await db
        .insert(posts)
        .values({ orgId: h.orgId, userId: h.userId, scheduledAt: publishedAt, stage: 'published', brief: { topic: 'Bread', brief: 'Morning bake', contentType: 'announcement' } })
        .returning();
      const [target] = await db
        .insert(postTargets)
        .values({ postId: post!.id, orgId: h.orgId, platform: 'x', socialAccountId: accountId, stage: 'published', text, hashtags, platformPostId: published.platformPostId, platformPostUrl: published.url, publishedAt })
        .returning();
      return { targetId: target!.id, postId: post!.id, accountId, platformPostId: published.platformPostId, publishedAt };
    },
    monitorInput,
    startMonitor(target, offsets) {
      return stack.temporal.workflow.start('monitorTargetWorkflow', { workflowId: workflowIds.monitor(target.targetId), taskQueue: stack.queues.main, args: [monitorInput(target, offsets)] });
    },
    snapshots: (targetId) => db.select().from(metricSnapshots).where(eq(metricSnapshots.targetId, targetId)).orderBy(asc(metricSnapshots.dueAt)),
    alerts: (targetId) => db.select().from(postAlerts).where(eq(postAlerts.targetId, targetId)),
    async close() {
      await stack.stop();
      await h.close();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}
