import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const WEB = fileURLToPath(new URL('../web', import.meta.url));
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

/** Builds the React app when web/dist is missing or older than its sources. */
export async function ensureWebBuilt(log: Logger): Promise<void> {
  if (fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= newestSource(WEB)) return;
  log.info('building the web app');
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}
