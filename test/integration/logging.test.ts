import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase } from '../../db/client.js';
import { taskQueues } from '../../temporal-config/task-queues.js';
import { testConfig } from '../support/stack.js';

const lines: string[] = [];
const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
const config = testConfig();
const database = openDatabase(config.databaseUrl!, 2);
const connection = Connection.lazy({ address: config.temporal.address! });
afterAll(async () => {
  await connection.close();
  await database.close();
});

describe('request logs', () => {
  it('never contain query strings (OAuth codes) or bearer tokens', async () => {
    const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues('log'), log: pino({ level: 'info' }, sink) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    await fetch(`http://127.0.0.1:${port}/api/v1/me?code=SECRET-CODE&state=SECRET-STATE`, { headers: { authorization: 'Bearer hrd_SECRET-TOKEN' } });
    server.close();
    const log = lines.join('');
    expect(log).toContain('/api/v1/me');
    expect(log).not.toContain('SECRET');
  });

  it('carry the request id the answer names, so a report from a user finds its log line', async () => {
    lines.length = 0;
    const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues('log'), log: pino({ level: 'info' }, sink) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
    server.close();
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect(lines.map((line) => JSON.parse(line)).some((entry) => entry.req?.id === id)).toBe(true);
  });

  it('carry it on the lines a route writes itself too (sign-up), not only on the access line', async () => {
    lines.length = 0;
    const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues('log'), log: pino({ level: 'info' }, sink) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `log-${Date.now()}@example.test`, password: 'correct horse battery staple', name: 'Logged', organizationName: 'Log Bakery', timeZone: 'UTC' }),
    });
    server.close();
    expect(res.status).toBe(201);
    const signedUp = lines.map((line) => JSON.parse(line) as { msg?: string; req?: { id?: string } }).find((entry) => entry.msg === 'signed up');
    expect(signedUp?.req?.id).toBe(res.headers.get('x-request-id'));
  });
});
