import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { addressOf, queueNotice, waitForEmailStatus } from '../../support/email.js';
import { exited, spawnEntry, waitFor } from '../../support/processes.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let emulator: ResendEmulator;
let stack: TestStack;
const workers: ChildProcess[] = [];

/** A worker as npm start runs it: its own process, configured by the environment alone. */
function spawnWorker(): ChildProcess {
  const child = spawnEntry('workers/main.ts', {
    DATABASE_URL: stack.config.databaseUrl!,
    TEMPORAL_ADDRESS: stack.config.temporal.address!,
    TEMPORAL_TASK_QUEUE_PREFIX: stack.config.temporal.taskQueuePrefix,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    RESEND_API_KEY: emulator.apiKey,
    RESEND_BASE_URL: emulator.url,
    EMAIL_FROM: 'Herald <herald@example.test>',
    EMAIL_SWEEP_SECONDS: '1',
    LOG_LEVEL: 'warn',
  });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ worker: false });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await Promise.all(workers.map(exited));
  await stack?.stop();
  await emulator?.close();
});

describe('a worker killed mid-send', () => {
  it('neither loses nor duplicates the mail: the next worker retries with the same key and gets the same id', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    // Resend takes the mail, then the answer never reaches the worker that is about to die.
    emulator.state.addFault({ kind: 'hold_after_accept', to: address, delayMs: 300_000 });
    const queued = await queueNotice(stack.database.db, user);

    const first = spawnWorker();
    await waitFor(async () => (emulator.state.emailsTo(address).length > 0 ? true : undefined), 90_000, 'Resend to accept the mail');
    first.kill('SIGKILL');
    await exited(first);
    const [accepted] = emulator.state.emailsTo(address);

    spawnWorker();
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent', 150_000);
    expect(emulator.state.emailsTo(address)).toHaveLength(1);
    expect(sent).toMatchObject({ providerMessageId: accepted!.id, attempts: 2, lastError: null });
  }, 240_000);
});
