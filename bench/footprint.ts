/**
 * Footprint: N post workflows (default 1,000; --size 10000) started and waiting for approval, in
 * orgs of 100 posts. Reports the worker's and the API's resident memory before and after, Temporal
 * history events and bytes (protobuf, as the server stores them) of a waiting post, of a post
 * taken through approval and publishing (--lifecycle posts, default 5, on LinkedIn) with its
 * publish workflow, and of a monitoring workflow's five checkpoints (those take 24 hours: the
 * recorded run in test/fixtures/histories/monitor-viral.json, replayed by the replay tests), and
 * the worker's workflow cache from the SDK's Prometheus metrics (TEMPORAL_METRICS_ADDRESS).
 * The worker runs with Herald's cache cap (WORKER_MAX_CACHED_WORKFLOWS; --cache N sets it) or, with
 * --sdk-cache, with the SDK's own default (sized from the V8 heap limit), to compare at one size;
 * --evicted-approvals N (default 20) then approves the N posts started first, which a capped cache
 * has evicted, and times each approval (replaying the waiting history).
 * Run: npx tsx bench/footprint.ts (--size 10000, --cache 500, --sdk-cache)
 */
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import protos from '@temporalio/proto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { posts } from '../db/schema/index.js';
import { approveUpdate } from '../workflows/post.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { freePort } from '../test/support/free-port.js';
import { inParallel, schedulePosts, seedPosts, startPostWorkflow, waitForOutcomes, waitForStage, type SeededPost } from './lib/posts.js';
import { describeMachine, flags, printTable, round, spread, writeResult } from './lib/report.js';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config/env.js';
import { startBenchStack, waitUntil, type BenchStack } from './lib/stack.js';

const TARGET_WORKER_MIB_AT_10K = 1024;
const POSTS_PER_ORG = 100;
const f = flags();
const size = f.num('size', 1_000);
const lifecycle = f.num('lifecycle', 5);
const evictedApprovals = f.num('evicted-approvals', 20);
/** Start calls in flight at once, in batches; at most `inFlight` posts started and not yet waiting for approval. */
const startConcurrency = f.num('concurrency', 8);
const startBatch = f.num('batch', 100);
const inFlight = f.num('in-flight', 200);
// The SDK's default when no cap is given (@temporalio/worker addDefaultWorkerOptions, reuseV8Context):
// 600 workflows per GiB of V8 heap above 200 MiB. The worker's heap limit is this process's (same node, same flags).
const sdkDefaultCache = Math.max(Math.floor((Math.max(v8.getHeapStatistics().heap_size_limit / 2 ** 20 - 200, 0) * 600) / 1024), 10);
const sdkCache = f.has('sdk-cache');
const cacheCap = sdkCache ? sdkDefaultCache : f.num('cache', DEFAULT_MAX_CACHED_WORKFLOWS);

// CommonJS: Node's ESM loader sees only its default export.
type History = protos.temporal.api.history.v1.IHistory;
const bytesOf = (history: History) => protos.temporal.api.history.v1.History.encode(history).finish().length;

/** Start calls the dev server refused for a moment under load and the bench sent again. */
const startRetries: string[] = [];

/**
 * The dev server at load ~30 sometimes answers a start "Namespace not found: 'default'" (its
 * namespace cache refresh timed out): the same call a moment later succeeds.
 */
async function startRetrying(post: SeededPost, publishAt: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await startPostWorkflow(stack, post, publishAt);
      return;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return; // an earlier attempt got through
      if (attempt >= 6) throw err;
      startRetries.push(String((err as Error).message).slice(0, 80));
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
}

/** Posts waiting for approval (the bench's database holds only its own posts). */
async function waitingCount(): Promise<number> {
  const [row] = await stack.database.db.select({ n: sql<number>`count(*)::int` }).from(posts).where(eq(posts.stage, 'awaiting_approval'));
  return row?.n ?? 0;
}

async function historyOf(stack: BenchStack, workflowId: string): Promise<History> {
  return stack.temporal.workflow.getHandle(workflowId).fetchHistory();
}

async function perWorkflow(stack: BenchStack, ids: string[]) {
  const histories = await inParallel(ids, 8, (id) => historyOf(stack, id));
  const events = histories.map((h) => h.events?.length ?? 0);
  const bytes = histories.map(bytesOf);
  const mean = (xs: number[]) => round(xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1));
  return { sampled: ids.length, events: mean(events), bytes: mean(bytes) };
}

/** The SDK's sticky-cache counters and gauges, from the worker's Prometheus endpoint. */
async function cacheFigures(metricsUrl: string) {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((s, line) => s + Number(line.trim().split(/\s+/).pop()), 0);
  const hits = sum('temporal_sticky_cache_hit');
  const misses = sum('temporal_sticky_cache_miss');
  return { hits, misses, hitRate: hits + misses > 0 ? round(hits / (hits + misses), 3) : null, cachedWorkflows: sum('temporal_sticky_cache_size'), forcedEvictions: sum('temporal_sticky_cache_total_forced_eviction') };
}

async function takeThroughPublishing(stack: BenchStack) {
  const org = await stack.createOrg(['linkedin']);
  const posts = await seedPosts(stack, org, lifecycle, ['linkedin'], 'lifecycle');
  const at = Date.now() + 30_000;
  await schedulePosts(stack, posts.map((p) => ({ postId: p.postId, at })));
  for (const post of posts) await (await startPostWorkflow(stack, post, at)).executeUpdate(approveUpdate, { args: [{ actorId: post.userId }] });
  const outcomes = await waitForOutcomes(stack, posts.map((p) => p.postId), 10 * 60_000);
  const targets = await stack.database.db.query.postTargets.findMany({ where: (t, { inArray }) => inArray(t.postId, posts.map((p) => p.postId)) });
  // The post workflow ends once its publish workflows are started; the publish workflow once the monitor is.
  await waitUntil(async () => ((await Promise.all(targets.map((t) => stack.temporal.workflow.getHandle(workflowIds.publish(t.id)).describe()))).every((d) => d.status.name === 'COMPLETED') ? true : undefined), 120_000, 'the publish workflows to complete');
  return {
    published: outcomes.filter((o) => o.stage === 'published').length,
    post: await perWorkflow(stack, posts.map((p) => workflowIds.post(p.postId))),
    publish: await perWorkflow(stack, targets.map((t) => workflowIds.publish(t.id))),
    monitorSoFar: await perWorkflow(stack, targets.map((t) => workflowIds.monitor(t.id))),
  };
}

function recordedMonitor() {
  const json = JSON.parse(fs.readFileSync(new URL('../test/fixtures/histories/monitor-viral.json', import.meta.url), 'utf8'));
  const history = historyFromJSON(json);
  return { events: history.events?.length ?? 0, bytes: bytesOf(history) };
}

const machine = describeMachine();
const stack = await startBenchStack();
try {
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  const [worker] = await stack.startWorkers(1, { TEMPORAL_METRICS_ADDRESS: metricsAddress, WORKER_MAX_CACHED_WORKFLOWS: String(cacheCap) });
  const api = await stack.startApi();
  const metricsUrl = `http://${metricsAddress}/metrics`;
  const before = { workerMiB: worker!.rssMiB(), apiMiB: api.process.rssMiB() };

  const seedStartedAt = performance.now();
  const seeded: SeededPost[] = [];
  for (let n = 0; n < size; n += POSTS_PER_ORG) seeded.push(...(await seedPosts(stack, await stack.createOrg(['linkedin', 'x']), Math.min(POSTS_PER_ORG, size - n), ['linkedin', 'x'], 'waiting')));
  const seedSeconds = round((performance.now() - seedStartedAt) / 1000);
  const tomorrow = Date.now() + 86_400_000;
  const startedAt = performance.now();
  // Paced: at most `inFlight` posts started and not yet waiting. Starting all at once (the first
  // version: 16, then 64 start calls in flight) piles up thousands of started workflows whose tasks
  // the dev server's single SQLite writer cannot keep up with on a loaded machine: its writes hit
  // their deadlines ("context deadline exceeded"), workflow tasks time out and are retried, and the
  // worker sits idle (1 % CPU) with 3,738 started and 128 waiting after 10 minutes.
  for (let next = 0; next < seeded.length; ) {
    const batch = seeded.slice(next, next + startBatch);
    await inParallel(batch, startConcurrency, (post) => startRetrying(post, tomorrow));
    next += batch.length;
    const started = next;
    const nowWaiting = await waitUntil(async () => {
      const n = await waitingCount();
      return started - n <= inFlight || started === seeded.length ? n : undefined;
    }, 30 * 60_000, `fewer than ${inFlight} started posts not yet waiting`);
    if (started % 1000 < startBatch) console.log(`started ${started}, waiting ${nowWaiting}, ${round((performance.now() - startedAt) / 1000)} s, load ${round(os.loadavg()[0]!)}`);
  }
  const startCallsSeconds = round((performance.now() - startedAt) / 1000);
  await waitForStage(stack, seeded.map((p) => p.postId), 'awaiting_approval', 60 * 60_000);
  const startSeconds = round((performance.now() - startedAt) / 1000);
  const loadWhileStarting = round(os.loadavg()[0]!, 2);
  const waiting = { workerMiB: worker!.rssMiB(), apiMiB: api.process.rssMiB(), cache: await cacheFigures(metricsUrl) };
  // Approvals of the posts started first: with a capped cache these were evicted long ago and replay.
  const oldest = seeded.slice(0, Math.min(evictedApprovals, seeded.length));
  const approvalMs = await inParallel(oldest, 1, async (post) => {
    const t = performance.now();
    await stack.temporal.workflow.getHandle(workflowIds.post(post.postId)).executeUpdate(approveUpdate, { args: [{ actorId: post.userId }] });
    return performance.now() - t;
  });
  await waitForStage(stack, oldest.map((p) => p.postId), 'approved', 5 * 60_000);
  const afterApprovals = await cacheFigures(metricsUrl);
  const oldestApprovals = { approved: oldest.length, ms: spread(approvalMs), cacheMisses: afterApprovals.misses - waiting.cache.misses, cacheHits: afterApprovals.hits - waiting.cache.hits };
  const sample = seeded.filter((_, i) => i % Math.max(1, Math.floor(size / 50)) === 0).map((p) => workflowIds.post(p.postId));
  const waitingHistory = await perWorkflow(stack, sample);
  const published = await takeThroughPublishing(stack);
  const monitor = recordedMonitor();
  const lifecycleTotal = { events: published.post.events + published.publish.events + monitor.events, bytes: published.post.bytes + published.publish.bytes + monitor.bytes };
  const after = { workerMiB: worker!.rssMiB(), apiMiB: api.process.rssMiB(), cache: await cacheFigures(metricsUrl) };

  printTable(`Footprint: ${size} post workflows waiting for approval, 1 worker process (workflow cache ${cacheCap}${sdkCache ? ', the SDK default' : ''}), 1 API process (started in ${startSeconds} s, ${round(size / startSeconds)} posts/s; start calls done in ${startCallsSeconds} s)`, [
    { what: 'worker RSS MiB', before: before.workerMiB, 'all waiting': waiting.workerMiB, 'after lifecycle': after.workerMiB },
    { what: 'API RSS MiB', before: before.apiMiB, 'all waiting': waiting.apiMiB, 'after lifecycle': after.apiMiB },
    { what: 'worker cache: workflows held', before: '', 'all waiting': waiting.cache.cachedWorkflows, 'after lifecycle': after.cache.cachedWorkflows },
    { what: 'worker cache: hit rate', before: '', 'all waiting': waiting.cache.hitRate ?? '', 'after lifecycle': after.cache.hitRate ?? '' },
    { what: 'worker cache: forced evictions', before: '', 'all waiting': waiting.cache.forcedEvictions, 'after lifecycle': after.cache.forcedEvictions },
  ]);
  console.log(`\napproving the ${oldest.length} posts started first, one at a time: p50 ${oldestApprovals.ms.p50} ms, p95 ${oldestApprovals.ms.p95} ms, max ${oldestApprovals.ms.max} ms (cache misses ${oldestApprovals.cacheMisses}, hits ${oldestApprovals.cacheHits})`);
  printTable('Temporal history per post (mean of the sampled workflows)', [
    { workflow: 'post, waiting for approval', events: waitingHistory.events, bytes: waitingHistory.bytes },
    { workflow: 'post, approved and handed to publishing', events: published.post.events, bytes: published.post.bytes },
    { workflow: 'publish (LinkedIn), published', events: published.publish.events, bytes: published.publish.bytes },
    { workflow: 'monitor, before its first checkpoint (live)', events: published.monitorSoFar.events, bytes: published.monitorSoFar.bytes },
    { workflow: 'monitor, five checkpoints (recorded run)', events: monitor.events, bytes: monitor.bytes },
    { workflow: 'lifecycle: draft -> approval -> publish -> five checkpoints', events: lifecycleTotal.events, bytes: lifecycleTotal.bytes },
  ]);
  const workerPerPostKiB = round(((waiting.workerMiB - before.workerMiB) * 1024) / size);
  // The cache holds at most cacheCap workflows: past that, memory per cached workflow is what grows.
  const workerPerCachedKiB = round(((waiting.workerMiB - before.workerMiB) * 1024) / Math.max(1, Math.min(size, waiting.cache.cachedWorkflows)));
  const projectedMiBAt10k = round(before.workerMiB + (workerPerCachedKiB * Math.min(10_000, cacheCap)) / 1024, 0);
  console.log(`\nworker memory per waiting post: ${workerPerPostKiB} KiB; per cached workflow: ${workerPerCachedKiB} KiB; projected at 10,000 waiting with a cache of ${cacheCap}: ${projectedMiBAt10k} MiB (target: under 1 GiB)`);
  await writeResult(sdkCache ? 'footprint-sdk-cache' : 'footprint', machine, {
    sizes: { waitingPosts: size, postsPerOrg: POSTS_PER_ORG, lifecyclePosts: lifecycle, workerProcesses: 1, apiProcesses: 1, startConcurrency, startBatch, startsInFlight: inFlight },
    workflowCache: { maxCachedWorkflows: cacheCap, source: sdkCache ? 'SDK default (600 per GiB of V8 heap above 200 MiB)' : 'WORKER_MAX_CACHED_WORKFLOWS', sdkDefaultHere: sdkDefaultCache },
    target: { workerMiBAt10k: TARGET_WORKER_MIB_AT_10K },
    seedSeconds,
    startCallsSeconds,
    startSeconds,
    startsPerSecond: round(size / startSeconds),
    startRetries: { count: startRetries.length, reasons: [...new Set(startRetries)] },
    loadAverage1mWhenAllWaiting: loadWhileStarting,
    oldestApprovals,
    memory: { before, waiting, after, workerPerPostKiB, workerPerCachedKiB, projectedMiBAt10k },
    history: { waiting: waitingHistory, ...published, monitorFiveCheckpointsRecorded: monitor, lifecycleTotal },
  });
} finally {
  await stack.stop();
}
