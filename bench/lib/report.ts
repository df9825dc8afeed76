import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What every benchmark shares: the machine it ran on (other engineers' processes share it, so the
 * load average is part of every figure), percentiles, a printed table and bench/results/<name>.json.
 */

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  temporalCli: string;
  temporalSdk: string;
  date: string;
  gitCommit: string;
  /** 1-minute load averages at the start and end of the run. */
  loadAverage1m: { start: number; end?: number };
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function quiet(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', cwd: ROOT, timeout: 15_000 }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(cliPath = process.env.TEMPORAL_CLI_PATH ?? 'temporal'): Machine {
  const require = createRequire(import.meta.url);
  const sdk = (require('@temporalio/worker/package.json') as { version: string }).version;
  const dirty = quiet('git', ['status', '--porcelain']) !== '' ? ' (uncommitted changes)' : '';
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    temporalCli: quiet(cliPath, ['--version']).replace(/^temporal version /, ''),
    temporalSdk: sdk,
    date: new Date().toISOString(),
    gitCommit: `${quiet('git', ['rev-parse', '--short', 'HEAD'])}${dirty}`,
    loadAverage1m: { start: round(os.loadavg()[0]!, 2) },
  };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of `values` (any unit), rounded to 0.1. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1] ?? NaN), mean: round(mean) };
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: Record<string, string | number | boolean | undefined>[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}

/** Writes bench/results/<name>.json with the machine (its end load average filled in) and returns the path. */
export async function writeResult(name: string, machine: Machine, body: Record<string, unknown>): Promise<string> {
  machine.loadAverage1m.end = round(os.loadavg()[0]!, 2);
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify({ benchmark: name, machine, ...body }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)} (load average 1 min: ${machine.loadAverage1m.start} at start, ${machine.loadAverage1m.end} at end)`);
  return file;
}

/** `--name value` and `--flag` from argv; a number may be written 1_000 or 1,000, a list 1,2,3. */
export function flags(argv = process.argv.slice(2)): { num(name: string, fallback: number): number; list(name: string, fallback: number[]): number[]; has(name: string): boolean } {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const toNumber = (s: string) => Number(s.replace(/[_,]/g, ''));
  return {
    num: (name, fallback) => {
      const v = value(name);
      return v === undefined ? fallback : toNumber(v);
    },
    list: (name, fallback) => {
      const v = value(name);
      return v === undefined ? fallback : v.split(',').map((x) => Number(x.replace(/_/g, '')));
    },
    has: (name) => argv.includes(`--${name}`),
  };
}
