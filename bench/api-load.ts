/**
 * API under load: the approval queue, the calendar and the analytics reads, each at 50 concurrent
 * clients (--clients), for an org with 10,000 posts over 12 months (bench/lib/analytics-seed.ts,
 * the same data bench/analytics.ts times query by query) beside a neighbour org of the same size,
 * plus --queue posts (default 100) awaiting approval over the next three days. Each client sends
 * --requests requests (default 20) one after another over HTTP keep-alive with a Bearer token;
 * latency is request sent -> whole body read. One API process, as production runs it (api/main.ts).
 * The load client is Node's own fetch: no extra dependency.
 * Run: npx tsx bench/api-load.ts
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { issueApiToken } from '../db/queries/identity.js';
import { POSTS, seedOrg } from './lib/analytics-seed.js';
import { inParallel } from './lib/posts.js';
import { describeMachine, flags, printTable, round, spread, writeResult, type Spread } from './lib/report.js';
import { startBenchStack } from './lib/stack.js';

const TARGET_P95_MS = 200;
const f = flags();
const clients = f.num('clients', 50);
const perClient = f.num('requests', 20);
const queued = f.num('queue', 100);

/** Each read a screen makes, as the web app asks for it (range: the last 30 days; the calendar: one month). */
function reads(orgId: string, today: string, monthAgo: string): { screen: string; path: string }[] {
  const org = `/api/v1/orgs/${orgId}`;
  const range = `from=${monthAgo}&to=${today}`;
  return [
    { screen: 'approval queue', path: `${org}/posts?stage=awaiting_approval&limit=50` },
    { screen: 'calendar (a month)', path: `${org}/calendar?from=${monthAgo}&to=${today}&limit=100` },
    { screen: 'analytics overview', path: `${org}/analytics/overview?${range}` },
    { screen: 'analytics compare', path: `${org}/analytics/compare?${range}&by=platform` },
    { screen: 'analytics top posts', path: `${org}/analytics/posts?${range}&order=top&limit=10` },
    { screen: 'analytics KPIs', path: `${org}/analytics/kpis?${range}` },
  ];
}

async function load(url: string, token: string): Promise<{ latency: Spread; perSecond: number; errors: string[] }> {
  const errors: string[] = [];
  const t0 = performance.now();
  const ms = (
    await inParallel(Array.from({ length: clients }, (_, i) => i), clients, async () => {
      const mine: number[] = [];
      for (let n = 0; n < perClient; n++) {
        const start = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        mine.push(performance.now() - start);
        if (res.status !== 200 && errors.length < 5) errors.push(`${res.status}: ${body.slice(0, 200)}`);
      }
      return mine;
    })
  ).flat();
  return { latency: spread(ms), perSecond: round((ms.length / (performance.now() - t0)) * 1000), errors };
}

const machine = describeMachine();
const stack = await startBenchStack();
try {
  const api = await stack.startApi();
  const org = await stack.createOrg([]);
  const db = stack.database.db;
  const now = new Date();
  const seedStarted = performance.now();
  await seedOrg(db, 'bench-org', new Date(now.getTime() - 365 * 86_400_000), org.orgId);
  await seedOrg(db, 'neighbour-org', new Date(now.getTime() - 365 * 86_400_000));
  // The approval queue: posts written and waiting, spread over the next three days.
  await db.execute(sql`insert into posts (org_id, scheduled_at, slot_key, stage, brief)
    select ${org.orgId}, ts, 'queue:' || g, 'awaiting_approval', jsonb_build_object('topic', 't', 'brief', 'b', 'contentType', 'educational')
    from generate_series(1, ${queued}) g, lateral (select date_trunc('minute', now() + g * (interval '3 days' / ${queued})) as ts) t`);
  await db.execute(sql`insert into post_targets (post_id, org_id, platform, social_account_id, stage, text, hashtags)
    select p.id, p.org_id, 'linkedin', a.id, 'awaiting_approval', 'Waiting post ' || p.id, '[]'::jsonb
    from posts p join social_accounts a on a.org_id = p.org_id and a.platform = 'linkedin'
    where p.org_id = ${org.orgId} and p.stage = 'awaiting_approval'`);
  await db.execute(sql`analyze`);
  const seedSeconds = round((performance.now() - seedStarted) / 1000);
  const { token } = await issueApiToken(db, org.userId, 'bench');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const rows = [];
  const rssBefore = api.process.rssMiB();
  for (const read of reads(org.orgId, day(now), day(new Date(now.getTime() - 29 * 86_400_000)))) {
    const url = `${api.baseUrl}${read.path}`;
    const warm = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (warm.status !== 200) throw new Error(`${read.screen} answered ${warm.status}: ${await warm.text()}`);
    const result = await load(url, token);
    rows.push({ read: read.screen, path: read.path.replace(org.orgId, '{orgId}'), ...result, loadAverage1m: round(os.loadavg()[0]!, 2) });
    console.log(`${read.screen}: p95 ${result.latency.p95} ms`);
  }
  printTable(
    `API under load: ${clients} concurrent clients x ${perClient} requests per read, org with ${POSTS} posts (+${queued} awaiting approval), 1 API process`,
    rows.map((r) => ({ read: r.read, n: r.latency.n, 'p50 ms': r.latency.p50, 'p95 ms': r.latency.p95, 'p99 ms': r.latency.p99, 'max ms': r.latency.max, 'per s': r.perSecond, errors: r.errors.length, 'load 1m': r.loadAverage1m })),
  );
  const slow = rows.filter((r) => r.latency.p95 >= TARGET_P95_MS).map((r) => `${r.read} (${r.latency.p95} ms)`);
  console.log(`\nheadline: p95 under ${TARGET_P95_MS} ms for ${rows.length - slow.length} of ${rows.length} reads${slow.length ? `; MISSED: ${slow.join(', ')}` : ': met'}`);
  await writeResult('api-load', machine, {
    sizes: { postsPerOrg: POSTS, orgs: 2, awaitingApproval: queued, clients, requestsPerClient: perClient, apiProcesses: 1, seedSeconds },
    targetP95Ms: TARGET_P95_MS,
    rows,
    apiRssMiB: { before: rssBefore, after: api.process.rssMiB() },
    headline: { slow, met: slow.length === 0 },
  });
} finally {
  await stack.stop();
}
