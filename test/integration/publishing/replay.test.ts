import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets } from '../../../db/schema/index.js';
import { runCli } from '../../support/processes.js';
import { createTestUser } from '../../support/stack.js';
import { auditRowsFor, createTarget, publishAndWait, publishingRoutes, startPublishingStack, targetRow, xPostsStartingWith, type PublishingStack } from '../../support/publishing.js';

let s: PublishingStack;

beforeAll(async () => {
  s = await startPublishingStack();
}, 60_000);
afterAll(() => s?.stop());


/** A target that failed for good: X refused the post (HTTP 400 from the emulator). */
async function failedTarget(account: string) {
  const target = await createTarget(s, 'x', account);
  await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'server_error', status: 400 });
  const result = await publishAndWait(s, target);
  expect(result.outcome).toBe('failed');
  return target;
}

describe('support replay', () => {
  it('lists failed targets with error kind, message, attempts and a Temporal UI link', async () => {
    const account = await s.platforms.connect('x', 'replay-list');
    const target = await failedTarget(account);
    const res = await s.support.request(`${publishingRoutes(s)}/targets?status=failed&platform=x&reason=customer%20ticket`);
    expect(res.status).toBe(200);
    const { targets } = (await res.json()) as { targets: Record<string, unknown>[] };
    const mine = targets.find((t) => t.targetId === target.targetId);
    expect(mine).toMatchObject({ status: 'failed', errorKind: 'permanent', attempts: 1, workflowId: `publish-${target.targetId}` });
    expect(String(mine!.message)).toMatch(/X refused/);
    expect(String(mine!.temporalUi)).toContain(`/workflows/publish-${target.targetId}`);
  });

  it('replays a failed target: reconciles, posts exactly once as publish-<id>-2, and audits who, why and the outcome', async () => {
    const account = await s.platforms.connect('x', 'replay-failed');
    const target = await failedTarget(account);
    const res = await s.support.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'X had an outage; customer asked' } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { outcome: string; workflowId: string };
    expect(body).toMatchObject({ outcome: 'started', workflowId: `publish-${target.targetId}-2` });
    const result = await s.stack.temporal.workflow.getHandle(body.workflowId).result();
    expect(result.outcome).toBe('published');
    expect(await xPostsStartingWith(s, (await targetRow(s, target.targetId)).text)).toHaveLength(1);
    const [audit] = await auditRowsFor(s, target.targetId);
    expect(audit).toMatchObject({ actor: s.support.userId, reason: 'X had an outage; customer asked' });
    expect(audit!.details).toMatchObject({ outcome: 'started', workflowId: body.workflowId, finalOutcome: 'published' });
    expect(audit!.at).toBeInstanceOf(Date);
  });

  it('refuses to replay a target that is already published and answers with its URL', async () => {
    const account = await s.platforms.connect('x', 'replay-published');
    const target = await createTarget(s, 'x', account);
    const published = await publishAndWait(s, target);
    const res = await s.support.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'customer says it is missing' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ outcome: 'already_published', url: published.url });
    expect(await xPostsStartingWith(s, (await targetRow(s, target.targetId)).text)).toHaveLength(1);
    expect((await auditRowsFor(s, target.targetId))[0]!.details).toMatchObject({ outcome: 'already_published' });
  });

  it('a failed target whose post is on the platform after all is recorded as published, not posted again', async () => {
    const account = await s.platforms.connect('x', 'replay-there');
    const target = await createTarget(s, 'x', account);
    await s.platforms.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'server_error', status: 400 });
    expect((await publishAndWait(s, target)).outcome).toBe('failed');
    // Meanwhile the customer posted the same text from X's own app.
    const text = (await targetRow(s, target.targetId)).text;
    await publishDirectly(account, text);
    const res = await s.support.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'check and replay' } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { outcome: string; url: string };
    expect(body.outcome).toBe('already_published');
    expect(body.url).toMatch(/^https:\/\/x\.com\//);
    expect(await targetRow(s, target.targetId)).toMatchObject({ stage: 'published', platformPostUrl: body.url });
    expect(await xPostsStartingWith(s, text)).toHaveLength(1);
  });

  it('herald publish list/replay: support finds the failed target and replays it once', async () => {
    const account = await s.platforms.connect('x', 'replay-cli');
    const target = await failedTarget(account);
    const env = { HERALD_API_URL: s.stack.baseUrl, HERALD_API_TOKEN: s.support.token };
    const list = await runCli(['publish', 'list', '--status', 'failed', '--org', s.platforms.orgId, '--reason', 'customer ticket 4711'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(target.targetId);
    expect(list.stdout).toMatch(/X refused/);

    const replay = await runCli(['publish', 'replay', '--target', target.targetId, '--reason', 'CLI replay', '--org', s.platforms.orgId], env);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`publish-${target.targetId}-2`);
    expect((await s.stack.temporal.workflow.getHandle(`publish-${target.targetId}-2`).result()).outcome).toBe('published');

    const again = await runCli(['publish', 'replay', '--target', target.targetId, '--reason', 'CLI replay twice', '--org', s.platforms.orgId], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/already_published: .*https:\/\/x\.com\//s);
    expect(await xPostsStartingWith(s, (await targetRow(s, target.targetId)).text)).toHaveLength(1);
  }, 60_000);

  it('only support may replay; bulk replay has a dry run that lists and starts nothing', async () => {
    const account = await s.platforms.connect('x', 'replay-bulk');
    const target = await failedTarget(account);
    const owner = await createTestUser(s.stack, { orgId: s.platforms.orgId, role: 'owner' });
    const denied = await owner.request(`${publishingRoutes(s)}/targets/${target.targetId}/replay`, { method: 'POST', json: { reason: 'not mine to do' } });
    expect(denied.status).toBe(403);

    const from = new Date(Date.now() - 60_000).toISOString();
    const dry = await s.support.request(`${publishingRoutes(s)}/replays`, { method: 'POST', json: { platform: 'x', errorKind: 'permanent', from, reason: 'bulk after outage', dryRun: true } });
    expect(dry.status).toBe(200);
    const listed = ((await dry.json()) as { targets: { targetId: string }[] }).targets.map((t) => t.targetId);
    expect(listed).toContain(target.targetId);
    expect((await targetRow(s, target.targetId)).stage).toBe('failed');
    expect(await auditRowsFor(s, target.targetId)).toHaveLength(0);

    const run = await s.support.request(`${publishingRoutes(s)}/replays`, { method: 'POST', json: { platform: 'x', errorKind: 'permanent', from, reason: 'bulk after outage' } });
    const results = ((await run.json()) as { results: { targetId: string; outcome: string; workflowId?: string }[] }).results;
    const mine = results.find((r) => r.targetId === target.targetId)!;
    expect(mine.outcome).toBe('started');
    expect((await s.stack.temporal.workflow.getHandle(mine.workflowId!).result()).outcome).toBe('published');
  }, 60_000);

  it('a bulk replay right after a single replay of another target on the same account answers', async () => {
    const marker = `outage-${randomUUID().slice(0, 8)}`;
    const account = await s.platforms.connect('x', `replay-${marker}`);
    const one = await keptFailing(account, marker);
    const two = await keptFailing(account, marker);
    const single = await s.support.request(`${publishingRoutes(s)}/targets/${one}/replay`, { method: 'POST', json: { reason: 'customer ticket 4711' } });
    expect(single.status).toBe(202);

    const started = Date.now();
    const run = await s.support.request(`${publishingRoutes(s)}/replays`, { method: 'POST', json: { message: marker, reason: 'the rest after the outage' }, signal: AbortSignal.timeout(60_000) });
    expect(run.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(30_000);
    const { results } = (await run.json()) as { results: { targetId: string; outcome: string; workflowId?: string }[] };
    expect(results).toEqual([expect.objectContaining({ targetId: two, outcome: 'started', workflowId: `publish-${two}-2` })]);
    for (const id of [one, two]) {
      expect((await s.stack.temporal.workflow.getHandle(`publish-${id}-2`).result()).outcome).toBe('published');
      expect(await xPostsStartingWith(s, (await targetRow(s, id)).text)).toHaveLength(1);
    }
  }, 120_000);
});

/** A publish X kept failing on (left failed, as after an outage), found by `marker` in its message. */
async function keptFailing(account: string, marker: string) {
  const target = await createTarget(s, 'x', account, { text: `Rye at 7 ${randomUUID().slice(0, 8)}` });
  await s.stack.database.db
    .update(postTargets)
    .set({ stage: 'failed', errorKind: 'retryable', errorMessage: `X kept answering 503 (${marker})`, attempts: 8 })
    .where(eq(postTargets.id, target.targetId));
  return target.targetId;
}

/** Posts on X as the account's owner would from X's own app. */
async function publishDirectly(account: string, text: string) {
  const row = await s.platforms.accountRow(account);
  const token = s.platforms.platforms.vault.open(row.accessTokenEnc!, `${row.orgId}:${row.platform}:${row.externalId}:access`);
  const res = await fetch(`${s.platforms.emulator.url}/x/2/tweets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: `${text}\n\n#bakery` }) });
  expect(res.status).toBe(201);
}
