/**
 * Approval round trip: HTTP POST .../posts/:id/approve -> the post workflow's approve Update ->
 * response, p50 / p99 with 1, 10 and 50 concurrent approvers (--concurrency 1,10,50), each
 * approving --approvals posts (default 100 per level). Beside it, in the same run on the same
 * server: a bare Update on a no-op workflow from a Temporal client at the same concurrency.
 * The load client is Node's own fetch (undici) with keep-alive: no extra dependency.
 * Run: npx tsx bench/approval.ts
 * With --profile: where Herald's time goes, from the worker's SDK metrics (tasks per approval and
 * their mean waits) and `node --cpu-prof` of the worker and API (hottest functions); written to
 * bench/results/approval-profile.json, not the headline file (profiling slows the processes).
 */
import { issueApiToken } from '../db/queries/identity.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { approveNoopUpdate } from './engine/workflows.js';
import { hottestFunctions, scrapeMetrics, stepsPer } from './lib/profile.js';
import { inParallel, seedPosts, startPostWorkflow, waitForStage } from './lib/posts.js';
import { describeMachine, flags, printTable, round, spread, writeResult, type Spread } from './lib/report.js';
import { startBenchStack, type BenchStack } from './lib/stack.js';

const TARGET_P99_MS = 150;
const f = flags();
const levels = f.list('concurrency', [1, 10, 50]);
const perLevel = f.num('approvals', 100);
const profiling = f.has('profile');

/** Runs `count` timed calls with `concurrency` callers; returns each call's milliseconds. */
async function timed(count: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ latency: Spread; perSecond: number }> {
  const t0 = performance.now();
  const ms = await inParallel(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
    const start = performance.now();
    await call(i);
    return performance.now() - start;
  });
  return { latency: spread(ms), perSecond: round((count / (performance.now() - t0)) * 1000) };
}

async function heraldLevel(stack: BenchStack, baseUrl: string, concurrency: number, metricsUrl?: string) {
  const org = await stack.createOrg(['linkedin', 'x']);
  const { token } = await issueApiToken(stack.database.db, org.userId, 'bench');
  const seeded = await seedPosts(stack, org, perLevel, ['linkedin', 'x'], 'approve');
  const tomorrow = Date.now() + 86_400_000;
  await inParallel(seeded, 16, (post) => startPostWorkflow(stack, post, tomorrow));
  await waitForStage(stack, seeded.map((p) => p.postId), 'awaiting_approval', 10 * 60_000);
  const before = metricsUrl ? await scrapeMetrics(metricsUrl) : undefined;
  const result = await timed(seeded.length, concurrency, async (i) => {
    const res = await fetch(`${baseUrl}/api/v1/orgs/${org.orgId}/posts/${seeded[i]!.postId}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`approve answered ${res.status}: ${body}`);
  });
  return { ...result, ...(before && metricsUrl ? { perApproval: stepsPer(before, await scrapeMetrics(metricsUrl), seeded.length) } : {}) };
}

async function engineLevel(stack: BenchStack, concurrency: number, level: number) {
  const handles = await inParallel(Array.from({ length: perLevel }, (_, i) => i), 16, (i) =>
    stack.temporal.workflow.start('noopApprovalWorkflow', { workflowId: `engine-approval-${level}-${i}-${Date.now()}`, taskQueue: stack.engineQueue, args: [] }),
  );
  // The first workflow task runs before the timed Update, as Herald's post workflow has before its approval.
  await Promise.all(handles.map((h) => h.describe()));
  const result = await timed(handles.length, concurrency, async (i) => {
    await handles[i]!.executeUpdate(approveNoopUpdate, { args: [{ actorId: 'bench' }] });
  });
  await Promise.all(handles.map((h) => h.terminate('benchmark over')));
  return result;
}

const machine = describeMachine();
const stack = await startBenchStack();
const profileDir = profiling ? fs.mkdtempSync(path.join(os.tmpdir(), 'herald-approval-profile-')) : undefined;
const metricsUrl = profiling ? `127.0.0.1:${await freePort()}` : undefined;
try {
  await Promise.all([
    stack.startWorkers(1, profileDir ? { TEMPORAL_METRICS_ADDRESS: metricsUrl!, BENCH_CPU_PROF_DIR: path.join(profileDir, 'worker') } : {}),
    stack.startEngineWorkers(1),
  ]);
  const api = await stack.startApi(profileDir ? { BENCH_CPU_PROF_DIR: path.join(profileDir, 'api') } : {});
  const rows = [];
  for (const concurrency of levels) {
    const engine = await engineLevel(stack, concurrency, concurrency);
    const herald = await heraldLevel(stack, api.baseUrl, concurrency, metricsUrl && `http://${metricsUrl}/metrics`);
    rows.push({ concurrency, herald, engine, p99Ratio: round(herald.latency.p99 / Math.max(engine.latency.p99, 0.1), 2), loadAverage1m: round((await import('node:os')).loadavg()[0]!, 2) });
  }
  printTable(
    `Approval round trip: ${perLevel} approvals per level, 1 worker process, 1 API process`,
    rows.flatMap((r) => [
      { approvers: r.concurrency, run: 'Herald: HTTP approve -> Update -> response', 'p50 ms': r.herald.latency.p50, 'p99 ms': r.herald.latency.p99, 'max ms': r.herald.latency.max, 'per s': r.herald.perSecond, 'load 1m': r.loadAverage1m },
      { approvers: r.concurrency, run: 'engine: bare Update on a no-op workflow', 'p50 ms': r.engine.latency.p50, 'p99 ms': r.engine.latency.p99, 'max ms': r.engine.latency.max, 'per s': r.engine.perSecond, 'load 1m': '' },
    ]),
  );
  const top = rows[rows.length - 1]!;
  console.log(`\nheadline: at ${top.concurrency} approvers Herald p99 ${top.herald.latency.p99} ms = ${top.p99Ratio} x the bare Update's ${top.engine.latency.p99} ms (target p99 <= ${TARGET_P99_MS} ms): ${top.herald.latency.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`);
  for (const r of rows) {
    if (r.herald.perApproval) printTable(`Worker's view of one approval at ${r.concurrency} approvers (SDK metrics)`, r.herald.perApproval.map((s) => ({ step: s.step, 'per approval': s.perUnit, 'mean ms': s.meanMs })));
  }
  await writeResult(profiling ? 'approval-profile' : 'approval', machine, { sizes: { approvalsPerLevel: perLevel, concurrency: levels, workerProcesses: 1, apiProcesses: 1 }, targetP99Ms: TARGET_P99_MS, rows, apiRssMiB: api.process.rssMiB() });
} finally {
  await stack.stop();
}
if (profileDir) {
  const hottest = ['worker', 'api'].map((proc) => ({ proc, profiles: hottestFunctions(path.join(profileDir, proc)) }));
  for (const { proc, profiles } of hottest) {
    for (const p of profiles) printTable(`${proc} CPU (${p.totalMs} ms sampled, ${p.file}): most self time`, p.functions.map((fn) => ({ function: fn.name, 'self ms': fn.selfMs, share: fn.share })));
  }
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'approval-profile.json');
  const written = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, `${JSON.stringify({ ...written, cpuProfiles: profileDir, hottest }, null, 2)}\n`);
  console.log(`CPU profiles kept in ${profileDir} (open them in Chrome DevTools)`);
}
