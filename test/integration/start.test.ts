import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { freshTree } from '../support/fresh-tree.js';
import { exited, ROOT, runCli, waitFor } from '../support/processes.js';

/**
 * The README's first command, `npm start`, as a newcomer runs it: a fresh copy of the checkout with
 * nothing built (no web/dist, no .herald) and nothing configured, so start.ts builds the web app,
 * starts an embedded PGlite, an embedded Temporal dev server and the platform sandbox. Nothing here
 * is started by the test harness.
 */

interface Herald {
  process: ChildProcess;
  output: () => string;
  api: string;
  port: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ports() {
  const [port, temporalPort, uiPort, emulatorPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  return { port, temporalPort, uiPort, emulatorPort };
}

async function stop(herald: Herald): Promise<void> {
  if (herald.process.exitCode !== null || herald.process.signalCode !== null) return;
  herald.process.kill('SIGTERM');
  const stopped = await Promise.race([exited(herald.process).then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
  // Whatever start.ts could not stop in time goes with its process group.
  if (!stopped) process.kill(-herald.process.pid!, 'SIGKILL');
}

/** `npm start` in `dir`, with only ports and the data folder chosen, as a newcomer would run it. */
async function npmStart(
  dir: string,
  dataDir: string,
  p: Awaited<ReturnType<typeof ports>>,
  extraEnv: Record<string, string> = {},
): Promise<Herald> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Empty counts as unset: no database, no Temporal address, no mode, as on a fresh machine.
      NODE_ENV: '',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      HOST: '',
      HERALD_DATA_DIR: dataDir,
      PORT: String(p.port),
      TEMPORAL_DEV_PORT: String(p.temporalPort),
      TEMPORAL_UI_PORT: String(p.uiPort),
      PLATFORM_EMULATOR_PORT: String(p.emulatorPort),
      // The run's prebuilt workflow bundle saves a webpack build; the health test covers bundling at start.
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const herald = { process: child, output: () => output, api: `http://127.0.0.1:${p.port}`, port: p.port };
  cleanups.push(() => stop(herald));
  await waitFor(
    async () => {
      if (output.includes('Herald is running.')) return true;
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
      return undefined;
    },
    300_000,
    '"Herald is running."',
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- npm start output ---\n${output.slice(-3000)}`);
  });
  return herald;
}

function newTree() {
  const tree = freshTree();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-start-'));
  cleanups.push(() => {
    tree.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  expect(fs.existsSync(path.join(tree.dir, 'web', 'dist'))).toBe(false);
  return { dir: tree.dir, dataDir };
}

describe('npm start on a fresh clone with nothing configured', () => {
  it('builds the web app, comes up healthy the first time, and the README walkthrough works against it', async () => {
    const { dir, dataDir } = newTree();
    const herald = await npmStart(dir, dataDir, await ports());
    const { api, port } = herald;

    expect(herald.output()).toContain('building the web app');
    expect(herald.output()).toContain(`App:         http://localhost:${port}`);
    expect(herald.output()).toContain('embedded PGlite + Temporal history');
    // No HOST: this machine only, so the walkthrough's dev routes are on, and it says so.
    expect(herald.output()).toContain('Listening:   127.0.0.1 (this machine only)');
    expect(herald.output()).toContain('Dev routes:  on');
    expect(herald.output()).toContain(`E-mail:      not sent (no RESEND_API_KEY or SMTP_URL); read it in the dev outbox: http://localhost:${port}/api/v1/dev/outbox`);
    expect(herald.output()).not.toContain('API exited');
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    const page = await fetch(`${api}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    // The README's sign-up from a clean start (Try it), on the embedded database: a session, and the confirmation in the dev outbox.
    const signedUp = await fetch(`${api}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lena@bakery.example', password: 'flour water salt and time', name: 'Lena', organizationName: 'Lena Bakery', timeZone: 'Europe/Berlin' }),
    });
    expect(signedUp.status, await signedUp.clone().text()).toBe(201);
    expect(signedUp.headers.getSetCookie().some((c) => c.startsWith('herald_session='))).toBe(true);
    const outbox = (await (await fetch(`${api}/api/v1/dev/outbox?to=lena@bakery.example`, { headers: { accept: 'application/json' } })).json()) as { emails: unknown[] };
    expect(outbox.emails.length).toBeGreaterThan(0);

    // The walkthrough: a user, a sandbox account, onboarding, a run now, a post to approve.
    const signup = await fetch(`${api}/api/v1/dev/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rosa@bakery.example', name: 'Rosa', timeZone: 'Europe/Berlin', orgName: 'Rosa Bakery' }),
    });
    expect(signup.status).toBe(201);
    const { token, user, orgId } = (await signup.json()) as { token: string; user: { id: string }; orgId: string };
    const env = { HERALD_API_URL: api, HERALD_API_TOKEN: token };
    const connected = await runCli(['accounts', 'connect-sandbox', '--platform', 'linkedin'], env);
    expect(connected.stdout + connected.stderr).toContain('Connected');
    const profile = await fetch(`${api}/api/v1/orgs/${orgId}/profiles/${user.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ businessName: 'Rosa Bakery', industry: 'bakery', audience: 'families nearby', brandVoice: 'warm and plain', platforms: ['linkedin'], timeZone: 'Europe/Berlin', postsPerDay: 1 }),
    });
    expect(profile.status).toBeLessThan(300);
    const run = await runCli(['cycle', 'run-now'], env);
    expect(run.stdout).toContain('Run started.');

    const waiting = await waitFor(async () => {
      const list = await runCli(['post', 'list', '--stage', 'awaiting_approval', '--json'], env);
      const posts = (JSON.parse(list.stdout) as { posts: { id: string }[] }).posts;
      return posts.length > 0 ? posts : undefined;
    }, 180_000, 'a post awaiting approval');
    const approved = await runCli(['post', 'approve', waiting[0]!.id], env);
    expect(approved.code).toBe(0);
    const shown = await runCli(['post', 'show', waiting[0]!.id, '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ post: { stage: 'approved' } });
  }, 900_000);

  it('rebuilds the web app after a file under web/ changed, and still comes up healthy', async () => {
    const { dir, dataDir } = newTree();
    const first = await npmStart(dir, dataDir, await ports());
    expect((await fetch(`${first.api}/healthz`)).status).toBe(200);
    await stop(first);

    // A developer edits the web app: its sources are now newer than web/dist.
    const indexHtml = path.join(dir, 'web', 'index.html');
    fs.writeFileSync(indexHtml, fs.readFileSync(indexHtml, 'utf8').replace('<title>Herald</title>', '<title>Herald (edited)</title>'));

    const second = await npmStart(dir, dataDir, await ports());
    expect(second.output()).toContain('building the web app');
    expect(second.output()).not.toContain('API exited');
    expect((await fetch(`${second.api}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${second.api}/`)).text()).toContain('<title>Herald (edited)</title>');
  }, 900_000);
});

/** The workers that announced themselves in `npm start`'s log, oldest first. */
function pollingWorkers(output: string): { pid: number; startedAt: number }[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"worker polling"'))
    .map((line) => {
      const [, pid, started] = (JSON.parse(line) as { workerId: string }).workerId.split(':');
      return { pid: Number(pid), startedAt: parseInt(started!, 36) };
    });
}

describe('npm start supervising the worker', () => {
  it('reports a dead worker on /healthz and starts a new one after WORKER_RESTART_DELAY_SECONDS', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-start-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const delaySeconds = 20;
    // The checkout itself: web/dist is already built by the run's setup, so nothing is rebuilt here.
    const herald = await npmStart(ROOT, dataDir, await ports(), {
      WORKER_RESTART_DELAY_SECONDS: String(delaySeconds),
      WORKER_HEARTBEAT_SECONDS: '1',
      WORKER_STALE_SECONDS: '5',
    });
    const first = await waitFor(async () => pollingWorkers(herald.output())[0], 120_000, 'the first worker polling');
    expect((await fetch(`${herald.api}/healthz`)).status).toBe(200);

    const killedAt = Date.now();
    process.kill(first.pid, 'SIGKILL');
    await waitFor(
      async () => herald.output().includes(`worker exited; /healthz reports it down; restarting it in ${delaySeconds} s`) || undefined,
      60_000,
      'the supervisor noticing the dead worker',
    );
    // Its heartbeat goes stale after 5 s; the replacement is not due before 20 s.
    await waitFor(async () => ((await fetch(`${herald.api}/healthz`)).status === 503 ? true : undefined), 60_000, '/healthz reporting the worker down');

    const second = await waitFor(async () => pollingWorkers(herald.output())[1], 180_000, 'a second worker polling');
    expect(second.pid).not.toBe(first.pid);
    // Not sooner than the configured delay (measured from before the kill, so a slow machine cannot fail it).
    expect(second.startedAt - killedAt).toBeGreaterThanOrEqual(delaySeconds * 1000);
    await waitFor(async () => ((await fetch(`${herald.api}/healthz`)).status === 200 ? true : undefined), 120_000, '/healthz green again');
    expect(herald.output()).not.toContain('API exited');
  }, 900_000);
});
