import { sql } from 'drizzle-orm';
import { enums } from '../temporal-config/proto.js';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client.js';
import type { ApiContext } from './context.js';
import { workerHeartbeats } from '../db/schema/index.js';

export interface ComponentHealth {
  ok: boolean;
  message: string;
}

export interface QueueHealth extends ComponentHealth {
  taskQueue: string;
  pollers: number;
  liveWorkers: string[];
}

export interface HealthReport {
  ok: boolean;
  checkedAt: string;
  components: { database: ComponentHealth; temporal: ComponentHealth; workers: QueueHealth[] };
}

/** What anyone may see: each component up or down, and nothing about why (errors, host names). */
export interface PublicHealthReport {
  ok: boolean;
  checkedAt: string;
  components: { database: { ok: boolean }; temporal: { ok: boolean }; workers: { taskQueue: string; ok: boolean }[] };
}

export function publicHealth(report: HealthReport): PublicHealthReport {
  const { database, temporal, workers } = report.components;
  return {
    ok: report.ok,
    checkedAt: report.checkedAt,
    components: {
      database: { ok: database.ok },
      temporal: { ok: temporal.ok },
      workers: workers.map(({ taskQueue, ok }) => ({ taskQueue, ok })),
    },
  };
}

export interface HealthDeps {
  db: Database;
  temporal: Client;
  namespace: string;
  taskQueues: string[];
  staleSeconds: number;
}

const TIMEOUT_MS = 3_000;
/** A poller is counted only if it polled recently; long polls last about a minute. */
const POLLER_RECENT_MS = 90_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const describeError = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function checkDatabase(db: Database): Promise<ComponentHealth> {
  try {
    await withTimeout(db.execute(sql`select 1`), 'database');
    return { ok: true, message: 'reachable' };
  } catch (err) {
    return { ok: false, message: `database unreachable: ${describeError(err)}` };
  }
}

async function checkTemporal(deps: HealthDeps): Promise<ComponentHealth> {
  try {
    await withTimeout(deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }), 'Temporal');
    return { ok: true, message: `namespace ${deps.namespace} reachable` };
  } catch (err) {
    return { ok: false, message: `Temporal unreachable: ${describeError(err)}` };
  }
}

async function recentPollers(deps: HealthDeps, taskQueue: string): Promise<number> {
  const types = [
    enums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  ];
  const now = Date.now();
  const identities = new Set<string>();
  for (const taskQueueType of types) {
    const answer = await withTimeout(
      deps.temporal.workflowService.describeTaskQueue({ namespace: deps.namespace, taskQueue: { name: taskQueue }, taskQueueType }),
      'Temporal',
    );
    for (const poller of answer.pollers ?? []) {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      if (now - seconds * 1000 <= POLLER_RECENT_MS) identities.add(poller.identity ?? '');
    }
  }
  return identities.size;
}

async function checkWorkers(deps: HealthDeps, dbOk: boolean, temporalOk: boolean): Promise<QueueHealth[]> {
  const beats = dbOk
    ? await deps.db
        .select({ workerId: workerHeartbeats.workerId, taskQueues: workerHeartbeats.taskQueues })
        .from(workerHeartbeats)
        .where(sql`${workerHeartbeats.lastSeenAt} > now() - make_interval(secs => ${deps.staleSeconds})`)
        .catch(() => [])
    : [];
  return Promise.all(
    deps.taskQueues.map(async (taskQueue): Promise<QueueHealth> => {
      const liveWorkers = beats.filter((b) => b.taskQueues.includes(taskQueue)).map((b) => b.workerId);
      const pollers = temporalOk ? await recentPollers(deps, taskQueue).catch(() => 0) : 0;
      const ok = pollers > 0 && liveWorkers.length > 0;
      const message = ok
        ? `${liveWorkers.length} live worker(s) polling`
        : liveWorkers.length === 0
          ? `no worker has reported in the last ${deps.staleSeconds} s for ${taskQueue}: is the worker process running?`
          : `worker alive but Temporal lists no pollers on ${taskQueue}`;
      return { taskQueue, ok, message, pollers, liveWorkers };
    }),
  );
}

/** The health of what this API serves, as its context names it. */
export function checkServedHealth(ctx: ApiContext): Promise<HealthReport> {
  return checkHealth({
    db: ctx.db,
    temporal: ctx.temporal,
    namespace: ctx.config.temporal.namespace,
    taskQueues: ctx.queues.served(),
    staleSeconds: ctx.config.worker.staleSeconds,
  });
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const [database, temporal] = await Promise.all([checkDatabase(deps.db), checkTemporal(deps)]);
  const workers = await checkWorkers(deps, database.ok, temporal.ok);
  return {
    ok: database.ok && temporal.ok && workers.every((w) => w.ok),
    checkedAt: new Date().toISOString(),
    components: { database, temporal, workers },
  };
}
