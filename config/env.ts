import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Platform } from '../core/platforms.js';
import type { TemporalSecurity } from '../temporal-config/connection.js';
import { publishConcurrency } from '../temporal-config/task-queues.js';

/**
 * Every environment variable Herald reads, with its default and meaning. README's configuration
 * table is written from this list; a missing or malformed value stops the process naming it.
 */
const port = z.coerce.number().int().min(0).max(65535);
const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');

const existingFile = (hint: string) =>
  z.string().min(1).refine((file) => fs.existsSync(file), `no file there; ${hint}`);

/**
 * The worker's workflow cache when WORKER_MAX_CACHED_WORKFLOWS is unset: 10,000 posts waiting for
 * approval then keep the worker near 0.5 GiB (bench/footprint.ts), where the SDK's own default
 * (sized from the V8 heap limit: ~2,300 on a 4 GiB heap) would hold ~0.9 GiB.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HERALD_DATA_DIR: z.string().min(1).default('./.herald'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, e.g. postgres://user@127.0.0.1:5432/herald')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
    .default('herald'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  // A secured Temporal (see README): mTLS files (PEM), an API key, or both. Any of them turns TLS on.
  TEMPORAL_TLS: z.enum(['0', '1'], { message: 'must be 1 (TLS) or 0' }).default('0'),
  TEMPORAL_TLS_CERT: existingFile('the client certificate (PEM) for mTLS').optional(),
  TEMPORAL_TLS_KEY: existingFile('the client private key (PEM) for mTLS').optional(),
  TEMPORAL_TLS_CA: existingFile("the CA certificate (PEM) that signed the server's certificate").optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).max(253).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.string().url().optional(),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  TEMPORAL_METRICS_ADDRESS: hostPort.optional(),
  PUBLISH_CONCURRENCY: z
    .string()
    .regex(/^(x|linkedin|facebook|instagram|tiktok|youtube)=[1-9]\d*(,(x|linkedin|facebook|instagram|tiktok|youtube)=[1-9]\d*)*$/, 'must be platform=N pairs, e.g. linkedin=2,x=8')
    .optional(),
  // Workflows a worker keeps in memory between their tasks (the SDK's sticky cache). A waiting post
  // costs ~270 KiB held; one evicted replays its short history when its approval (or timer) arrives.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number({ message: 'must be a whole number of workflows, e.g. 1000' })
    .int('must be a whole number of workflows, e.g. 1000')
    .min(2, 'must be at least 2 (the SDK cannot run with a smaller cache), e.g. 1000')
    .max(100_000, 'must be at most 100000; each cached workflow holds ~270 KiB')
    .default(DEFAULT_MAX_CACHED_WORKFLOWS),
  WORKER_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(45),
  WORKER_RESTART_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .min(1)
    .refine((file) => fs.existsSync(file), 'no file there; write one with npm run build:workflows -- <path>')
    .optional(),
  HERALD_API_URL: z.string().url().default('http://localhost:3000'),
  // Off unless asked for: POST /api/v1/dev/users creates accounts for anyone who can reach the API.
  // Signed-in users with these e-mails see the health detail (errors, worker hosts) at /api/v1/ops/health.
  HERALD_OPS_EMAILS: z
    .string()
    .transform((list) => list.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().email('must be a comma-separated list of e-mail addresses')))
    .default([]),
  HERALD_DEV_ROUTES: z.enum(['0', '1'], { message: 'must be 1 (on) or 0 (off)' }).default('0'),
  // Herald's support staff (besides `herald admin grant-support`): they list and replay publishes in any org.
  HERALD_SUPPORT_EMAILS: z
    .string()
    .transform((list) => list.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().email('must be a comma-separated list of e-mail addresses')))
    .default([]),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueuePrefix: string;
    /** The worker's Prometheus endpoint (Temporal SDK metrics: sticky cache, task latencies); off unless set. */
    metricsAddress?: string;
    cliPath: string | undefined;
    devPort: number;
    uiPort: number;
    uiUrl: string;
    security: TemporalSecurity;
  };
  /** bundlePath: workflow code bundled ahead of time; without it each worker bundles at start. */
  /** publishConcurrency: per-platform publishes one worker runs at once, over PUBLISH_CONCURRENCY's defaults. */
  /** maxCachedWorkflows: workflows kept in memory between tasks (WORKER_MAX_CACHED_WORKFLOWS). */
  worker: { heartbeatSeconds: number; staleSeconds: number; restartDelaySeconds: number; bundlePath?: string; publishConcurrency: Record<Platform, number>; maxCachedWorkflows: number };
  apiUrl: string;
  /** Lower-case e-mails of the people who may read the health detail. */
  opsEmails: string[];
  /** Lower-case e-mails of Herald's support staff (api/staff.ts), besides the staff_grants table. */
  supportEmails: string[];
  /** The unauthenticated /api/v1/dev routes (create a user, ping) are mounted. */
  devRoutes: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, so `FOO= npm start` behaves like not setting FOO. */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(withoutEmpty(source));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (!e.TEMPORAL_TLS_CERT !== !e.TEMPORAL_TLS_KEY) {
    throw new ConfigError(['TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY: mTLS needs both the client certificate and its key']);
  }
  if (e.HERALD_DEV_ROUTES === '1' && e.NODE_ENV === 'production') {
    throw new ConfigError(['HERALD_DEV_ROUTES: dev routes let anyone create users; they cannot be on with NODE_ENV=production']);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.HERALD_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueuePrefix: e.TEMPORAL_TASK_QUEUE_PREFIX,
      metricsAddress: e.TEMPORAL_METRICS_ADDRESS,
      cliPath: e.TEMPORAL_CLI_PATH,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`,
      security: {
        tls: e.TEMPORAL_TLS === '1',
        certPath: e.TEMPORAL_TLS_CERT,
        keyPath: e.TEMPORAL_TLS_KEY,
        caPath: e.TEMPORAL_TLS_CA,
        serverName: e.TEMPORAL_TLS_SERVER_NAME,
        apiKey: e.TEMPORAL_API_KEY,
      },
    },
    worker: {
      heartbeatSeconds: e.WORKER_HEARTBEAT_SECONDS,
      staleSeconds: e.WORKER_STALE_SECONDS,
      restartDelaySeconds: e.WORKER_RESTART_DELAY_SECONDS,
      bundlePath: e.WORKFLOW_BUNDLE_PATH,
      publishConcurrency: publishConcurrency(e.PUBLISH_CONCURRENCY),
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    },
    apiUrl: e.HERALD_API_URL,
    opsEmails: e.HERALD_OPS_EMAILS,
    supportEmails: e.HERALD_SUPPORT_EMAILS,
    devRoutes: e.HERALD_DEV_ROUTES === '1',
  };
}

/** True when a listen address accepts connections from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * `npm start` turns the dev routes on for its children only while they listen on this machine
 * alone, outside production, and unless HERALD_DEV_ROUTES=0 was asked for.
 */
export function startDevRoutes(host: string, env: NodeJS.ProcessEnv, config: Pick<AppConfig, 'env'>): boolean {
  return isLoopbackHost(host) && config.env !== 'production' && env.HERALD_DEV_ROUTES !== '0';
}

/** For process entry points: print what to fix and exit instead of a stack trace. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): AppConfig {
  return orExit(() => loadConfig(source));
}

/** Runs a configuration loader; a ConfigError prints what to fix and exits 78 instead of a stack trace. */
export function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nFix the variable(s) above and start again.\n`);
      process.exit(78);
    }
    throw err;
  }
}
