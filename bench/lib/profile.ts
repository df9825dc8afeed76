import fs from 'node:fs';
import path from 'node:path';
import { round } from './report.js';

/**
 * Where a benchmark's time goes: the worker's own Temporal SDK metrics (Prometheus text, summed
 * over label sets) before and after a measured stretch, and the hottest functions of a
 * `node --cpu-prof` profile.
 */

export type MetricSums = Map<string, number>;

export async function scrapeMetrics(url: string): Promise<MetricSums> {
  const text = await (await fetch(url)).text();
  const sums: MetricSums = new Map();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1]!.endsWith('_bucket')) continue;
    sums.set(m[1]!, (sums.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return sums;
}

/** The SDK's latency histograms (milliseconds) that split one task's life in the worker. */
const STEPS: [string, string][] = [
  ['workflow task waits to reach the worker', 'workflow_task_schedule_to_start_latency'],
  ['workflow task runs in the worker', 'workflow_task_execution_latency'],
  ['activity waits to reach the worker', 'activity_schedule_to_start_latency'],
  ['activity runs', 'activity_execution_latency'],
  ['local activity runs', 'local_activity_execution_latency'],
];

/** Per unit of work (e.g. one approval): how many tasks of each kind, and their mean milliseconds. */
export function stepsPer(before: MetricSums, after: MetricSums, units: number) {
  const delta = (metric: string, suffix: string) => {
    const name = [...after.keys()].find((k) => k.includes(metric) && k.endsWith(suffix));
    return name ? after.get(name)! - (before.get(name) ?? 0) : 0;
  };
  return STEPS.map(([step, metric]) => {
    const count = delta(metric, '_count');
    return { step, perUnit: round(count / units, 2), meanMs: count > 0 ? round(delta(metric, '_sum') / count) : 0 };
  });
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in each .cpuprofile in `dir`, with the file they came from. */
export function hottestFunctions(dir: string, top = 8): { file: string; totalMs: number; functions: { name: string; selfMs: number; share: number }[] }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((file) => {
      const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
      const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
      const self = new Map<string, number>();
      profile.samples.forEach((id, i) => {
        const frame = byId.get(id)!;
        const where = frame.url ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(?=[^/]+\/[^/]+$)/, '')}:${frame.lineNumber + 1}` : '';
        const name = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
        self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      const totalMs = [...self.values()].reduce((s, v) => s + v, 0);
      const functions = [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, ms]) => ({ name, selfMs: round(ms), share: round(ms / totalMs, 3) }));
      return { file, totalMs: round(totalMs), functions };
    });
}
