import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { spawnScript, type BenchProcess } from '../../bench/lib/stack.js';
import { connectSandbox } from '../../activities/platforms/connect.js';
import { createPlatformServices } from '../../activities/platforms/services.js';
import { loadPlatformConfig } from '../../config/platforms.js';
import type { Platform } from '../../core/platforms.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { createUserWithOrg } from '../../db/queries/identity.js';
import { brandProfiles, emailPreferences } from '../../db/schema/index.js';
import { offlineWriterResponder } from '../../emulators/llm/responder.js';
import { startLlmEmulator, type LlmEmulator } from '../../emulators/llm/server.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import { startResendEmulator, type ResendEmulator } from '../../emulators/resend/server.js';
import { findTemporalCli, INSTALL_HINT, startDevServer, type DevServer } from '../../temporal-config/dev-server.js';
import { taskQueues, type TaskQueues } from '../../temporal-config/task-queues.js';
import { freePort } from '../../test/support/free-port.js';
import { buildWorkflowBundle } from '../../workers/bundle.js';

/**
 * The real stack for a failure drill: a migrated database of its own (on the shared server, or on
 * a private cluster the drill may stop), a Temporal dev server keeping its history in a file (so it
 * can be stopped and started again on the same port), the platform, Resend and (optionally) LLM
 * emulators, and worker and API processes started as production starts them. Everything it starts
 * it stops in stop().
 */

export interface DrillStackOptions {
  /** Superuser URL of the Postgres server to make the drill's database on. */
  adminUrl?: string;
  /** A workflow bundle made already (the test run's); otherwise one is built. */
  bundlePath?: string;
  /** Point the LLM providers at the emulator (else no keys: the offline writer). */
  llm?: boolean;
}

export interface DrillOrg {
  orgId: string;
  userId: string;
  email: string;
  accounts: Partial<Record<Platform, string>>;
}

export interface DrillStack {
  database: DatabaseHandle;
  temporal: Client;
  queues: TaskQueues;
  platforms: PlatformEmulator;
  resend: ResendEmulator;
  llm: LlmEmulator | undefined;
  workDir: string;
  env: Record<string, string>;
  /** workers/main.ts as its own process; resolves once it polls. */
  startWorker(extraEnv?: Record<string, string>): Promise<BenchProcess>;
  startApi(): Promise<{ process: BenchProcess; baseUrl: string }>;
  /** Stops the Temporal server (SIGTERM) and starts it again on the same port and history file. */
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** An org with an owner, a brand profile (UTC, 3 posts a day) and a sandbox account on each platform. */
  createOrg(platforms: Platform[]): Promise<DrillOrg>;
  stop(): Promise<void>;
}

const ENCRYPTION_KEYS = `d1:${randomBytes(32).toString('base64')}`;

async function createDatabase(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`The drills need PostgreSQL at ${adminUrl} (set DATABASE_URL): ${err.message}`);
  });
  const name = `herald_drill_${Date.now().toString(36)}_${process.pid}`;
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await again.end();
    },
  };
}

export async function startDrillStack(options: DrillStackOptions = {}): Promise<DrillStack> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-drill-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    if (!process.env.DRILL_KEEP_LOGS) fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const created = await createDatabase(options.adminUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    cleanups.push(() => created.drop());
    await migrateDatabase(created.url);
    const database = openDatabase(created.url, 10);
    cleanups.push(() => database.close());

    const cliPath = findTemporalCli(process.env.TEMPORAL_CLI_PATH);
    if (!cliPath) throw new Error(INSTALL_HINT);
    const temporalPort = await freePort();
    const serverOptions = { cliPath, port: temporalPort, namespace: 'default', dbFile: path.join(workDir, 'temporal.db'), logFile: path.join(workDir, 'temporal.log') };
    let server: DevServer | undefined = await startDevServer(serverOptions);
    cleanups.push(async () => server?.stop());
    const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: 'default' });

    let bundlePath = options.bundlePath;
    if (!bundlePath) {
      bundlePath = path.join(workDir, 'workflow-bundle.js');
      fs.writeFileSync(bundlePath, (await buildWorkflowBundle()).code);
    }
    const platforms = await startPlatformEmulator();
    cleanups.push(() => platforms.close());
    const resend = await startResendEmulator();
    cleanups.push(() => resend.close());
    const llm = options.llm ? await startLlmEmulator({ responder: offlineWriterResponder }) : undefined;
    if (llm) cleanups.push(() => llm.close());

    const prefix = `drill${randomBytes(3).toString('hex')}`;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: created.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_TASK_QUEUE_PREFIX: prefix,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      WORKER_HEARTBEAT_SECONDS: '1',
      PLATFORM_EMULATOR_URL: platforms.url,
      HERALD_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
      HERALD_DEV_ROUTES: '1',
      HERALD_DATA_DIR: path.join(workDir, 'data'),
      RESEND_API_KEY: resend.apiKey,
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Herald <herald@drill.test>',
      EMAIL_SWEEP_SECONDS: '1',
      ...(llm && {
        ANTHROPIC_API_KEY: 'sk-ant-drill',
        ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
        OPENAI_API_KEY: 'sk-drill',
        OPENAI_BASE_URL: llm.openaiBaseUrl,
        AI_MAX_RETRIES: '0',
        AI_TIMEOUT_SECONDS: '10',
      }),
    };
    const services = createPlatformServices(database.db, loadPlatformConfig({ NODE_ENV: 'test', HERALD_ENCRYPTION_KEYS: ENCRYPTION_KEYS, PLATFORM_EMULATOR_URL: platforms.url }));
    let started = 0;
    const startProcess = async (script: string, extraEnv: Record<string, string>, ready: RegExp) => {
      const p = await spawnScript(script, { ...env, ...extraEnv }, path.join(workDir, `${path.basename(script, '.ts')}-${started++}.log`), ready);
      cleanups.push(() => p.stop());
      return p;
    };

    return {
      database,
      temporal,
      queues: taskQueues(prefix),
      platforms,
      resend,
      llm,
      workDir,
      env,
      startWorker: (extraEnv = {}) => startProcess('workers/main.ts', extraEnv, /worker polling/),
      async startApi() {
        const port = await freePort();
        const p = await startProcess('api/main.ts', { PORT: String(port), HOST: '127.0.0.1' }, /API listening/);
        return { process: p, baseUrl: `http://127.0.0.1:${port}` };
      },
      async stopTemporal() {
        await server?.stop();
        server = undefined;
      },
      async startTemporal() {
        server = await startDevServer(serverOptions);
      },
      async createOrg(accountsOn) {
        const email = `${randomBytes(5).toString('hex')}@drill.test`;
        const { user, orgId } = await createUserWithOrg(database.db, { email, name: 'Drill Owner', timeZone: 'UTC', role: 'owner' });
        const accounts: Partial<Record<Platform, string>> = {};
        for (const platform of accountsOn) {
          const connected = await connectSandbox({ db: database.db, platforms: services }, { orgId, userId: user.id, platform, account: `${platform}-${orgId.slice(0, 8)}`, redirectUri: 'http://127.0.0.1:9/api/v1/oauth/callback' });
          accounts[platform] = connected.id;
        }
        await database.db.insert(brandProfiles).values({
          orgId,
          userId: user.id,
          businessName: 'Rosa Bakery',
          industry: 'bakery',
          audience: 'families in the neighbourhood',
          brandVoice: 'warm, plain-spoken, a little playful',
          goals: ['more weekend orders'],
          platforms: accountsOn.length ? accountsOn : ['linkedin', 'facebook', 'x'],
          timeZone: 'UTC',
          postsPerDay: 3,
          onboardedAt: new Date(),
        });
        // Digest at 00:00: today's digest is always due at once, whatever the clock says.
        await database.db.insert(emailPreferences).values({ userId: user.id, digestHour: 0 });
        return { orgId, userId: user.id, email, accounts };
      },
      stop: cleanUp,
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
