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

async function attemptsOfTarget(targetId: string) {
  return s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId));
}

/** The emulator holds this post's request to X right now (a delay fault): the request is in flight. */
const tweetHeld = (text: string) => [...s.platforms.emulator.state.held].some((call) => call.startsWith('POST /2/tweets ') && call.includes(JSON.stringify(text).slice(1, -1)));
const onPlatform = async (text: string) => (await s.platforms.posts('x')).some((p) => p.text.startsWith(text));

/** Waits for the event that puts the publish at `point` (the emulator holds the request where needed), then returns. */
async function reach(point: KillPoint, targetId: string, text: string): Promise<void> {
  switch (point) {
    case 'just started':
      // Killed as soon as the run exists: the worker has had no time to write an attempt.
      return;
    case 'uploading media':
      await waitFor(async () => ((await attemptsOfTarget(targetId)).length ? true : undefined), 60_000, `target ${targetId} to write its attempt`);
      return;
    case 'sending the post':
      await waitFor(async () => (tweetHeld(text) ? true : undefined), 60_000, `X to hold the request of target ${targetId}`);
      return;
    case 'right after the platform took it':
      await waitFor(async () => ((await onPlatform(text)) ? true : undefined), 60_000, 'the emulator to take the post');
  }
}

/** Where the publish really was when the worker died, from its attempt rows and the emulator. */
type KillState = 'no attempt' | 'attempt written' | 'request in flight' | 'already on the platform';
const KILL_STATES: KillState[] = ['no attempt', 'attempt written', 'request in flight', 'already on the platform'];

async function whereItWas(targetId: string, text: string): Promise<KillState> {
  if (await onPlatform(text)) return 'already on the platform';
  if (tweetHeld(text)) return 'request in flight';
  return (await attemptsOfTarget(targetId)).length ? 'attempt written' : 'no attempt';
}

describe('publishing survives kill -9 of the worker', () => {
  it(`${KILL_ROUNDS} kills at different steps: every target published exactly once, none lost`, async () => {
    const account = await s.platforms.connect('x', 'kill-loop');
    const handles = [];
    const landed: KillState[] = [];
    const texts: string[] = [];
    for (let round = 0; round < KILL_ROUNDS; round++) {
      worker = await startWorker();
      const point = KILL_POINTS[round % KILL_POINTS.length]!;
      // Hold the request we want to die in, so the kill lands inside it.
      // Hold the request we want to die in (targets resuming from earlier rounds may take a hold too).
      if (point === 'uploading media') await s.platforms.fault({ platform: 'x', route: 'POST /2/media/upload/initialize', kind: 'delay', delayMs: 3_000, times: 3 });
      if (point === 'sending the post') await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'delay', delayMs: 3_000, times: 3 });
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
    // The kills must have covered every state a publish can die in, not landed in the same one twenty times.
    const tally = Object.fromEntries(KILL_STATES.map((state) => [state, landed.filter((where) => where === state).length]));
    for (const state of KILL_STATES) expect(tally[state], `kills that landed with the target ${state}: ${JSON.stringify(tally)}`).toBeGreaterThan(0);
  }, 900_000);
});
