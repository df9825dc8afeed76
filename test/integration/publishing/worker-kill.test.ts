import type { ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAttempts, workerHeartbeats } from '../../../db/schema/index.js';
import type { PublishTargetResult } from '../../../workflows/publish.js';
import { exited, spawnEntry, waitFor } from '../../support/processes.js';
import { createTarget, startPublish, startPublishingStack, targetRow, type PublishingStack } from '../../support/publishing.js';

/**
 * kill -9 of the real worker process (workers/main.ts) in the middle of publishes, at different
 * steps, then a restart: every target ends published exactly once on the emulator's log.
 */
const KILL_ROUNDS = 20;

type KillPoint = 'just started' | 'uploading media' | 'sending the post' | 'right after the platform took it';
const KILL_POINTS: KillPoint[] = ['just started', 'uploading media', 'sending the post', 'right after the platform took it'];

let s: PublishingStack;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  s = await startPublishingStack({ worker: false });
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGKILL');
    await exited(worker);
  }
  await s?.stop();
});

async function startWorker(): Promise<ChildProcess> {
  const child = spawnEntry('workers/main.ts', { ...s.workerEnv, LOG_LEVEL: 'warn' });
  child.stdout?.on('data', (d) => process.env.DEBUG_KILL && process.stdout.write(`[worker] ${d}`));
  child.stderr?.on('data', (d) => process.env.DEBUG_KILL && process.stdout.write(`[worker!] ${d}`));
  const pid = child.pid!;
  await waitFor(async () => {
    const [row] = await s.stack.database.db.select().from(workerHeartbeats).where(eq(workerHeartbeats.pid, pid));
    return row;
  }, 60_000, `worker ${pid} to poll`);
  return child;
}

async function killWorker(): Promise<void> {
  worker!.kill('SIGKILL');
  await exited(worker!);
}

async function attemptStep(targetId: string, wanted: (row: typeof publishAttempts.$inferSelect) => boolean): Promise<void> {
  await waitFor(async () => {
    const rows = await s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId));
    return rows.find(wanted);
  }, 30_000, `target ${targetId} to reach its kill point`);
}

/** Waits until the publish reaches `point` (holding the emulator where needed) and returns. */
async function reach(point: KillPoint, targetId: string, text: string): Promise<void> {
  switch (point) {
    case 'just started':
      await new Promise((r) => setTimeout(r, 150));
      return;
    case 'uploading media':
      await attemptStep(targetId, () => true);
      return;
    case 'sending the post':
      await attemptStep(targetId, (a) => a.step !== null || a.status !== 'sending');
      await new Promise((r) => setTimeout(r, 200));
      return;
    case 'right after the platform took it':
      await waitFor(async () => ((await s.platforms.posts('x')).some((p) => p.text.startsWith(text)) ? true : undefined), 30_000, 'the emulator to take the post');
  }
}

/** Where the publish really was when the worker died: its attempt row and the emulator's log. */
async function whereItWas(targetId: string, text: string): Promise<string> {
  const rows = await s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId));
  const onPlatform = (await s.platforms.posts('x')).some((p) => p.text.startsWith(text));
  const last = rows.at(-1);
  const row = last ? `attempt ${last.status}${last.step ? `/${last.step}` : ''}` : 'no attempt yet';
  return `${row}, ${onPlatform ? 'on the platform' : 'not on the platform'}`;
}

describe('publishing survives kill -9 of the worker', () => {
  it(`${KILL_ROUNDS} kills at different steps: every target published exactly once, none lost`, async () => {
    const account = await s.platforms.connect('x', 'kill-loop');
    const handles = [];
    const landed: string[] = [];
    const texts: string[] = [];
    for (let round = 0; round < KILL_ROUNDS; round++) {
      worker = await startWorker();
      const point = KILL_POINTS[round % KILL_POINTS.length]!;
      // Hold the request we want to die in, so the kill lands inside it.
      // Hold the request we want to die in (targets resuming from earlier rounds may take a hold too).
      if (point === 'uploading media') await s.platforms.fault({ platform: 'x', route: 'POST /2/media/upload/initialize', kind: 'delay', delayMs: 1_000, times: 3 });
      if (point === 'sending the post') await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'delay', delayMs: 1_000, times: 3 });
      const target = await createTarget(s, 'x', account, { text: `Kill round ${round} (${point})`, media: [{ kind: 'image', url: s.platforms.media(`kill-${round}.jpg`), mimeType: 'image/jpeg' }] });
      texts.push(`Kill round ${round} (${point})`);
      handles.push(await startPublish(s, target));
      await reach(point, target.targetId, texts[round]!);
      await killWorker();
      landed.push(await whereItWas(target.targetId, texts[round]!));
    }
    worker = await startWorker();
    const results = (await Promise.all(handles.map((h) => h.result()))) as PublishTargetResult[];
    expect(results.map((r) => r.outcome)).toEqual(texts.map(() => 'published'));
    const log = await s.platforms.posts('x');
    for (const text of texts) expect(log.filter((p) => p.text.startsWith(text)), text).toHaveLength(1);
    for (const h of handles) expect((await targetRow(s, h.workflowId.replace(/^publish-/, ''))).stage).toBe('published');
    const tally = landed.reduce<Record<string, number>>((all, where) => ({ ...all, [where]: (all[where] ?? 0) + 1 }), {});
    console.log(`kill -9 landed (target state at the kill): ${JSON.stringify(tally)}`);
  }, 900_000);
});
