import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { connectSandbox } from '../../activities/platforms/connect.js';
import { createPlatformServices } from '../../activities/platforms/services.js';
import { loadPlatformConfig } from '../../config/platforms.js';
import type { Platform } from '../../core/platforms.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { createUserWithOrg } from '../../db/queries/identity.js';
import { migrateDatabase } from '../../db/migrate.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import { findTemporalCli, INSTALL_HINT, startDevServerOnFreePort, type DevServer } from '../../temporal-config/dev-server.js';
import { taskQueues, type TaskQueues } from '../../temporal-config/task-queues.js';
import { freePort } from '../../test/support/free-port.js';
import { startMediaServer } from '../../test/support/media-server.js';
import { buildWorkflowBundle } from '../../workers/bundle.js';

/**
 * The real stack for a benchmark, started from nothing and removed afterwards: a fresh migrated
 * Postgres database, a Temporal dev server of its own, the platform emulator, and worker (and API)
 * processes started exactly as production starts them (workers/main.ts, api/main.ts).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ENCRYPTION_KEYS = `b1:${randomBytes(32).toString('base64')}`;

export interface BenchProcess {
  child: ChildProcess;
  /** Resident memory in MiB, from /proc (Linux). */
  rssMiB(): number;
  stop(): Promise<void>;
}

export interface BenchStack {
  databaseUrl: string;
  database: DatabaseHandle;
  temporal: Client;
  temporalAddress: string;
  cliPath: string;
  queues: TaskQueues;
  prefix: string;
  emulator: PlatformEmulator;
  /** The media host platforms fetch images and videos from. */
  mediaUrl: string;
  bundlePath: string;
  workDir: string;
  /** Environment for workers/main.ts and api/main.ts on this stack. */
  env: Record<string, string>;
  startWorkers(count: number, extraEnv?: Record<string, string>): Promise<BenchProcess[]>;
  /** The engine baseline's task queue and its worker processes (bench/engine/). */
  engineQueue: string;
  startEngineWorkers(count: number): Promise<BenchProcess[]>;
  /** Starts a Node script (TypeScript through tsx) with the stack's environment. */
  startProcess(script: string, extraEnv?: Record<string, string>, ready?: RegExp): Promise<BenchProcess>;
  startApi(extraEnv?: Record<string, string>): Promise<{ process: BenchProcess; baseUrl: string }>;
  /** A new org with an owner and a sandbox account connected on each platform given. */
  createOrg(platforms: Platform[], timeZone?: string): Promise<{ orgId: string; userId: string; accounts: Partial<Record<Platform, string>> }>;
  stop(): Promise<void>;
}

export function rssMiBOf(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
  } catch {
    return NaN;
  }
}

/** Extra Node flags for the started processes, e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (not allowed in NODE_OPTIONS). */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function spawnScript(script: string, env: Record<string, string>, logFile: string, ready: RegExp): Promise<BenchProcess> {
  const log = fs.openSync(logFile, 'a');
  // BENCH_CPU_PROF_DIR: the process writes a `node --cpu-prof` profile there when it exits.
  const profile = env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...profile, '--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: BenchProcess = {
    child,
    rssMiB: () => rssMiBOf(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s; see ${logFile}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(log, chunk);
      if (seen.length < 100_000) seen += chunk.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(handle);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready; see ${logFile}`)));
  });
}

export async function startBenchStack(options: { dynamicConfig?: Record<string, string> } = {}): Promise<BenchStack> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const dbName = `herald_bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`The benchmarks need PostgreSQL at ${adminUrl} (set DATABASE_URL): ${err.message}`);
  });
  await admin.query(`create database "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);
  const database = openDatabase(databaseUrl, 10);

  const cliPath = findTemporalCli(process.env.TEMPORAL_CLI_PATH);
  if (!cliPath) throw new Error(INSTALL_HINT);
  const server: DevServer = await startDevServerOnFreePort({ cliPath, namespace: 'default', logFile: path.join(workDir, 'temporal.log'), dynamicConfig: options.dynamicConfig }, freePort);
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection, namespace: 'default' });
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, (await buildWorkflowBundle()).code);
  const engineBundlePath = path.join(workDir, 'engine-bundle.js');
  fs.writeFileSync(engineBundlePath, (await buildWorkflowBundle(fileURLToPath(new URL('../engine/workflows.ts', import.meta.url)))).code);
  const emulator = await startPlatformEmulator();
  const media = await startMediaServer();
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE_PREFIX: prefix,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    PLATFORM_EMULATOR_URL: emulator.url,
    HERALD_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    HERALD_DEV_ROUTES: '1',
  };
  const platformServices = createPlatformServices(database.db, loadPlatformConfig({ NODE_ENV: 'test', HERALD_ENCRYPTION_KEYS: ENCRYPTION_KEYS, PLATFORM_EMULATOR_URL: emulator.url }));
  const processes: BenchProcess[] = [];

  const stack: BenchStack = {
    databaseUrl,
    database,
    temporal,
    temporalAddress: server.address,
    cliPath,
    queues: taskQueues(prefix),
    prefix,
    emulator,
    mediaUrl: media.url,
    bundlePath,
    workDir,
    env,
    async startProcess(script, extraEnv = {}, ready = /listening|polling/i) {
      const p = await spawnScript(script, { ...env, ...extraEnv }, path.join(workDir, `${path.basename(script, '.ts')}-${processes.length}.log`), ready);
      processes.push(p);
      return p;
    },
    async startWorkers(count, extraEnv = {}) {
      const started = await Promise.all(Array.from({ length: count }, () => stack.startProcess('workers/main.ts', extraEnv, /worker polling/)));
      return started;
    },
    engineQueue: `${prefix}-engine`,
    startEngineWorkers(count) {
      return Promise.all(Array.from({ length: count }, () => stack.startProcess('bench/engine/worker.ts', { ENGINE_TASK_QUEUE: stack.engineQueue, ENGINE_BUNDLE_PATH: engineBundlePath }, /engine worker polling/)));
    },
    async startApi(extraEnv = {}) {
      const port = await freePort();
      const p = await stack.startProcess('api/main.ts', { ...extraEnv, PORT: String(port), HOST: '127.0.0.1' }, /API listening/);
      return { process: p, baseUrl: `http://127.0.0.1:${port}` };
    },
    async createOrg(platforms, timeZone = 'UTC') {
      const { user, orgId } = await createUserWithOrg(database.db, { email: `${randomBytes(5).toString('hex')}@bench.test`, name: 'Bench Owner', timeZone, role: 'owner' });
      const accounts: Partial<Record<Platform, string>> = {};
      for (const platform of platforms) {
        const connected = await connectSandbox({ db: database.db, platforms: platformServices }, { orgId, userId: user.id, platform, account: `${platform}-${orgId.slice(0, 8)}`, redirectUri: 'http://127.0.0.1:9/api/v1/oauth/callback' });
        accounts[platform] = connected.id;
      }
      return { orgId, userId: user.id, accounts };
    },
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      await connection.close().catch(() => undefined);
      await server.stop();
      await emulator.close();
      await media.close();
      await database.close();
      await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
      await admin.end();
      if (!process.env.BENCH_KEEP_LOGS) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Polls `probe` until it returns a value; throws after `timeoutMs` saying what it waited for. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
