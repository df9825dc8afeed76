/**
 * `npm test`: typecheck, then every vitest project (unit and integration against real Temporal
 * and Postgres), then one plain summary line ("N passed, N failed") that any CI can read.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
  process.stderr.write('Type check failed; fix the errors above.\n');
  process.exit(1);
}
const report = process.env.VITEST_JSON_REPORT ?? path.join(os.tmpdir(), `herald-vitest-${process.pid}.json`);
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (fs.existsSync(report)) {
  const results = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`);
}
process.exit(status);
