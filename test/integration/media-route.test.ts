import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase } from '../../db/client.js';
import { taskQueues } from '../../temporal-config/task-queues.js';
import { silentLog, testConfig } from '../support/stack.js';

const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-media-'));
const config = testConfig();
const database = openDatabase(config.databaseUrl!, 2);
const connection = Connection.lazy({ address: config.temporal.address! });
// A key shaped as the media store issues them: <orgId>/<kind>s/<uuid>.<ext>.
const imageKey = `${randomUUID()}/images/${randomUUID()}.jpg`;
let port = 0;
let server: http.Server;

/** GET with the path exactly as written: fetch would normalise `..` and `%2e` away before sending. */
function rawGet(rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

beforeAll(async () => {
  fs.mkdirSync(path.join(mediaDir, path.dirname(imageKey)), { recursive: true });
  fs.writeFileSync(path.join(mediaDir, imageKey), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  // Files in the folder that the store never issued as media keys.
  fs.writeFileSync(path.join(mediaDir, 'notes.txt'), 'not media');
  fs.mkdirSync(path.join(mediaDir, 'org1', 'images'), { recursive: true });
  fs.writeFileSync(path.join(mediaDir, 'org1', 'images', 'a.jpg'), 'not issued by the store');
  fs.writeFileSync(path.join(mediaDir, `${imageKey}.bak`), 'a stray copy');
  const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues('media'), log: silentLog, mediaDir });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.close();
  await connection.close();
  await database.close();
  fs.rmSync(mediaDir, { recursive: true, force: true });
});

describe('local media at /media', () => {
  it('serves a stored image with its type, as platforms fetch it', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/media/${imageKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(await rawGet(`/media/${imageKey}`)).toBe(200);
  });

  it('answers 404 for a missing key', async () => {
    expect(await rawGet(`/media/${randomUUID()}/images/${randomUUID()}.jpg`)).toBe(404);
  });

  it('answers 404 for files in the folder that are not keys the store issued', async () => {
    expect(await rawGet('/media/notes.txt')).toBe(404);
    expect(await rawGet('/media/org1/images/a.jpg')).toBe(404);
    expect(await rawGet(`/media/${imageKey}.bak`)).toBe(404);
    expect(await rawGet('/media/')).toBe(404);
  });

  it('answers 404 to raw traversal paths and never leaves the media folder', async () => {
    for (const raw of [
      '/media/../../../../etc/passwd',
      '/media/..%2f..%2f..%2fetc%2fpasswd',
      '/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/media/..\\..\\package.json',
      `/media/${imageKey.split('/')[0]}/images/../../../package.json`,
      '/media/%2fetc%2fpasswd',
      '/media//etc/passwd',
    ]) {
      expect({ raw, status: await rawGet(raw) }).toEqual({ raw, status: 404 });
    }
  });
});
