import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.js';
import { mediaUrlSigner } from '../activities/media/activities.js';
import { mediaStoreFrom } from '../activities/media/store.js';
import { createPlatformServices } from '../activities/platforms/services.js';
import { publishingPlatformActivities } from '../activities/publishing/platform.js';
import { publishRunActivities } from '../activities/publishing/records.js';
import { snapshotPerformance } from '../activities/monitoring/performance-source.js';
import type { AiConfig } from '../config/ai.js';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config/env.js';
import { describeEmailTransport, loadEmailConfig, type EmailConfig } from '../config/email.js';
import { emailActivities } from '../activities/email/activities.js';
import { emailTransportFrom } from '../activities/email/transport.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import type { emailDispatchWorkflow } from '../workflows/email.js';
import type { BillingConfig } from '../config/billing.js';
import { loadPlatformConfig, type PlatformConfig } from '../config/platforms.js';
import { PLATFORMS, type Platform } from '../core/platforms.js';
import type { Database } from '../db/client.js';
import { connectTemporal, ensureSearchAttributes } from '../temporal-config/client.js';
import { temporalConnectionOptions, type TemporalConnectionOptions, type TemporalSecurity } from '../temporal-config/connection.js';
import { systemPriority } from '../temporal-config/priorities.js';
import { PUBLISH_CONCURRENCY, taskQueues } from '../temporal-config/task-queues.js';
import { startHeartbeat } from './heartbeat.js';

export interface HeraldWorkerOptions {
  address: string;
  /** mTLS / API key for a secured Temporal; default: plain connection. */
  security?: TemporalSecurity;
  namespace: string;
  taskQueuePrefix: string;
  db: Database;
  ai: AiConfig;
  workflowBundle: WorkflowBundleWithSourceMap | { codePath: string };
  heartbeatMs: number;
  log: Logger;
  /** Platform apps and the emulator; default: from the environment. */
  platforms?: PlatformConfig;
  /** Stripe and plan settings; default: from the environment. */
  billing?: BillingConfig;
  /** How often a full platform cap (Instagram's 24 h limit) is read again; default 15 min. */
  publishCapRecheckMs?: number;
  /** Resend, SMTP or the dev outbox; default: from the environment. */
  email?: EmailConfig;
  /** Publishes run at once per platform queue; default PUBLISH_CONCURRENCY. */
  publishConcurrency?: Record<Platform, number>;
  /**
   * Workflows kept in memory between their tasks (the SDK's sticky cache); the least recently used
   * is evicted and replays its history on its next task. Default DEFAULT_MAX_CACHED_WORKFLOWS.
   */
  maxCachedWorkflows?: number;
}

export interface RunningWorker {
  /** The workflow cache the SDK runs with (after its own checks). */
  maxCachedWorkflows: number;
  /** Resolves when every worker has drained after shutdown() (or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Connects with retries: a worker that starts before Temporal is ready waits instead of dying. */
export async function connectWithRetry(options: TemporalConnectionOptions, log: Logger, attempts = 60): Promise<NativeConnection> {
  const { address } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      if (attempt >= attempts) throw err;
      log.warn({ address, attempt }, 'Temporal not reachable yet; retrying in 2 s');
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

/** The deployment's one e-mail dispatcher; already running (another worker started it) is fine. */
async function startEmailDispatch(client: Client, taskQueuePrefix: string, taskQueue: string): Promise<void> {
  await client.workflow.start<typeof emailDispatchWorkflow>('emailDispatchWorkflow', {
    workflowId: workflowIds.emailDispatch(taskQueuePrefix),
    taskQueue,
    args: [],
    priority: systemPriority('interactive'),
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: 'Starts email-<id> for every queued outbox e-mail',
  });
}

export async function runHeraldWorker(options: HeraldWorkerOptions): Promise<RunningWorker> {
  const queues = taskQueues(options.taskQueuePrefix);
  const connection = await connectWithRetry(temporalConnectionOptions(options.address, options.security), options.log);
  await ensureSearchAttributes(connection, options.namespace);
  // A client for the activities that ask Temporal about other workflows (is a publish run still running?).
  const temporal = await connectTemporal(options.address, options.namespace, options.security);
  // One set of platform services (adapters, token vault, sessions) serves publishing and monitoring alike.
  const platforms = createPlatformServices(options.db, options.platforms ?? loadPlatformConfig());
  const email = options.email ?? loadEmailConfig();
  const emailTransport = emailTransportFrom(email);
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: queues.main,
    workflowBundle: options.workflowBundle,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    activities: {
      ...createActivities({ db: options.db, ai: options.ai, platforms, performance: snapshotPerformance(options.db), billing: options.billing }),
      ...publishRunActivities({ db: options.db, temporal: temporal.client }),
      ...emailActivities({ db: options.db, temporal: temporal.client, taskQueue: queues.main, transport: emailTransport, from: email.from, sweepSeconds: email.sweepSeconds, unsubscribe: email.unsubscribe, appUrl: email.appUrl }),
    },
  });
  await startEmailDispatch(temporal.client, options.taskQueuePrefix, queues.main);
  // One activity worker per platform queue, each with its own concurrency cap.
  const publishing = publishingPlatformActivities({
    db: options.db,
    platforms,
    capRecheckMs: options.publishCapRecheckMs,
    signMediaUrl: mediaUrlSigner(options.db, mediaStoreFrom(options.ai)),
    billing: options.billing,
  });
  const platformWorkers = await Promise.all(
    PLATFORMS.map((platform) =>
      Worker.create({ connection, namespace: options.namespace, taskQueue: queues.platform(platform), activities: publishing, maxConcurrentActivityTaskExecutions: (options.publishConcurrency ?? PUBLISH_CONCURRENCY)[platform] }),
    ),
  );
  const workers = [worker, ...platformWorkers];
  const heartbeat = await startHeartbeat(options.db, queues.served(), options.heartbeatMs);
  options.log.info({ workerId: heartbeat.workerId, taskQueues: queues.served(), email: describeEmailTransport(email) }, 'worker polling');

  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined).finally(async () => {
    await heartbeat.stop().catch(() => undefined);
    emailTransport?.close();
    await temporal.close();
    await connection.close();
  });
  return {
    maxCachedWorkflows: worker.options.maxCachedWorkflows,
    done,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    },
  };
}
