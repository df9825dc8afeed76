import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase } from '../../db/client.js';
import { taskQueues } from '../../temporal-config/task-queues.js';
import { rawGet, TRAVERSAL_PATHS } from '../support/raw-http.js';
import { silentLog, testConfig } from '../support/stack.js';

const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-media-'));
const config = testConfig();
const database = openDatabase(config.databaseUrl!, 2);
const connection = Connection.lazy({ address: config.temporal.address! });
let baseUrl = '';
let server: import('node:http').Server;

beforeAll(async () => {
  fs.mkdirSync(path.join(mediaDir, 'org1', 'images'), { recursive: true });
  fs.writeFileSync(path.join(mediaDir, 'org1', 'images', 'a.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues('media'), log: silentLog, mediaDir });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.close();
  await connection.close();
  await database.close();
  fs.rmSync(mediaDir, { recursive: true, force: true });
});

describe('local media at /media', () => {
  it('serves a stored image with its type, as platforms fetch it', async () => {
    const res = await fetch(`${baseUrl}/media/org1/images/a.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('answers 404 for a missing file', async () => {
    expect((await fetch(`${baseUrl}/media/org1/images/none.jpg`)).status).toBe(404);
  });

  it.each(TRAVERSAL_PATHS)('refuses %s sent raw as a client error, never a file outside the folder and never a 500', async (rawPath) => {
    const { status, body } = await rawGet(baseUrl, rawPath);
    expect([400, 403, 404], `${rawPath} answered ${status}: ${body}`).toContain(status);
    expect(body).not.toContain('root:');
  });
});
