/**
 * Container health check for a worker: healthy while a worker on this host has beaten recently.
 * Exit 0 = healthy, 1 = not.
 */
import os from 'node:os';
import pg from 'pg';
import { loadConfigOrExit } from '../config/env.js';

const config = loadConfigOrExit();
const client = new pg.Client({ connectionString: config.databaseUrl });
try {
  await client.connect();
  const { rows } = await client.query(
    `select 1 from worker_heartbeats where host = $1 and last_seen_at > now() - make_interval(secs => $2)`,
    [os.hostname(), config.worker.staleSeconds],
  );
  process.exitCode = rows.length > 0 ? 0 : 1;
} catch {
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
