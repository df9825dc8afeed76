/**
 * `npm start`: one command that brings up everything Herald needs on this machine, keeping data
 * in HERALD_DATA_DIR between runs. Ctrl-C stops all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost, loadConfigOrExit, orExit, startDevRoutes } from '../config/env.js';
import { describeEmailTransport, loadEmailConfig } from '../config/email.js';
import { createLogger } from '../config/logger.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded.js';
import {
  findTemporalCli,
  INSTALL_HINT,
  startDevServer,
  startDownloadedDevServer,
  type DevServer,
} from '../temporal-config/dev-server.js';
import { ensureWebBuilt } from './web-build.js';
import { startSandbox } from '../emulators/platforms/sandbox.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The environment as the user gave it, read once. The children get this snapshot plus what start
// decides below, never process.env as it is later: a library loaded in this process (Vite did, with
// NODE_ENV) could change process.env, and the API and worker would silently run in another mode.
const inherited: NodeJS.ProcessEnv = Object.freeze({ ...process.env });
const config = loadConfigOrExit(inherited);
const log = createLogger(config.logLevel, 'herald');
const email = orExit(() => loadEmailConfig(inherited));
fs.mkdirSync(config.dataDir, { recursive: true });
// A laptop run listens on this machine only unless HOST says otherwise.
const host = inherited.HOST ? config.host : '127.0.0.1';
// The walkthrough creates its user through the dev routes; they are safe only while nobody else can reach the API.
const devRoutes = startDevRoutes(host, inherited, config);

/** Where mail goes, in the summary: a newcomer with no mail set up learns where to read it. */
function emailSummary(appUrl: string): string {
  if (email.transport.kind !== 'outbox') return `  E-mail:      ${describeEmailTransport(email)}`;
  if (config.env === 'production' || !devRoutes) return '  E-mail:      NOT SENT: set RESEND_API_KEY or SMTP_URL (and EMAIL_FROM); the dev outbox needs the dev routes';
  return `  E-mail:      not sent (no RESEND_API_KEY or SMTP_URL); read it in the dev outbox: ${appUrl}/api/v1/dev/outbox`;
}

let stopping = false;
let devServer: DevServer | undefined;
let embedded: EmbeddedDatabase | undefined;
const children = new Map<'api' | 'worker', ChildProcess>();

async function startTemporal(): Promise<{ address: string; uiUrl: string }> {
  if (config.temporal.address) return { address: config.temporal.address, uiUrl: config.temporal.uiUrl };
  const options = {
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    dbFile: path.join(config.dataDir, 'temporal.db'),
    namespace: config.temporal.namespace,
    logFile: path.join(config.dataDir, 'temporal.log'),
  };
  const cliPath = findTemporalCli(config.temporal.cliPath);
  if (cliPath) {
    log.info({ cliPath }, 'starting the embedded Temporal dev server');
    devServer = await startDevServer({ cliPath, ...options });
  } else {
    log.warn('no temporal CLI on PATH; asking the Temporal SDK to download one');
    devServer = await startDownloadedDevServer(options).catch((err: Error) => {
      log.fatal(`${INSTALL_HINT}\n(SDK download failed: ${err.message})`);
      process.exit(69);
    });
  }
  return { address: devServer.address, uiUrl: devServer.uiUrl ?? config.temporal.uiUrl };
}

async function startDatabase(): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  embedded = await startEmbeddedDatabase(path.join(config.dataDir, 'pgdata'));
  log.info('embedded PGlite database ready');
  return embedded.url;
}

function spawnChild(name: 'api' | 'worker', entry: string, env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: 'inherit' });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    if (name === 'worker') {
      const delay = config.worker.restartDelaySeconds;
      log.error({ code, signal }, `worker exited; /healthz reports it down; restarting it in ${delay} s`);
      setTimeout(() => !stopping && spawnChild('worker', entry, env), delay * 1000).unref();
    } else {
      log.fatal({ code, signal }, 'API exited; stopping Herald');
      void stop(1);
    }
  });
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === 200) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('stopping Herald');
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      }),
  );
  await Promise.all(exits);
  await devServer?.stop().catch(() => undefined);
  await embedded?.close().catch(() => undefined);
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

await ensureWebBuilt(log);
const [temporal, databaseUrl] = await Promise.all([startTemporal(), startDatabase()]);
// Platform sandbox (docs/platforms.md): platforms without credentials are served by the local emulator.
const sandbox = await startSandbox(log);
const env: NodeJS.ProcessEnv = {
  ...inherited,
  DATABASE_URL: databaseUrl,
  TEMPORAL_ADDRESS: temporal.address,
  TEMPORAL_UI_URL: temporal.uiUrl,
  // The embedded PGlite serves one session at a time; small pools keep the queue short.
  ...(embedded ? { DATABASE_POOL_MAX: '4' } : {}),
  ...sandbox.env,
  HOST: host,
  HERALD_DEV_ROUTES: devRoutes ? '1' : '0',
};
if (!devRoutes && inherited.HERALD_DEV_ROUTES === '1') log.warn({ host }, 'dev routes stay off: the API listens beyond this machine (HOST)');
spawnChild('worker', 'workers/main.ts', env);
spawnChild('api', 'api/main.ts', env);

const appUrl = `http://localhost:${config.port}`;
const healthy = await waitUntilServing(`http://127.0.0.1:${config.port}/healthz`, 180_000);
if (!stopping) {
  const lines = [
    healthy ? 'Herald is running.' : 'Herald started, but /healthz is not all green yet; see the log above.',
    `  App:         ${appUrl}`,
    `  Health:      ${appUrl}/healthz`,
    `  Temporal UI: ${temporal.uiUrl}`,
    `  Data:        ${config.dataDir}${embedded ? ' (embedded PGlite + Temporal history)' : ''}`,
    `  Listening:   ${host}${isLoopbackHost(host) ? ' (this machine only)' : ''}`,
    devRoutes
      ? '  Dev routes:  on (POST /api/v1/dev/users creates a user with a token), because the API listens on this machine only'
      : '  Dev routes:  off',
    ...sandbox.summary,
    emailSummary(appUrl),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
