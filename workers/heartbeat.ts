import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { workerHeartbeats } from '../db/schema/index.js';

export interface Heartbeat {
  workerId: string;
  stop(): Promise<void>;
}

/**
 * Writes "I am alive and polling these queues" every interval. /healthz trusts this row, not only
 * Temporal's poller list, because the latter keeps listing a killed worker for minutes.
 */
export async function startHeartbeat(db: Database, taskQueues: string[], intervalMs: number): Promise<Heartbeat> {
  const workerId = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;
  const startedAt = new Date();
  const beat = () =>
    db
      .insert(workerHeartbeats)
      .values({ workerId, taskQueues, host: os.hostname(), pid: process.pid, startedAt, lastSeenAt: sql`now()` })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: sql`now()` } });
  await beat();
  const timer = setInterval(() => {
    beat().catch(() => undefined); // a missed beat shows as staleness; the next one heals it
  }, intervalMs);
  timer.unref();
  return {
    workerId,
    async stop() {
      clearInterval(timer);
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
    },
  };
}
