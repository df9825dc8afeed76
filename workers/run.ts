import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.js';
import { snapshotPerformance } from '../activities/monitoring/performance-source.js';
import type { AiConfig } from '../config/ai.js';
import type { Database } from '../db/client.js';
import { ensureSearchAttributes } from '../temporal-config/client.js';
import { taskQueues } from '../temporal-config/task-queues.js';
import { startHeartbeat } from './heartbeat.js';

export interface HeraldWorkerOptions {
  address: string;
  namespace: string;
  taskQueuePrefix: string;
  db: Database;
  ai: AiConfig;
  workflowBundle: WorkflowBundleWithSourceMap | { codePath: string };
  heartbeatMs: number;
  log: Logger;
}

export interface RunningWorker {
  /** Resolves when every worker has drained after shutdown() (or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Connects with retries: a worker that starts before Temporal is ready waits instead of dying. */
export async function connectWithRetry(address: string, log: Logger, attempts = 60): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (err) {
      if (attempt >= attempts) throw err;
      log.warn({ address, attempt }, 'Temporal not reachable yet; retrying in 2 s');
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

export async function runHeraldWorker(options: HeraldWorkerOptions): Promise<RunningWorker> {
  const queues = taskQueues(options.taskQueuePrefix);
  const connection = await connectWithRetry(options.address, options.log);
  await ensureSearchAttributes(connection, options.namespace);
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: queues.main,
    workflowBundle: options.workflowBundle,
    activities: createActivities({ db: options.db, ai: options.ai, performance: snapshotPerformance(options.db) }),
  });
  const heartbeat = await startHeartbeat(options.db, queues.served(), options.heartbeatMs);
  options.log.info({ workerId: heartbeat.workerId, taskQueues: queues.served() }, 'worker polling');

  const done = worker.run().finally(async () => {
    await heartbeat.stop().catch(() => undefined);
    await connection.close();
  });
  return {
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
