import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBillingConfig } from '../../../config/billing.js';
import { orgBudgetState } from '../../../db/ai-budget.js';
import { aiOutputs, aiUsage, outboxEmails, posts, postTargets } from '../../../db/schema/index.js';
import { RECORDED_FAULTS } from '../../../emulators/llm/recorded.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { dailyRunId } from '../../../temporal-config/workflow-ids.js';
import type { DailyRunSummary } from '../../../workflows/daily-run.js';
import { startAiEmulator } from '../../support/ai.js';
import { createBrandProfile } from '../../support/content.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';
import { zonePastDigestTime } from '../../support/zones.js';

/**
 * Daily runs with the AI pointed at the LLM emulator, which answers as hosted models do
 * (emulators/llm/recorded.ts) unless a test scripts a fault: what the workflow does with provider
 * copy, a repaired answer, an unusable one, a budget that runs out mid-run and providers that are down.
 */
let emulator: LlmEmulator;
let stack: TestStack;
const timeZone = zonePastDigestTime();
const platforms = ['linkedin', 'x'] as const;

beforeAll(async () => {
  emulator = await startAiEmulator();
  stack = await startStack({
    aiEnv: {
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      AI_MAX_RETRIES: '0',
      AI_TIMEOUT_SECONDS: '20',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await emulator?.close();
});
beforeEach(() => emulator.reset());

let runs = 0;
/** A manual daily run for today in a zone past 08:00, so its digest goes at once. */
async function dailyRun(user: TestUser): Promise<DailyRunSummary> {
  const localDate = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const handle = await stack.temporal.workflow.start('dailyRunWorkflow', {
    workflowId: dailyRunId(user.orgId, user.userId, localDate, ++runs),
    taskQueue: stack.queues.main,
    args: [{ orgId: user.orgId, userId: user.userId, localDate, kind: 'manual' }],
  });
  return handle.result();
}

async function brand(): Promise<TestUser> {
  const user = await createTestUser(stack, { timeZone });
  await createBrandProfile(stack, user, { timeZone, platforms: [...platforms], postsPerDay: 1 });
  return user;
}

const outputsOf = (orgId: string, task: string) => stack.database.db.select().from(aiOutputs).where(and(eq(aiOutputs.orgId, orgId), eq(aiOutputs.task, task)));
const usageOf = (orgId: string, task: string) =>
  stack.database.db.select({ outcome: aiUsage.outcome, provider: aiUsage.provider }).from(aiUsage).where(and(eq(aiUsage.orgId, orgId), eq(aiUsage.task, task))).orderBy(aiUsage.at);
const digestOf = async (orgId: string) => (await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, orgId), eq(outboxEmails.kind, 'approval_digest'))))[0];
const copiesOf = (postIds: string[]) => stack.database.db.select({ platform: postTargets.platform, text: postTargets.text }).from(postTargets).where(inArray(postTargets.postId, postIds));
const contentCalls = () => emulator.calls.filter((c) => c.task === 'content.post');

describe('a daily run with the AI pointed at a provider', () => {
  it('posts carry the provider\'s copy, not the offline writer\'s', async () => {
    const user = await brand();
    const summary = await dailyRun(user);
    expect(summary.failed).toEqual([]);
    expect(summary.created.length).toBeGreaterThanOrEqual(1);
    for (const copy of await copiesOf(summary.created)) expect(copy.text).toMatch(/you asked, we listened|we've been thinking about/);
    const written = await outputsOf(user.orgId, 'content.post');
    expect(written.map((o) => ({ provider: o.provider, offlineWritten: o.offlineWritten }))).toEqual(summary.created.map(() => ({ provider: 'anthropic', offlineWritten: false })));
  });

  it.each([
    { name: 'JSON cut off at the output limit', text: RECORDED_FAULTS.malformedJson, problem: /JSON|no JSON object/ },
    { name: 'copy far over X\'s 280 characters', text: RECORDED_FAULTS.tooLongCopy([...platforms]), problem: /x: .*280/ },
  ])('an unusable answer ($name) is repaired by the second call and the run still makes the post', async ({ text, problem }) => {
    const user = await brand();
    emulator.script('anthropic', { task: 'content.post', kind: 'text', text });
    const summary = await dailyRun(user);
    expect(summary.failed).toEqual([]);
    expect(summary.created.length).toBeGreaterThanOrEqual(1);
    const repair = (contentCalls()[1]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(repair).toMatch(problem);
    expect((await usageOf(user.orgId, 'content.post')).map((u) => u.outcome)).toEqual(['invalid_output', ...summary.created.map(() => 'ok')]);
    for (const copy of await copiesOf(summary.created)) expect(copy.text.length).toBeLessThanOrEqual(copy.platform === 'x' ? 280 : 3000);
  });

  it('a refusal that the repair cannot fix fails that post with LlmOutputInvalid, tried once, and the digest says so', async () => {
    const user = await brand();
    emulator.script('anthropic', { task: 'content.post', kind: 'text', text: RECORDED_FAULTS.refusal }, { task: 'content.post', kind: 'text', text: RECORDED_FAULTS.refusal });
    const summary = await dailyRun(user);
    const failure = summary.failed.find((f) => f.step === 'create');
    expect(failure?.reason).toMatch(/content\.post/);
    const [failed] = await stack.database.db.select({ stage: posts.stage }).from(posts).where(eq(posts.id, failure!.postId!));
    expect(failed!.stage).toBe('failed');
    // Non-retryable: the refused post cost one call and one repair, never a Temporal retry.
    expect(contentCalls()).toHaveLength(2 + summary.created.length);
    expect((await digestOf(user.orgId))!.body).toContain(`Could not create (post ${failure!.postId})`);
  });

  it('a budget that runs out mid-run stops the next agent with AiBudgetExhausted, calls no provider for it, and the digest gives the reason', async () => {
    const user = await brand();
    const { budgetUsd } = await orgBudgetState(stack.database.db, user.orgId, loadBillingConfig());
    // A hair under the budget: the research call goes through and tips it over.
    await stack.database.db.insert(aiUsage).values({ orgId: user.orgId, task: 'content.post', kind: 'llm', provider: 'anthropic', model: 'claude-haiku-5-5', costUsd: budgetUsd - 0.000001, latencyMs: 900 });
    const summary = await dailyRun(user);
    expect(emulator.calls.map((c) => c.task)).toEqual(['intelligence.brief']);
    expect(summary.created).toEqual([]);
    const planFailures = summary.failed.filter((f) => f.step.startsWith('plan '));
    expect(planFailures).toHaveLength(2);
    for (const f of planFailures) expect(f.reason).toMatch(/AI budget is used up/);
    expect((await digestOf(user.orgId))!.body).toMatch(/Could not plan \d{4}-\d{2}-\d{2}: .*AI budget is used up/);
  });

  it('with Anthropic down every agent falls back to OpenAI, and the posts are the provider\'s', async () => {
    const user = await brand();
    emulator.script('anthropic', ...Array.from({ length: 40 }, () => ({ kind: 'status' as const, status: 529 })));
    const summary = await dailyRun(user);
    expect(summary.failed).toEqual([]);
    expect(summary.created.length).toBeGreaterThanOrEqual(1);
    expect(new Set((await usageOf(user.orgId, 'content.post')).map((u) => `${u.provider}:${u.outcome}`))).toEqual(new Set(['anthropic:unavailable', 'openai:ok']));
    expect((await outputsOf(user.orgId, 'content.post')).map((o) => o.provider)).toEqual(summary.created.map(() => 'openai'));
  });

  it('with both providers down the offline writer writes, the outputs say so, and the run still asks for approval', async () => {
    const user = await brand();
    emulator.script('anthropic', ...Array.from({ length: 40 }, () => ({ kind: 'status' as const, status: 529 })));
    emulator.script('openai', ...Array.from({ length: 40 }, () => ({ kind: 'status' as const, status: 503 })));
    const summary = await dailyRun(user);
    expect(summary.failed).toEqual([]);
    expect(summary.created.length).toBeGreaterThanOrEqual(1);
    expect((await outputsOf(user.orgId, 'content.post')).map((o) => ({ provider: o.provider, offlineWritten: o.offlineWritten }))).toEqual(summary.created.map(() => ({ provider: 'offline', offlineWritten: true })));
    expect((await digestOf(user.orgId))!.subject).toContain(`${summary.created.length} new post(s)`);
  });
});
