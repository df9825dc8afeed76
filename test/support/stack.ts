import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { staffGrants } from '../../db/schema/index.js';
import { loadAiConfig } from '../../config/ai.js';
import type { BillingConfig } from '../../config/billing.js';
import { loadConfig, type AppConfig } from '../../config/env.js';
import type { EmailConfig } from '../../config/email.js';
import type { PlatformConfig } from '../../config/platforms.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../db/client.js';
import { createUserWithOrg, issueApiToken, type NewAccount, type Role } from '../../db/queries/identity.js';
import { taskQueues, type TaskQueues } from '../../temporal-config/task-queues.js';
import { runHeraldWorker, type RunningWorker } from '../../workers/run.js';
import { installTemporalRuntime } from '../../workers/runtime.js';
import { testDatabaseUrl } from './database.js';

export interface TestStack {
  config: AppConfig;
  database: DatabaseHandle;
  temporal: Client;
  queues: TaskQueues;
  baseUrl: string;
  /** The Express app the API serves (to walk its routes). */
  app: import('express').Express;
  worker: RunningWorker | undefined;
  stop(): Promise<void>;
}

export const silentLog = pino({ level: 'silent' });

const outboxOnly: EmailConfig = { transport: { kind: 'outbox' }, from: 'Herald <herald@example.test>', sweepSeconds: 5, timeoutMs: 5_000 };

/** A unique task-queue prefix per test file keeps files from taking each other's tasks. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE_PREFIX: uniquePrefix(),
    // Tests create their users through the dev route; it is off unless turned on.
    HERALD_DEV_ROUTES: '1',
    ...overrides,
  });
}

/** The real API (on a free port), a real worker and a Temporal client, wired like production. */
export async function startStack(
  options: { worker?: boolean; env?: Record<string, string>; aiEnv?: Record<string, string>; platforms?: PlatformConfig; email?: EmailConfig; billing?: BillingConfig } = {},
): Promise<TestStack> {
  installTemporalRuntime(silentLog);
  const config = testConfig(options.env);
  const ai = loadAiConfig(options.aiEnv ?? {});
  const database = openDatabase(config.databaseUrl!, 5);
  const connection = await Connection.connect({ address: config.temporal.address! });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const queues = taskQueues(config.temporal.taskQueuePrefix);
  const worker =
    options.worker === false
      ? undefined
      : await runHeraldWorker({
          address: config.temporal.address!,
          namespace: config.temporal.namespace,
          taskQueuePrefix: config.temporal.taskQueuePrefix,
          db: database.db,
          ai,
          workflowBundle: { codePath: inject('workflowBundlePath') },
          heartbeatMs: config.worker.heartbeatSeconds * 1000,
          maxCachedWorkflows: config.worker.maxCachedWorkflows,
          log: silentLog,
          // Mail stays in the outbox unless a test brings its own provider.
          email: options.email ?? outboxOnly,
          billing: options.billing,
        });
  const app = createApp({ config, db: database.db, temporal, queues, log: silentLog, mediaDir: ai.media.s3 ? undefined : ai.media.dir, ai, platforms: options.platforms, email: options.email ?? outboxOnly, billing: options.billing });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    config,
    database,
    temporal,
    queues,
    baseUrl,
    app,
    worker,
    async stop() {
      await new Promise((r) => server.close(r));
      await worker?.shutdown();
      await connection.close();
      await database.close();
    },
  };
}

export interface TestUser {
  userId: string;
  orgId: string;
  token: string;
  /** fetch against the stack's API with this user's bearer token. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/**
 * Creates a user with their own org through the dev route, as a person would; one joining `orgId`
 * with a `role` is written to the database, since no route may hand out a role in another org.
 */
export async function createTestUser(
  stack: Pick<TestStack, 'baseUrl' | 'database'>,
  input: { name?: string; email?: string; timeZone?: string; orgId?: string; role?: Role } = {},
): Promise<TestUser> {
  const { orgId, role, email = `${randomBytes(5).toString('hex')}@example.test`, ...profile } = input;
  const body = orgId
    ? await joinOrgInDatabase(stack.database.db, { email, name: 'Test User', timeZone: 'UTC', ...profile, orgId, role: role ?? 'viewer' })
    : await createThroughDevRoute(stack.baseUrl, { email, name: 'Test User', ...profile });
  return {
    userId: body.userId,
    orgId: body.orgId,
    token: body.token,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${body.token}`);
      let requestBody = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        requestBody = JSON.stringify(init.json);
      }
      return fetch(`${stack.baseUrl}${path}`, { ...init, headers, body: requestBody });
    },
  };
}

type CreatedUser = { userId: string; orgId: string; token: string };

async function createThroughDevRoute(baseUrl: string, input: Record<string, string>): Promise<CreatedUser> {
  const res = await fetch(`${baseUrl}/api/v1/dev/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (res.status !== 201) throw new Error(`creating a test user failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; orgId: string; token: string };
  return { userId: body.user.id, orgId: body.orgId, token: body.token };
}

async function joinOrgInDatabase(db: Database, input: NewAccount & { orgId: string }): Promise<CreatedUser> {
  const { user, orgId } = await createUserWithOrg(db, input);
  return { userId: user.id, orgId, token: (await issueApiToken(db, user.id, 'test')).token };
}

/**
 * One of Herald's support staff: a user with the `support` grant (as `herald admin grant-support`
 * gives it), member of no org but the one their sign-up made.
 */
export async function createSupportStaff(stack: Pick<TestStack, 'baseUrl' | 'database'>, input: { name?: string } = {}): Promise<TestUser> {
  const user = await createTestUser(stack, { name: input.name ?? 'Sam Support' });
  await stack.database.db.insert(staffGrants).values({ userId: user.userId, grant: 'support', grantedBy: 'test', reason: 'test support staff' });
  return user;
}
