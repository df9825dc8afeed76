import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes.js';

/**
 * A copy of the checkout as a fresh clone has it: every file git tracks or would track, and
 * nothing it ignores (no web/dist, no .herald, no build output). Only node_modules is shared,
 * as a link, standing in for the `npm ci` that setup.sh runs.
 */
export function freshTree(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-fresh-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT })
    .toString('utf8')
    .split('\0')
    // node_modules is linked below; a checkout whose node_modules is itself a link lists it here.
    .filter((file) => file && file !== 'node_modules' && fs.existsSync(path.join(ROOT, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
