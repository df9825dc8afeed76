import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { loadAiConfig } from '../../config/ai.js';
import type { Platform } from '../../core/platforms.js';
import { postTargets, publishWindows, rateWindowCalls } from '../../db/schema/index.js';
import { runHeraldWorker, type RunningWorker } from '../../workers/run.js';
import { publishStateQuery, type PublishState } from '../../workflows/publish.js';
import { startMediaServer, type MediaServer } from '../support/media-server.js';
import { withAdapterOptions } from '../support/platforms.js';
import { waitFor } from '../support/processes.js';
import { attemptsOf, createTarget, publishAndWait, startPublish, startPublishingStack, targetRow, type PublishingStack } from '../support/publishing.js';
import { silentLog } from '../support/stack.js';

/**
 * Daily and per-window caps end to end: real Temporal, real emulators over HTTP. No test depends on
 * how long the publishes that use a window up take (minutes on a loaded machine would do):
 * - X: Herald learns the window only from the answers' x-rate-limit-* headers. The emulator pins the
 *   window's clock until the post that uses it up, so the window resets X_WINDOW_MS after that post
 *   whenever it came, and the next post always meets a used-up window.
 * - TikTok: Herald counts its own inits (TikTok sends no headers) against a window of
 *   TIKTOK_WINDOW_MS, long enough for any pace; the test then lets most of it pass at once, on
 *   Herald's count and hold in Postgres and on the emulator's clock alike (letTikTokWindowPass).
 * - YouTube's day passes on the emulator's clock.
 */

/**
 * How long the post after a used-up X window waits. The test must see it waiting meanwhile (start a
 * workflow, two activities), so it is generous; it does not need to cover any publish.
 */
const X_WINDOW_MS = 30_000;
/** TikTok's init window, for Herald's count and the emulator: longer than any publish pair could take. */
const TIKTOK_WINDOW_MS = 10 * 60_000;
/** What is left of the TikTok window once the test lets the rest pass: how long the third post waits. */
const TIKTOK_WAIT_LEFT_MS = 30_000;
const DAY_MS = 86_400_000;
/** Noon in Los Angeles on a winter day (UTC-8): twelve hours from either midnight Pacific. */
const PACIFIC_NOON = Date.parse('2027-01-15T20:00:00Z');

let s: PublishingStack;
let media: MediaServer;
let worker: RunningWorker;

beforeAll(async () => {
  s = await startPublishingStack({ worker: false });
  media = await startMediaServer();
  const config = s.stack.config.temporal;
  worker = await runHeraldWorker({
    address: config.address!,
    namespace: config.namespace,
    taskQueuePrefix: config.taskQueuePrefix,
    db: s.stack.database.db,
    ai: loadAiConfig({}),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    heartbeatMs: 5_000,
    log: silentLog,
    // Herald's own count of TikTok inits: 2 per TIKTOK_WINDOW_MS, like the emulator's limit below.
    platforms: withAdapterOptions(s.platforms.platforms.config, 'tiktok', { initLimit: '2', initWindowMs: String(TIKTOK_WINDOW_MS), pollIntervalMs: '100' }),
    publishCapRecheckMs: 2_000,
  });
}, 60_000);

afterAll(async () => {
  await worker?.shutdown();
  await s?.stop();
  await media?.close();
});

async function knob(platform: Platform, path: string, body: Record<string, unknown>) {
  const res = await fetch(`${s.platforms.emulator.url}/${platform}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

/** The emulator's log entry for a target's post (createdAt in emulator time), if it was posted. */
async function postedFor(platform: Platform, targetId: string) {
  const { text, title } = await targetRow(s, targetId);
  const all = (await s.platforms.posts(platform)) as unknown as { id: string; text: string; createdAt: number; extra?: Record<string, unknown> }[];
  return all.filter((p) => p.text.startsWith(title ? `${title}\n` : text));
}

/** Waits until the target shows, where users and support look, that it waits for a window. */
async function shownWaiting(targetId: string, reason: RegExp) {
  return waitFor(async () => {
    const row = await targetRow(s, targetId);
    return row.errorKind === 'waiting' && reason.test(row.errorMessage ?? '') ? row : undefined;
  }, 30_000, `target ${targetId} to show it waits (${reason})`);
}

/**
 * Lets `ms` of a TikTok account's init window pass at once, on both sides of the wire: Herald's
 * count of the account's inits (the Postgres rows every worker process shares) and its hold on the
 * account move `ms` into the past, and the emulator's clock moves `ms` ahead (the caller moves it
 * back in `finally`).
 */
async function letTikTokWindowPass(accountId: string, ms: number) {
  const db = s.stack.database.db;
  const back = sql`make_interval(secs => ${ms / 1000})`;
  await db
    .update(rateWindowCalls)
    .set({ at: sql`${rateWindowCalls.at} - ${back}` })
    .where(and(eq(rateWindowCalls.scope, 'tiktok:video-init'), eq(rateWindowCalls.key, accountId)));
  await db.update(publishWindows).set({ notBefore: sql`${publishWindows.notBefore} - ${back}` }).where(eq(publishWindows.accountId, accountId));
  await s.platforms.advanceClock(ms);
}

const videoTarget = async (platform: 'tiktok' | 'youtube', accountId: string, n: number) => {
  const target = await createTarget(s, platform, accountId, { media: [{ kind: 'video', url: `${media.url}/video.mp4`, mimeType: 'video/mp4' }] });
  const fields = platform === 'tiktok' ? { privacyLevel: 'SELF_ONLY' } : { title: `Proving the dough, part ${n} ${target.targetId.slice(0, 6)}` };
  await s.stack.database.db.update(postTargets).set(fields).where(eq(postTargets.id, target.targetId));
  return target;
};

describe("X's per-user posting window", () => {
  it('the post after the one that used the window up waits for its reset (and says so), then posts without meeting a 429', async () => {
    await knob('x', 'limits', { postsPerWindow: 2, postWindowMs: X_WINDOW_MS, pinPostWindowUntilFull: true });
    const account = await s.platforms.connect('x', 'limits-x-sequential');
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => createTarget(s, 'x', account)));
    expect((await publishAndWait(s, first!)).outcome).toBe('published');
    expect((await publishAndWait(s, second!)).outcome).toBe('published');
    // The second post used the window up: X's answer to it said 0 left, resetting X_WINDOW_MS later.
    const windowOpensAt = (await postedFor('x', second!.targetId))[0]!.createdAt + X_WINDOW_MS;

    const handle = await startPublish(s, third!);
    const row = await shownWaiting(third!.targetId, /^Waiting until .*X limit reached.*used up \(0 of 2 left\)/);
    const state = (await handle.query(publishStateQuery)) as PublishState;
    expect(state).toMatchObject({ stage: 'waiting', reason: expect.stringMatching(/X limit reached/) });
    expect(Date.parse(state.waitingUntil!)).toBeGreaterThanOrEqual(windowOpensAt - 1_000);
    expect(row.errorMessage).toContain(state.waitingUntil!);
    expect(await postedFor('x', third!.targetId)).toHaveLength(0);

    expect((await handle.result()).outcome).toBe('published');
    const [posted] = await postedFor('x', third!.targetId);
    expect(posted!.createdAt).toBeGreaterThanOrEqual(windowOpensAt);
    expect((await attemptsOf(s, third!.targetId)).map((a) => a.status)).toEqual(['published']);
  }, 120_000);

  it('three posts at once against a window of two: all go out once, the third not before the window frees', async () => {
    await knob('x', 'limits', { postsPerWindow: 2, postWindowMs: X_WINDOW_MS, pinPostWindowUntilFull: true });
    const account = await s.platforms.connect('x', 'limits-x-burst');
    const targets = await Promise.all([1, 2, 3].map(() => createTarget(s, 'x', account)));
    const handles = await Promise.all(targets.map((t) => startPublish(s, t)));
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results.map((r) => r.outcome)).toEqual(['published', 'published', 'published']);
    const posted = await Promise.all(
      targets.map(async (t) => {
        const found = await postedFor('x', t.targetId);
        expect(found).toHaveLength(1);
        return { targetId: t.targetId, at: found[0]!.createdAt };
      }),
    );
    const [a, b, c] = posted.sort((x, y) => x.at - y.at);
    // The first two went out at their first try; the second used the window up, which reset
    // X_WINDOW_MS later (the third may have met a 429 first if it raced the second's answer).
    for (const early of [a!, b!]) expect((await attemptsOf(s, early.targetId)).map((x) => x.status)).toEqual(['published']);
    expect(c!.at).toBeGreaterThanOrEqual(b!.at + X_WINDOW_MS);
  }, 120_000);
});

describe("TikTok's per-minute init limit", () => {
  it('the post after the last free init waits until the oldest init leaves the window (and says so), then posts; TikTok never refuses one', async () => {
    await knob('tiktok', 'limits', { initLimit: 2, initWindowMs: TIKTOK_WINDOW_MS });
    const account = await s.platforms.connect('tiktok', 'limits-tiktok');
    const [first, second, third] = await Promise.all([1, 2, 3].map((n) => videoTarget('tiktok', account, n)));
    expect((await publishAndWait(s, first!)).outcome).toBe('published');
    expect((await publishAndWait(s, second!)).outcome).toBe('published');
    const firstInitAt = (await postedFor('tiktok', first!.targetId))[0]!.extra!.initAt as number;

    // The second publish took the last init: Herald holds the account until the first init leaves
    // the window. Most of the window passes at once, leaving TIKTOK_WAIT_LEFT_MS.
    const [hold] = await s.stack.database.db.select().from(publishWindows).where(eq(publishWindows.accountId, account));
    expect(hold?.reason).toMatch(/TikTok limit reached/);
    const passedMs = hold!.notBefore.getTime() - Date.now() - TIKTOK_WAIT_LEFT_MS;
    expect(passedMs).toBeGreaterThan(0);
    await letTikTokWindowPass(account, passedMs);
    try {
      const handle = await startPublish(s, third!);
      await shownWaiting(third!.targetId, /TikTok limit reached.*video inits per minute are used up \(0 of 2 left\)/);
      expect(((await handle.query(publishStateQuery)) as PublishState).stage).toBe('waiting');
      expect(await postedFor('tiktok', third!.targetId)).toHaveLength(0);

      expect((await handle.result()).outcome).toBe('published');
      const [posted] = await postedFor('tiktok', third!.targetId);
      // On TikTok's (shifted) clock the third init came a whole window after the first.
      expect(posted!.extra!.initAt as number).toBeGreaterThanOrEqual(firstInitAt + TIKTOK_WINDOW_MS);
      for (const t of [first!, second!, third!]) expect((await attemptsOf(s, t.targetId)).map((a) => a.status)).toEqual(['published']);
    } finally {
      await s.platforms.advanceClock(-passedMs);
    }
  }, 180_000);
});

describe("YouTube's daily upload bucket", () => {
  it('an upload past the bucket waits (and says so) until the day turns at midnight Pacific, then uploads once', async () => {
    // The emulator's clock is pinned to noon Pacific: a run near real midnight Pacific would see the
    // bucket refill on its own between the two uploads, and the second would never wait.
    let shiftedMs = PACIFIC_NOON - Date.now();
    await s.platforms.advanceClock(shiftedMs);
    try {
      await knob('youtube', 'project', { projectUploadsPerDay: 1 });
      const account = await s.platforms.connect('youtube', 'limits-youtube');
      const [first, second] = await Promise.all([1, 2].map((n) => videoTarget('youtube', account, n)));
      expect((await publishAndWait(s, first!)).outcome).toBe('published');

      const handle = await startPublish(s, second!);
      await shownWaiting(second!.targetId, /YouTube API quota for today is used up.*midnight Pacific/);
      expect(((await handle.query(publishStateQuery)) as PublishState).stage).toBe('waiting');
      // Re-checked while full (a refused try each time): still nothing on YouTube, however often Herald looks.
      await waitFor(async () => ((await attemptsOf(s, second!.targetId)).filter((a) => a.status === 'retry').length >= 2 ? true : undefined), 60_000, 'Herald to re-check the full bucket');
      expect(await postedFor('youtube', second!.targetId)).toHaveLength(0);

      await s.platforms.advanceClock(DAY_MS);
      shiftedMs += DAY_MS;
      expect((await handle.result()).outcome).toBe('published');
      const firstAt = (await postedFor('youtube', first!.targetId))[0]!.createdAt;
      const posted = await postedFor('youtube', second!.targetId);
      expect(posted).toHaveLength(1);
      expect(posted[0]!.createdAt).toBeGreaterThanOrEqual(firstAt + DAY_MS);
      const statuses = (await attemptsOf(s, second!.targetId)).map((a) => a.status);
      expect(statuses.at(-1)).toBe('published');
      expect(statuses.slice(0, -1).every((st) => st === 'retry')).toBe(true);
      expect(statuses.length).toBeGreaterThan(2);
    } finally {
      await s.platforms.advanceClock(-shiftedMs);
    }
  }, 120_000);
});
