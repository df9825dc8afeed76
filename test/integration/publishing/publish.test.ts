import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { posts, publishAttempts } from '../../../db/schema/index.js';
import { PUBLISH_CONCURRENCY } from '../../../temporal-config/task-queues.js';
import { publishStateQuery, type PublishState } from '../../../workflows/publish.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { waitFor } from '../../support/processes.js';
import { replay, saveHistoryFixture } from '../../support/replay.js';
import { attemptsOf, createTarget, mailsOfKind, publishAndWait, startPublish, startPublishingStack, targetRow, type PublishingStack } from '../../support/publishing.js';

let s: PublishingStack;
let media: MediaServer;

beforeAll(async () => {
  s = await startPublishingStack();
  media = await startMediaServer();
}, 60_000);

afterAll(async () => {
  await s?.stop();
  await media?.close();
});

const postsWith = async (platform: 'x' | 'instagram', text: string) => (await s.platforms.posts(platform)).filter((p) => p.text.startsWith(text));

describe('publishing a target', () => {
  it('posts once and stores the platform id, URL and the post stage', async () => {
    const account = await s.platforms.connect('x', 'pub-happy');
    const target = await createTarget(s, 'x', account);
    const result = await publishAndWait(s, target);
    expect(result.outcome).toBe('published');
    const row = await targetRow(s, target.targetId);
    expect(row).toMatchObject({ stage: 'published', platformPostId: result.platformPostId, platformPostUrl: result.url, attempts: 1 });
    expect(await postsWith('x', row.text)).toHaveLength(1);
    const [post] = await s.stack.database.db.select().from(posts).where(eq(posts.id, target.postId));
    expect(post!.stage).toBe('published');
  });

  it('a dropped answer is reconciled: the post is found and never sent twice', async () => {
    const account = await s.platforms.connect('x', 'pub-drop');
    const target = await createTarget(s, 'x', account);
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'drop_response' });
    const handle = await startPublish(s, target);
    const result = await handle.result();
    expect(result.outcome).toBe('published');
    saveHistoryFixture('publish-unconfirmed-reconciled', handle.workflowId);
    await expect(replay(await handle.fetchHistory())).resolves.toBeUndefined();
    const row = await targetRow(s, target.targetId);
    expect(await postsWith('x', row.text)).toHaveLength(1);
    expect((await attemptsOf(s, target.targetId)).map((a) => a.status)).toEqual(['published']);
    expect(result.platformPostId).toBe((await postsWith('x', row.text))[0]!.id);
  });

  it('an attempt left open by a crash before sending is reconciled as absent, then sent exactly once', async () => {
    const account = await s.platforms.connect('x', 'pub-absent');
    const target = await createTarget(s, 'x', account);
    // What a worker killed between writing its attempt row and sending leaves behind.
    await s.stack.database.db.insert(publishAttempts).values({ targetId: target.targetId, orgId: target.orgId, attempt: 1, idempotencyKey: `${target.targetId}:1`, run: 1, workflowId: `publish-${target.targetId}`, status: 'sending' });
    const result = await publishAndWait(s, target);
    expect(result.outcome).toBe('published');
    expect((await attemptsOf(s, target.targetId)).map((a) => a.status)).toEqual(['absent', 'published']);
    expect(await postsWith('x', (await targetRow(s, target.targetId)).text)).toHaveLength(1);
  });

  it('a workflow reset to its start publishes nothing twice', async () => {
    const account = await s.platforms.connect('x', 'pub-reset');
    const target = await createTarget(s, 'x', account);
    const handle = await startPublish(s, target);
    const first = await handle.result();
    const { runId } = await handle.describe();
    const history = await handle.fetchHistory();
    const firstTask = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
    const reset = await s.stack.temporal.workflowService.resetWorkflowExecution({
      namespace: s.stack.config.temporal.namespace,
      workflowExecution: { workflowId: handle.workflowId, runId },
      workflowTaskFinishEventId: firstTask.eventId,
      reason: 'test: reset to the first workflow task',
      requestId: randomUUID(),
    });
    const rerun = await s.stack.temporal.workflow.getHandle(handle.workflowId, reset.runId!).result();
    expect(rerun).toMatchObject({ outcome: 'published', platformPostId: first.platformPostId });
    expect(await postsWith('x', (await targetRow(s, target.targetId)).text)).toHaveLength(1);
  });

  it('a 429 storm: every post goes out once, none before the reset the platform gave', async () => {
    const account = await s.platforms.connect('x', 'pub-storm');
    const targets = await Promise.all([1, 2, 3].map(() => createTarget(s, 'x', account)));
    const stormAt = Date.now();
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'rate_limit', retryAfterSeconds: 4, times: 3 });
    const handles = await Promise.all(targets.map((t) => startPublish(s, t)));
    const waiting = await waitFor(async () => {
      const state = (await handles[0]!.query(publishStateQuery)) as PublishState;
      return state.stage === 'waiting' ? state : undefined;
    }, 20_000, 'the first target to wait for its window');
    expect(waiting.reason).toMatch(/rate limit/i);
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results.map((r) => r.outcome)).toEqual(['published', 'published', 'published']);
    saveHistoryFixture('publish-rate-limited', handles[0]!.workflowId);
    const all = await s.platforms.posts('x');
    for (const t of targets) {
      const text = (await targetRow(s, t.targetId)).text;
      const mine = all.filter((p) => p.text.startsWith(text)) as unknown as { createdAt: number }[];
      expect(mine).toHaveLength(1);
      expect(mine[0]!.createdAt).toBeGreaterThanOrEqual(stormAt + 4_000);
    }
  }, 60_000);

  it('the X worker runs at most its concurrency cap of publishes at once', async () => {
    const account = await s.platforms.connect('x', 'pub-cap-workers');
    const targets = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createTarget(s, 'x', account)));
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'delay', delayMs: 1_000, times: 6 });
    const handles = await Promise.all(targets.map((t) => startPublish(s, t)));
    let most = 0;
    const done = Promise.all(handles.map((h) => h.result()));
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      const rows = await s.stack.database.db.select().from(publishAttempts).where(inArray(publishAttempts.targetId, targets.map((t) => t.targetId)));
      most = Math.max(most, rows.filter((r) => r.status === 'sending').length);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await done).map((r) => r.outcome)).toEqual(targets.map(() => 'published'));
    expect(most).toBe(PUBLISH_CONCURRENCY.x);
  });

  it('a full Instagram cap makes the post wait (and say so), then it posts once the cap frees', async () => {
    const account = await s.platforms.connect('instagram', 'pub-cap');
    const target = await createTarget(s, 'instagram', account, { media: [{ kind: 'image', url: `${media.url}/image.jpg`, mimeType: 'image/jpeg' }] });
    await setInstagramCap(0);
    const handle = await startPublish(s, target);
    await waitFor(async () => {
      const row = await targetRow(s, target.targetId);
      return row.errorKind === 'waiting' && /limit/i.test(row.errorMessage ?? '') ? row : undefined;
    }, 20_000, 'the target to show it waits for the cap');
    expect(((await handle.query(publishStateQuery)) as PublishState).stage).toBe('waiting');
    expect(await postsWith('instagram', (await targetRow(s, target.targetId)).text)).toHaveLength(0);
    await setInstagramCap(100);
    expect((await handle.result()).outcome).toBe('published');
    expect(await postsWith('instagram', (await targetRow(s, target.targetId)).text)).toHaveLength(1);
  }, 60_000);

  it('a rejected token is refreshed and the post goes out', async () => {
    const account = await s.platforms.connect('x', 'pub-401');
    const before = await s.platforms.accountRow(account);
    const target = await createTarget(s, 'x', account);
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'expired_token' });
    const result = await publishAndWait(s, target);
    expect(result.outcome).toBe('published');
    expect((await s.platforms.accountRow(account)).accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(await postsWith('x', (await targetRow(s, target.targetId)).text)).toHaveLength(1);
  });

  it('a failed refresh marks the account needs_reconnect, tells the owner, and later posts fail fast', async () => {
    const account = await s.platforms.connect('x', 'pub-revoked');
    await s.platforms.revoke('x', 'pub-revoked');
    const first = await createTarget(s, 'x', account);
    const result = await publishAndWait(s, first);
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.message).toMatch(/reconnect/i);
    expect((await s.platforms.accountRow(account)).status).toBe('needs_reconnect');
    expect(await targetRow(s, first.targetId)).toMatchObject({ stage: 'failed', errorKind: 'needs_reconnect' });
    expect((await mailsOfKind(s, 'account_needs_reconnect')).length).toBeGreaterThan(0);

    const second = await createTarget(s, 'x', account);
    const next = await publishAndWait(s, second);
    expect(next.outcome).toBe('failed');
    expect(next.message).toMatch(/reconnect/i);
    expect(await attemptsOf(s, second.targetId)).toHaveLength(0);
  });
});

async function setInstagramCap(quotaTotal: number) {
  const res = await fetch(`${s.platforms.emulator.url}/instagram/_emulator/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quotaTotal }) });
  expect(res.ok).toBe(true);
}
