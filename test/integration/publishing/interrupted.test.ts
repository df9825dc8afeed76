import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATE_ANSWER_GRACE_MS } from '../../../core/publishing.js';
import { publishAttempts, publishRuns } from '../../../db/schema/index.js';
import { runCli, waitFor } from '../../support/processes.js';
import { replay, saveHistoryFixture } from '../../support/replay.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { auditRowsFor, createTarget, publishingRoutes, startPublish, startPublishingStack, targetRow, xPostsStartingWith, type PublishingStack } from '../../support/publishing.js';
import { createTestUser } from '../../support/stack.js';

/**
 * A publish run that ops terminated in the Temporal UI leaves its target `publishing`: support
 * sees it as interrupted and replays it; the replay checks the platform first and never posts twice.
 */

let s: PublishingStack;

/**
 * How long a run stays held where ops stop it: detecting the hold and terminating must fit in it,
 * so it is tens of seconds, not a few (a replay of a rate-limited run honours the rest of that wait).
 * A request in flight is held until the call times out.
 */
const HOLD_SECONDS = 20;
const IN_FLIGHT_TIMEOUT_MS = 20_000;

beforeAll(async () => {
  s = await startPublishingStack({ platformTimeoutMs: IN_FLIGHT_TIMEOUT_MS });
}, 60_000);
afterAll(() => s?.stop());


interface Line {
  targetId: string;
  status: string;
  errorKind: string | null;
  message: string | null;
  workflowId?: string;
  temporalUi?: string;
}

async function listed(query: string): Promise<Line[]> {
  const res = await s.support.request(`${publishingRoutes(s)}/targets?${query}&reason=${encodeURIComponent('customer ticket 4711')}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { targets: Line[] }).targets;
}

function replayTarget(targetId: string, reason: string) {
  return s.support.request(`${publishingRoutes(s)}/targets/${targetId}/replay`, { method: 'POST', json: { reason } });
}

/** Where the run is held when ops stop it. */
type Hold =
  /** X took the post and the answer was lost; the run waits to reconcile. */
  | 'answer lost'
  /** X said 429; the run waits for the account's window, nothing sent. */
  | 'rate-limit wait'
  /** The request to X is in flight (X answers slowly). */
  | 'request in flight';

/** Starts a publish, waits until it is held at `hold`, and terminates its workflow as ops would. */
async function terminatedMidway(account: string, hold: Hold, options: { terminate?: boolean } = {}) {
  const target = await createTarget(s, 'x', account);
  if (hold === 'answer lost') await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'drop_response' });
  if (hold === 'rate-limit wait') await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'rate_limit', retryAfterSeconds: HOLD_SECONDS });
  // X takes the post a few seconds after Herald's call timed out: the answer is lost, the post lands.
  if (hold === 'request in flight') await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'delay', delayMs: IN_FLIGHT_TIMEOUT_MS + 5_000 });
  const handle = await startPublish(s, target);
  await waitFor(
    async () => {
      const [attempt] = await s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, target.targetId));
      if (hold === 'answer lost') return attempt?.status === 'unconfirmed' ? attempt : undefined;
      // In flight: the attempt is written and X has the request (its delay fault is taken).
      if (hold === 'request in flight') return attempt?.status === 'sending' && s.platforms.emulator.state.queuedFaults('x') === 0 ? attempt : undefined;
      const row = await targetRow(s, target.targetId);
      return row.errorKind === 'waiting' ? row : undefined;
    },
    20_000,
    `the publish to be held at "${hold}"`,
  );
  if (options.terminate !== false) {
    await handle.terminate('ops: run looked stuck');
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    expect((await targetRow(s, target.targetId)).stage).toBe('publishing');
  }
  return { ...target, handle, text: (await targetRow(s, target.targetId)).text };
}

/** A lost answer may still land for a grace period after it was lost; replay refuses until then. */
async function graceOver(targetId: string): Promise<void> {
  const [attempt] = await s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, targetId));
  const wait = attempt!.finishedAt!.getTime() + LATE_ANSWER_GRACE_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait + 250));
}

async function replayWorkflowIdOf(targetId: string): Promise<string> {
  const [audit] = await auditRowsFor(s, targetId);
  return `replay-${targetId}-${audit!.idempotencyKey!.replace(/^publish-replay:/, '')}`;
}

describe('a publish run stopped by ops (interrupted)', () => {
  it('is listed as interrupted with the stopped run, how and when it stopped (API, bulk dry run, CLI)', async () => {
    const account = await s.platforms.connect('x', 'int-list');
    const target = await terminatedMidway(account, 'rate-limit wait');
    const mine = (await listed('status=interrupted')).find((t) => t.targetId === target.targetId);
    expect(mine).toMatchObject({ status: 'interrupted', errorKind: 'interrupted', workflowId: `publish-${target.targetId}` });
    expect(mine!.message).toMatch(new RegExp(`^publish-${target.targetId} was terminated in Temporal at \\d{4}-`));
    expect(mine!.temporalUi).toContain(`/workflows/publish-${target.targetId}`);
    expect((await listed('')).map((t) => t.targetId)).toContain(target.targetId);
    expect((await listed('status=failed')).map((t) => t.targetId)).not.toContain(target.targetId);

    const dry = await s.support.request(`${publishingRoutes(s)}/replays`, { method: 'POST', json: { errorKind: 'interrupted', reason: 'ops stopped runs', dryRun: true } });
    expect(((await dry.json()) as { targets: Line[] }).targets.map((t) => t.targetId)).toContain(target.targetId);

    const env = { HERALD_API_URL: s.stack.baseUrl, HERALD_API_TOKEN: s.support.token };
    const cli = await runCli(['publish', 'list', '--status', 'interrupted', '--org', s.platforms.orgId, '--reason', 'customer ticket 4711'], env);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`${target.targetId}\\s+x\\s+interrupted\\s+interrupted`));
    expect(cli.stdout).toContain('was terminated in Temporal');
  });

  it('replay when the post reached the platform: recorded as published, nothing posted again, audited', async () => {
    const account = await s.platforms.connect('x', 'int-there');
    const target = await terminatedMidway(account, 'answer lost');
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(1);
    expect((await listed('status=interrupted')).map((t) => t.targetId)).toContain(target.targetId);

    await graceOver(target.targetId);
    const res = await replayTarget(target.targetId, 'ops terminated the run; customer asks');
    expect(res.status).toBe(409);
    const body = (await res.json()) as { outcome: string; url: string };
    expect(body.outcome).toBe('already_published');
    expect(body.url).toMatch(/^https:\/\/x\.com\//);
    expect(await targetRow(s, target.targetId)).toMatchObject({ stage: 'published', platformPostUrl: body.url });
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(1);
    const [run] = await s.stack.database.db.select().from(publishRuns).where(eq(publishRuns.workflowId, `publish-${target.targetId}`));
    expect(run!.outcome).toBe('interrupted');
    const [audit] = await auditRowsFor(s, target.targetId);
    expect(audit).toMatchObject({ actor: s.support.userId, reason: 'ops terminated the run; customer asks' });
    expect(audit!.details).toMatchObject({ outcome: 'already_published', url: body.url });
  }, 60_000);

  it('replay when the post never reached the platform: posted exactly once as publish-<id>-2, audited', async () => {
    const account = await s.platforms.connect('x', 'int-absent');
    const target = await terminatedMidway(account, 'rate-limit wait');
    const res = await replayTarget(target.targetId, 'ops terminated a waiting run');
    expect(res.status).toBe(202);
    const body = (await res.json()) as { outcome: string; workflowId: string };
    expect(body).toMatchObject({ outcome: 'started', workflowId: `publish-${target.targetId}-2` });
    expect((await s.stack.temporal.workflow.getHandle(body.workflowId).result()).outcome).toBe('published');
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(1);
    expect((await targetRow(s, target.targetId)).stage).toBe('published');
    const [audit] = await auditRowsFor(s, target.targetId);
    expect(audit).toMatchObject({ actor: s.support.userId, reason: 'ops terminated a waiting run' });
    expect(audit!.details).toMatchObject({ outcome: 'started', workflowId: body.workflowId, finalOutcome: 'published' });

    const replayId = await replayWorkflowIdOf(target.targetId);
    saveHistoryFixture('publish-replay-interrupted', replayId);
    await expect(replay(await s.stack.temporal.workflow.getHandle(replayId).fetchHistory())).resolves.toBeUndefined();
  }, 120_000);

  it('a run still running is refused with the run that is publishing it, and the refusal is audited', async () => {
    const account = await s.platforms.connect('x', 'int-running');
    const target = await terminatedMidway(account, 'rate-limit wait', { terminate: false });
    expect((await listed('status=interrupted')).map((t) => t.targetId)).not.toContain(target.targetId);
    const res = await replayTarget(target.targetId, 'looks stuck to the customer');
    expect(res.status).toBe(409);
    const body = (await res.json()) as { outcome: string; message: string };
    expect(body.outcome).toBe('refused');
    expect(body.message).toContain(`being published now by publish-${target.targetId}`);
    expect((await target.handle.describe()).status.name).toBe('RUNNING');
    expect((await auditRowsFor(s, target.targetId))[0]!.details).toMatchObject({ outcome: 'refused', message: body.message });
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(0);
    await target.handle.terminate('test done');
  });

  it('stopped while its request was in flight: replay waits until the request can no longer land, then finds the post; posted once', async () => {
    const account = await s.platforms.connect('x', 'int-flight');
    const target = await terminatedMidway(account, 'request in flight');
    const early = await replayTarget(target.targetId, 'right after ops stopped it');
    expect(early.status).toBe(409);
    expect(((await early.json()) as { outcome: string; message: string })).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/may still land/) });
    // The stopped run's activity is not stopped with it: it times out (answer lost) while X, slow, still takes the post.
    await waitFor(async () => ((await xPostsStartingWith(s, target.text)).length ? true : undefined), 60_000, 'X to take the slow request');
    await waitFor(async () => ((await s.stack.database.db.select().from(publishAttempts).where(eq(publishAttempts.targetId, target.targetId)))[0]?.status === 'unconfirmed' ? true : undefined), 60_000, 'the attempt to settle');
    await graceOver(target.targetId);
    const later = await replayTarget(target.targetId, 'after it settled');
    expect(later.status).toBe(409);
    expect(((await later.json()) as { outcome: string }).outcome).toBe('already_published');
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(1);
    expect((await targetRow(s, target.targetId)).stage).toBe('published');
    expect((await auditRowsFor(s, target.targetId)).map((a) => (a.details as { outcome: string }).outcome).sort()).toEqual(['already_published', 'refused']);
  }, 120_000);

  it("another org's owner can neither list nor replay it (404); support staff must say why, and it is audited in the org", async () => {
    const account = await s.platforms.connect('x', 'int-tenant');
    const target = await terminatedMidway(account, 'rate-limit wait');
    const other = await createTestUser(s.stack);
    const list = await other.request(`${publishingRoutes(s, other.orgId)}/targets?status=interrupted`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { targets: Line[] }).targets).toEqual([]);
    const viaOwnOrg = await other.request(`${publishingRoutes(s, other.orgId)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'not ours' } });
    expect(viaOwnOrg.status).toBe(403);
    const viaTheirOrg = await other.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'not ours' } });
    expect(viaTheirOrg.status).toBe(404);
    const peek = await other.request(`${publishingRoutes(s)}/targets?status=interrupted`);
    expect(peek.status).toBe(404);

    // Staff reach this org's publishing only with a reason, and never its other routes.
    const silent = await s.support.request(`${publishingRoutes(s)}/targets?status=interrupted`);
    expect(silent.status).toBe(422);
    expect((await silent.json()).error.message).toContain('reason');
    expect((await s.support.request(`/api/v1/orgs/${s.platforms.orgId}/posts?reason=curious`)).status).toBe(404);
    expect((await s.support.request(`/api/v1/orgs/${s.platforms.orgId}?reason=curious`)).status).toBe(404);
    expect(await auditRowsFor(s, target.targetId)).toHaveLength(0);
    expect((await targetRow(s, target.targetId)).stage).toBe('publishing');
  });
});

describe('interrupted runs, more ways', () => {
  it('a run ops cancelled is listed as interrupted, saying it was cancelled', async () => {
    const account = await s.platforms.connect('x', 'int-cancel');
    const target = await terminatedMidway(account, 'rate-limit wait', { terminate: false });
    await target.handle.cancel();
    await waitFor(async () => ((await target.handle.describe()).status.name === 'CANCELLED' ? true : undefined), 60_000, 'the run to be cancelled');
    const mine = await waitFor(async () => (await listed('status=interrupted')).find((t) => t.targetId === target.targetId), 30_000, 'the target to be listed as interrupted');
    expect(mine.message).toMatch(new RegExp(`^publish-${target.targetId} was cancelled in Temporal`));
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(0);
  });

  it('a run that hit its execution timeout is listed as interrupted, saying it timed out', async () => {
    const account = await s.platforms.connect('x', 'int-timeout');
    const target = await createTarget(s, 'x', account);
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'rate_limit', retryAfterSeconds: 60 });
    // The run times out while it waits a minute for X's window.
    const handle = await s.stack.temporal.workflow.start('publishTargetWorkflow', { workflowId: workflowIds.publish(target.targetId), taskQueue: s.stack.queues.main, args: [target], workflowExecutionTimeout: '20 seconds' });
    await waitFor(async () => ((await handle.describe()).status.name === 'TIMED_OUT' ? true : undefined), 90_000, 'the run to time out');
    const mine = await waitFor(async () => (await listed('status=interrupted')).find((t) => t.targetId === target.targetId), 30_000, 'the target to be listed as interrupted');
    expect(mine.message).toMatch(new RegExp(`^publish-${target.targetId} was timed out in Temporal`));
    expect((await targetRow(s, target.targetId)).stage).toBe('publishing');
  }, 150_000);

  it('two replays of the same target at once post it once', async () => {
    const account = await s.platforms.connect('x', 'int-twice');
    const target = await terminatedMidway(account, 'rate-limit wait');
    const answers = await Promise.all([replayTarget(target.targetId, 'first support agent'), replayTarget(target.targetId, 'second support agent')]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { outcome: string; workflowId?: string }[];
    const started = bodies.filter((b) => b.outcome === 'started');
    expect(started.length, JSON.stringify(bodies)).toBeGreaterThanOrEqual(1);
    expect(new Set(started.map((b) => b.workflowId))).toEqual(new Set([`publish-${target.targetId}-2`]));
    expect((await s.stack.temporal.workflow.getHandle(`publish-${target.targetId}-2`).result()).outcome).toBe('published');
    expect(await xPostsStartingWith(s, target.text)).toHaveLength(1);
    await expect(s.stack.temporal.workflow.getHandle(`publish-${target.targetId}-3`).describe()).rejects.toThrow();
  }, 120_000);

  it('a replay whose platform check fails posts nothing and starts no run', async () => {
    const account = await s.platforms.connect('x', 'int-check-fails');
    const target = await terminatedMidway(account, 'rate-limit wait');
    // X cannot be asked whether the post is there: the replay must not guess "absent" and post.
    await s.platforms.fault({ platform: 'x', route: 'GET /2/users/', kind: 'server_error', status: 503, times: 1_000 });
    try {
      const res = await replayTarget(target.targetId, 'customer asks again');
      const body = (await res.json()) as { outcome: string; message?: string };
      expect(res.status, JSON.stringify(body)).not.toBe(202);
      expect(body.outcome).not.toBe('started');
      expect(await xPostsStartingWith(s, target.text)).toHaveLength(0);
      expect((await targetRow(s, target.targetId)).stage).toBe('publishing');
      await expect(s.stack.temporal.workflow.getHandle(`publish-${target.targetId}-2`).describe()).rejects.toThrow();
    } finally {
      while (s.platforms.emulator.state.takeFault('x', 'GET', '/2/users/')) {
        // X answers again: drop the failures left for later tests
      }
    }
  }, 120_000);
});
