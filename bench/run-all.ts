/**
 * `npm run bench`: every benchmark in turn, each in its own process (its own stack), flags passed
 * through (e.g. npm run bench -- --users 1000). Exits non-zero if one of them failed to run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['publish-punctuality.ts', 'daily-cycle.ts', 'approval.ts', 'ai-cost.ts', 'fairness.ts', 'api-load.ts', 'footprint.ts'];
const failed: string[] = [];
for (const file of BENCHMARKS) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./${file}`, import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
