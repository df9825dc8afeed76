/**
 * How fast the analytics aggregations answer for an org with 10,000 posts over 12 months (two
 * platforms each: 20,000 targets, 100,000 metric snapshots, daily account reads, a weekly strategy
 * and learning analysis per week), beside a second org of the same size. Seeds a fresh Postgres
 * database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), times each query
 * over the whole year (median of 7 runs after a warm-up), prints a table and writes
 * bench/results/analytics.json with the machine's details. Run: npx tsx bench/analytics.ts
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { accountReads, firstTimeApproval, predictionsByWeek, scheduleAdherence, weeklyAnalyses } from '../db/queries/analytics-kpis.js';
import { compare, COMPARE_BY, overview, rankedPosts, type AnalyticsRange } from '../db/queries/analytics.js';
import { POSTS, seedOrg } from './lib/analytics-seed.js';

const RUNS = 7;
/** What "fast" means here: an analytics screen makes several of these calls at once. */
const TARGET_MS = 200;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function time(work: () => Promise<unknown>): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  await work();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return { medianMs: ms(runs[Math.floor(RUNS / 2)]!), minMs: ms(runs[0]!), maxMs: ms(runs[RUNS - 1]!) };
}

const name = `herald_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = openDatabase(url.toString(), 2);
try {
  await migrateDatabase(url.toString());
  const start = new Date(Date.UTC(2025, 11, 1));
  const seedStarted = performance.now();
  const orgId = await seedOrg(handle.db, 'bench-org', start);
  await seedOrg(handle.db, 'neighbour-org', start);
  await handle.db.execute(sql`analyze`);
  const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
  const range: AnalyticsRange = { orgId, from: '2025-12-01', to: '2026-11-30', timeZone: 'Europe/Berlin' };
  const queries: [string, () => Promise<unknown>][] = [
    ['overview', () => overview(handle.db, range)],
    ...COMPARE_BY.map((by): [string, () => Promise<unknown>] => [`compare by ${by}`, () => compare(handle.db, range, by)]),
    ['top 10 posts', () => rankedPosts(handle.db, range, 'top', 10)],
    ['bottom 10 posts', () => rankedPosts(handle.db, range, 'bottom', 10)],
    ['predictions by week', () => predictionsByWeek(handle.db, range)],
    ['first-time approval', () => firstTimeApproval(handle.db, range)],
    ['schedule adherence', () => scheduleAdherence(handle.db, range)],
    ['weekly analyses', () => weeklyAnalyses(handle.db, range)],
    ['account reads', () => accountReads(handle.db, range)],
  ];
  const results = [];
  for (const [query, work] of queries) results.push({ query, ...(await time(work)) });
  const counts = (await handle.db.execute(sql`select (select count(*) from posts)::int as posts, (select count(*) from post_targets)::int as targets, (select count(*) from metric_snapshots)::int as snapshots`)).rows[0];
  const pgVersion = (await handle.db.execute(sql`show server_version`)).rows[0] as { server_version: string };
  const out = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version, postgres: pgVersion.server_version },
    dataset: { perOrgPosts: POSTS, orgs: 2, range: `${range.from} to ${range.to} (${range.timeZone})`, totals: counts, seedSeconds },
    runs: RUNS,
    targetMs: TARGET_MS,
    results: results.map((r) => ({ ...r, withinTarget: r.medianMs <= TARGET_MS })),
  };
  const file = fileURLToPath(new URL('./results/analytics.json', import.meta.url));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${POSTS} posts per org, 2 orgs, 12-month range; seeded in ${seedSeconds} s; median of ${RUNS} runs (target ${TARGET_MS} ms)`);
  console.log(`${'query'.padEnd(24)} ${'median ms'.padStart(10)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  for (const r of out.results) console.log(`${r.query.padEnd(24)} ${r.medianMs.toFixed(1).padStart(10)} ${r.minMs.toFixed(1).padStart(8)} ${r.maxMs.toFixed(1).padStart(8)}${r.withinTarget ? '' : '  SLOW'}`);
  console.log(`written to ${file}`);
} finally {
  await handle.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
