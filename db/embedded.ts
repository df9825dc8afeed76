import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './migrate.js';

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * PGlite stores its files in `dir` and is served on a loopback socket, so the API and worker
 * processes share one embedded database through the ordinary Postgres driver.
 */
export async function startEmbeddedDatabase(dir: string, port = 0): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  await migrate(drizzle(pglite), { migrationsFolder: MIGRATIONS_FOLDER });
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port, maxConnections: 50 });
  await server.start();
  const bound = serverPort(server);
  return {
    url: `postgres://postgres@127.0.0.1:${bound}/postgres`,
    async close() {
      await server.stop();
      await pglite.close();
    },
  };
}

function serverPort(server: PGLiteSocketServer): number {
  const inner = (server as unknown as { server?: { address(): { port: number } | string | null } }).server;
  const address = inner?.address();
  if (!address || typeof address === 'string') throw new Error('PGlite socket server did not report a port');
  return address.port;
}
