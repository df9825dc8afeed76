import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the React app when web/dist is missing or older than its sources. Vite runs in a child
 * process of its own: in-process it sets process.env.NODE_ENV = 'production', which the caller's
 * later children (the API and worker of `npm start`) would inherit.
 */
export async function ensureWebBuilt(log: Logger): Promise<void> {
  // The web app imports core's pure rules (platform limits, privacy), so their changes rebuild it too.
  if (fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= Math.max(newestSource(WEB), newestSource(path.join(ROOT, 'core')))) return;
  log.info('building the web app');
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const args = [vite, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'];
  // Always the production build users get, also under vitest (NODE_ENV=test would build React's
  // development bundle, which behaves differently: it hid a CSP violation of the production app).
  const env = { ...process.env, NODE_ENV: 'production' };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    process.stderr.write(d);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Building the web app failed (vite exited with ${code}):\n${stderr.slice(-2000)}`);
}
