import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, waitFor } from '../support/processes.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A worker a test started must not outlive the test process, however that process ends. */
describe('an entry point started by a test', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('is killed when the test process gets %s', async (signal) => {
    const parent = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/processes/parent.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout!.on('data', (d) => (out += d));
    const childPid = await waitFor(async () => Number(/child (\d+)/.exec(out)?.[1]) || undefined, 60_000, 'the child started');
    try {
      expect(alive(childPid)).toBe(true);
      parent.kill(signal);
      await waitFor(async () => (parent.exitCode !== null || parent.signalCode !== null ? true : undefined), 30_000, 'the parent exited');
      await waitFor(async () => (alive(childPid) ? undefined : true), 30_000, 'the child killed with it');
    } finally {
      if (alive(childPid)) process.kill(childPid, 'SIGKILL');
    }
  }, 120_000);
});
