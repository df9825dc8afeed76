/**
 * Daily-cycle throughput: N users (default 100; --users 1000, --users 10000) whose 02:00 falls in
 * the same minute, all started at one instant, offline writer (no AI keys) and the platform
 * emulator. Reports cycles per minute and the time until the last cycle's posts await approval,
 * with 1, 2 and 3 worker processes (--workers 1,2,3). In the same run on the same server, the
 * engine baseline: as many workflows running as many no-op activities with the same payload sizes
 * and as many children (the shape is read from one Herald run's history). Headline: Herald / engine.
 * Run: npx tsx bench/daily-cycle.ts
 */
import type { Client } from '@temporalio/client';
import { inArray, sql } from 'drizzle-orm';
import { posts } from '../db/schema/index.js';
import { createBrandProfile } from '../test/support/content.js';
import type { NoopShape } from './engine/workflows.js';
import { inParallel } from './lib/posts.js';
import { describeMachine, flags, printTable, round, writeResult } from './lib/report.js';
import { startBenchStack, waitUntil, type BenchProcess, type BenchStack } from './lib/stack.js';

const TARGET_RATIO = 0.5;
const f = flags();
const users = f.num('users', 100);
const workerCounts = f.list('workers', [1, 2, 3]);
/** The user's zone: 08:00 there has passed, so each run sends its digest at once and completes. */
const TIME_ZONE = 'UTC';
const localDate = new Date().toISOString().slice(0, 10);

async function createUsers(stack: BenchStack, count: number) {
  return inParallel(Array.from({ length: count }, (_, i) => i), 8, async () => {
    const account = await stack.createOrg([], TIME_ZONE);
    await createBrandProfile(stack, account, { platforms: ['linkedin', 'facebook', 'x'], timeZone: TIME_ZONE, postsPerDay: 3 });
    return account;
  });
}

async function swapWorkers(current: BenchProcess[], start: () => Promise<BenchProcess[]>) {
  await Promise.all(current.map((p) => p.stop()));
  return start();
}

/** Starts every run at once; resolves with each run's finish time (ms after the start). */
async function startAll(temporal: Client, starts: { workflowType: string; workflowId: string; taskQueue: string; args: unknown[] }[]) {
  const t0 = Date.now();
  const handles = await inParallel(starts, 32, (s) => temporal.workflow.start(s.workflowType, { workflowId: s.workflowId, taskQueue: s.taskQueue, args: s.args }));
  const startedMs = Date.now() - t0;
  const finished = await Promise.all(handles.map((h) => h.result().then(() => Date.now() - t0)));
  return { t0, startedMs, finished };
}

async function heraldRound(stack: BenchStack, accounts: { orgId: string; userId: string }[], round: number) {
  const runs = await startAll(
    stack.temporal,
    accounts.map((a) => ({ workflowType: 'dailyRunWorkflow', workflowId: `daily-bench-${round}-${a.userId}`, taskQueue: stack.queues.main, args: [{ orgId: a.orgId, userId: a.userId, localDate, kind: 'scheduled' }] })),
  );
  const orgIds = accounts.map((a) => a.orgId);
  // The day is done for a user when every post it made waits for approval (its post workflow ran).
  const allAwaitingMs = await waitUntil(
    async () => {
      const [row] = await stack.database.db
        .select({ total: sql<number>`count(*)::int`, waiting: sql<number>`count(*) filter (where ${posts.stage} = 'awaiting_approval')::int` })
        .from(posts)
        .where(inArray(posts.orgId, orgIds));
      return row && row.total > 0 && row.total === row.waiting ? { ms: Date.now() - runs.t0, posts: row.total } : undefined;
    },
    30 * 60_000,
    'every post to await approval',
    250,
  );
  return { ...runs, lastAwaitingMs: allAwaitingMs.ms, posts: allAwaitingMs.posts };
}

/** The shape of one Herald daily run, read from its history: activities, their input sizes, children. */
async function shapeOf(stack: BenchStack, workflowId: string): Promise<NoopShape> {
  const count = (events: { activityTaskScheduledEventAttributes?: unknown }[]) => events.filter((e) => e.activityTaskScheduledEventAttributes).length;
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const inputs = events.flatMap((e) => (e.activityTaskScheduledEventAttributes?.input?.payloads ?? []).map((p) => p.data?.length ?? 0));
  const children = events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!);
  const childActivities = children.length > 0 ? count((await stack.temporal.workflow.getHandle(children[0]!).fetchHistory()).events ?? []) : 0;
  // Local activities (the run's short database steps) are markers: the engine's copy runs as many local no-ops.
  const localActivities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  return { activities: count(events), localActivities, payloadBytes: Math.round(inputs.reduce((s, n) => s + n, 0) / Math.max(inputs.length, 1)), children: children.length, childActivities };
}

const machine = describeMachine();
const stack = await startBenchStack();
try {
  const accounts = await createUsers(stack, users * workerCounts.length);
  let workers: BenchProcess[] = [];
  let engineWorkers: BenchProcess[] = [];
  let shape: NoopShape | undefined;
  const rounds = [];
  for (const [i, count] of workerCounts.entries()) {
    const mine = accounts.slice(i * users, (i + 1) * users);
    workers = await swapWorkers(workers, () => stack.startWorkers(count));
    const herald = await heraldRound(stack, mine, i);
    workers = await swapWorkers(workers, async () => []);
    shape ??= await shapeOf(stack, `daily-bench-${i}-${mine[0]!.userId}`);
    engineWorkers = await swapWorkers(engineWorkers, () => stack.startEngineWorkers(count));
    const engine = await startAll(
      stack.temporal,
      mine.map((a) => ({ workflowType: 'noopCycleWorkflow', workflowId: `engine-cycle-${i}-${a.userId}`, taskQueue: stack.engineQueue, args: [shape] })),
    );
    engineWorkers = await swapWorkers(engineWorkers, async () => []);
    const heraldLast = herald.lastAwaitingMs;
    const engineLast = Math.max(...engine.finished);
    rounds.push({
      workerProcesses: count,
      herald: { cyclesPerMinute: round((users / heraldLast) * 60_000), lastCycleAwaitingApprovalS: round(heraldLast / 1000), startCallsS: round(herald.startedMs / 1000), posts: herald.posts },
      engine: { cyclesPerMinute: round((users / engineLast) * 60_000), lastCycleDoneS: round(engineLast / 1000) },
      ratio: round(engineLast / heraldLast, 2),
      loadAverage1m: round((await import('node:os')).loadavg()[0]!, 2),
    });
  }
  printTable(
    `Daily-cycle throughput: ${users} users started at one instant, offline writer; engine shape per user: ${shape!.activities} activities + ${shape!.localActivities ?? 0} local activities of ${shape!.payloadBytes} B, ${shape!.children} children x ${shape!.childActivities} activities`,
    rounds.map((r) => ({
      'worker processes': r.workerProcesses,
      'Herald cycles/min': r.herald.cyclesPerMinute,
      'Herald last posts awaiting (s)': r.herald.lastCycleAwaitingApprovalS,
      'engine cycles/min': r.engine.cyclesPerMinute,
      'engine last done (s)': r.engine.lastCycleDoneS,
      'Herald / engine': r.ratio,
      'load 1m': r.loadAverage1m,
    })),
  );
  const best = rounds.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`\nheadline: Herald reaches ${Math.round(best.ratio * 100)} % of the engine's no-op throughput (target >= ${TARGET_RATIO * 100} %): ${best.ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`);
  await writeResult('daily-cycle', machine, { sizes: { users, workerProcesses: workerCounts, timeZone: TIME_ZONE, postsPerDay: 3, platforms: 3 }, targetRatio: TARGET_RATIO, engineShape: shape, rounds });
} finally {
  await stack.stop();
}
