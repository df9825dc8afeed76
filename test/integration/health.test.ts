import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase } from '../../db/client.js';
import { taskQueues } from '../../temporal-config/task-queues.js';
import { exited, runCli, spawnEntry, waitFor } from '../support/processes.js';
import { checkHealth } from '../../api/health.js';
import { createTestUser, silentLog, startStack, testConfig, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let ops: TestUser;
let worker: ChildProcess | undefined;
const opsEmail = `ops-${randomBytes(4).toString('hex')}@example.test`;

const workerEnv = () => ({
  DATABASE_URL: stack.config.databaseUrl!,
  TEMPORAL_ADDRESS: stack.config.temporal.address!,
  TEMPORAL_TASK_QUEUE_PREFIX: stack.config.temporal.taskQueuePrefix,
  WORKER_HEARTBEAT_SECONDS: '1',
  LOG_LEVEL: 'warn',
  // The run's bundle from the global setup: a worker that builds its own takes a minute on a loaded machine.
  WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
});

async function health(baseUrl = stack.baseUrl) {
  const res = await fetch(`${baseUrl}/healthz`);
  return { status: res.status, body: await res.json() };
}

/** What signed-in ops see: every component's message, pollers and live workers. */
async function detail() {
  const res = await ops.request('/api/v1/ops/health');
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  // The API runs in the test; the worker is a real separate process we can kill.
  stack = await startStack({ worker: false, env: { WORKER_STALE_SECONDS: '6', HERALD_OPS_EMAILS: `someone@example.test, ${opsEmail.toUpperCase()}` } });
  ops = await createTestUser(stack, { email: opsEmail, name: 'Ops' });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await stack?.stop();
});

/** Each test starts with no worker process, whatever ran before it: one left running is killed and health awaited red. */
beforeEach(async () => {
  if (worker) {
    worker.kill('SIGKILL');
    await exited(worker);
    worker = undefined;
  }
  await waitFor(async () => ((await health()).status === 503 ? true : undefined), 30_000, 'healthz 503 with no worker running');
});

async function startWorkerProcess(): Promise<ChildProcess> {
  worker = spawnEntry('workers/main.ts', workerEnv());
  await waitFor(async () => ((await health()).status === 200 ? true : undefined), 90_000, 'healthz 200');
  return worker;
}

describe('/healthz', () => {
  it('is 503 naming the worker queue while no worker runs; ops see why', async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.components.database.ok).toBe(true);
    expect(body.components.temporal.ok).toBe(true);
    expect(body.components.workers[0]).toEqual({ taskQueue: stack.queues.main, ok: false });
    const detailed = await detail();
    expect(detailed.status).toBe(503);
    expect(detailed.body.components.workers[0].message).toContain('is the worker process running?');
  });

  it('turns 200 when a worker process polls, 503 when it is killed, and 200 again when it is back', async () => {
    const first = await startWorkerProcess();
    const { body } = await detail();
    expect(body.components.workers[0].pollers).toBeGreaterThan(0);
    expect(body.components.workers[0].liveWorkers).toHaveLength(1);

    first.kill('SIGKILL');
    await exited(first);
    const down = await waitFor(async () => {
      const h = await health();
      return h.status === 503 ? h.body : undefined;
    }, 30_000, 'healthz 503 after kill');
    expect(down.components.workers[0]).toMatchObject({ taskQueue: stack.queues.main, ok: false });

    await startWorkerProcess();
  });

  it('removes its heartbeat on a graceful stop (SIGTERM), so health turns red at once', async () => {
    const running = await startWorkerProcess();
    running.kill('SIGTERM');
    await exited(running);
    expect(running.exitCode).toBe(0);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.components.workers[0].ok).toBe(false);
    expect((await detail()).body.components.workers[0].liveWorkers).toEqual([]);
  });

  it('says only ok or down per component to anyone: no messages, errors or worker host names', async () => {
    worker = spawnEntry('workers/main.ts', workerEnv());
    await waitFor(async () => ((await health()).status === 200 ? true : undefined), 60_000, 'healthz 200');
    const { body } = await health();
    expect(body.components).toEqual({
      database: { ok: true },
      temporal: { ok: true },
      workers: stack.queues.served().map((taskQueue) => ({ taskQueue, ok: true })),
    });
    expect(JSON.stringify(body)).not.toContain(os.hostname());
    expect((await fetch(`${stack.baseUrl}/api/v1/healthz`).then((r) => r.json())).components.database).toEqual({ ok: true });
    worker.kill('SIGTERM');
    await exited(worker);
  });

  it('shows the detail only to signed-in users listed in HERALD_OPS_EMAILS', async () => {
    const member = await createTestUser(stack, { name: 'Not Ops' });
    expect((await fetch(`${stack.baseUrl}/api/v1/ops/health`)).status).toBe(401);
    const refused = await member.request('/api/v1/ops/health');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain('HERALD_OPS_EMAILS');
    const { body } = await detail();
    expect(body.components.database).toMatchObject({ ok: true, message: 'reachable' });
    expect(body.temporalUi).toBe(stack.config.temporal.uiUrl);
  });

  it('is 503 naming the database when it cannot be reached, without its error', async () => {
    const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    const database = openDatabase(config.databaseUrl!, 1);
    const connection = await Connection.connect({ address: config.temporal.address! });
    const app = createApp({
      config,
      db: database.db,
      temporal: new Client({ connection }),
      queues: taskQueues(config.temporal.taskQueuePrefix),
      log: silentLog,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      const { status, body } = await health(`http://127.0.0.1:${port}`);
      expect(status).toBe(503);
      expect(body.components.database).toEqual({ ok: false });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:1/);
      const report = await checkHealth({ db: database.db, temporal: new Client({ connection }), namespace: 'default', taskQueues: [], staleSeconds: 6 });
      expect(report.components.database.message).toMatch(/database unreachable/);
    } finally {
      server.close();
      await connection.close();
      await database.close();
    }
  });
});

describe('/livez and /api/v1/healthz', () => {
  it('/livez answers 200 while the API serves, even with no worker running', async () => {
    expect((await health()).status).toBe(503);
    const res = await fetch(`${stack.baseUrl}/livez`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('/api/v1/healthz answers what /healthz answers, without a token', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/healthz`);
    const root = await health();
    expect(res.status).toBe(root.status);
    const body = await res.json();
    expect(body.components.database.ok).toBe(true);
    expect(body.components.workers[0]).toMatchObject({ taskQueue: stack.queues.main, ok: false });
  });
});

describe('herald health (CLI)', () => {
  it('prints JSON with --json and exits non-zero while a component is down', async () => {
    const result = await runCli(['health', '--json'], { HERALD_API_URL: stack.baseUrl });
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout);
    expect(body.ok).toBe(false);
    expect(body.components.database.ok).toBe(true);
  });

  it('prints a readable table without --json', async () => {
    const result = await runCli(['health'], { HERALD_API_URL: stack.baseUrl });
    expect(result.stdout).toMatch(/ok\s+database/);
    expect(result.stdout).toMatch(/DOWN\s+worker/);
  });
});
