import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { exited, ROOT, runCli, waitFor } from '../support/processes.js';

/**
 * The README's first command, `npm start`, with nothing configured: embedded PGlite, an embedded
 * Temporal dev server and the platform sandbox, then the README's walkthrough against it through
 * the API and the `herald` CLI. Nothing here is started by the test harness.
 */

let herald: ChildProcess | undefined;
let output = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-start-'));

afterAll(async () => {
  if (herald && herald.exitCode === null) {
    herald.kill('SIGTERM');
    const stopped = await Promise.race([exited(herald).then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
    // Whatever start.ts could not stop in time goes with its process group.
    if (!stopped) process.kill(-herald.pid!, 'SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on a machine with nothing configured', () => {
  it('brings up the whole product offline, and the README walkthrough works against it', async () => {
    const [port, temporalPort, uiPort, emulatorPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const api = `http://127.0.0.1:${port}`;
    herald = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Empty counts as unset: no database and no Temporal address, as on a fresh machine.
        DATABASE_URL: '',
        TEMPORAL_ADDRESS: '',
        HERALD_DATA_DIR: dataDir,
        PORT: String(port),
        TEMPORAL_DEV_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        PLATFORM_EMULATOR_PORT: String(emulatorPort),
        // The run's prebuilt workflow bundle saves a webpack build; the health test covers bundling at start.
        WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
        LOG_LEVEL: 'warn',
      },
    });
    herald.stdout!.on('data', (d) => (output += d));
    herald.stderr!.on('data', (d) => (output += d));

    await waitFor(async () => (output.includes('Herald is running.') ? true : undefined), 240_000, `"Herald is running." (output so far:\n${output.slice(-2000)})`);
    expect(output).toContain(`App:         http://localhost:${port}`);
    expect(output).toContain('embedded PGlite + Temporal history');
    const health = await fetch(`${api}/healthz`);
    expect(health.status).toBe(200);

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
  }, 600_000);
});
