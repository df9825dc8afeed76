import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { startEmbeddedDatabase } from '../../db/embedded.js';
import { organizations } from '../../db/schema/index.js';
import { startDevServerOnFreePort } from '../../temporal-config/dev-server.js';
import { freePort } from '../support/free-port.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-persist-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded Temporal keeps workflow history across restarts', () => {
  it('still knows a workflow started before the restart', async () => {
    // Each start takes a port of its own: only the history file carries over.
    const options = { cliPath: inject('temporalCliPath'), dbFile: path.join(dataDir, 'temporal.db'), namespace: 'default' };
    const first = await startDevServerOnFreePort(options, freePort);
    const connection = await Connection.connect({ address: first.address });
    const handle = await new Client({ connection }).workflow.start('pingWorkflow', {
      workflowId: 'persisted-ping',
      taskQueue: 'nobody-polls-this',
      args: [{ pingId: 'p', requestedBy: 'test' }],
    });
    await connection.close();
    await first.stop();

    const second = await startDevServerOnFreePort(options, freePort);
    const again = await Connection.connect({ address: second.address });
    try {
      const description = await new Client({ connection: again }).workflow.getHandle('persisted-ping').describe();
      expect(description.runId).toBe(handle.firstExecutionRunId);
      expect(description.status.name).toBe('RUNNING');
    } finally {
      await again.close();
      await second.stop();
    }
  });
});

describe('starting a dev server on a free port', () => {
  it('tries another port when the one it picked was taken before the server could bind it, and says why it failed', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    const picked: number[] = [];
    const pick = async () => {
      const port = picked.length === 0 ? taken : await freePort();
      picked.push(port);
      return port;
    };
    try {
      const server = await startDevServerOnFreePort({ cliPath: inject('temporalCliPath'), namespace: 'default' }, pick);
      await server.stop();
      expect(picked).toHaveLength(2);
      expect(server.address).toBe(`127.0.0.1:${picked[1]}`);
      await expect(startDevServerOnFreePort({ cliPath: inject('temporalCliPath'), namespace: 'default' }, async () => taken, 1)).rejects.toThrow(
        /exited with code 1[\s\S]*address already in use/,
      );
    } finally {
      squatter.close();
    }
  });
});

describe('the embedded PGlite database', () => {
  it('is migrated at start and keeps rows across restarts', async () => {
    const dir = path.join(dataDir, 'pgdata');
    const first = await startEmbeddedDatabase(dir);
    const db1 = openDatabase(first.url, 2);
    const [org] = await db1.db.insert(organizations).values({ name: 'Kept Bakery', slug: 'kept-bakery' }).returning();
    await db1.close();
    await first.close();

    const second = await startEmbeddedDatabase(dir);
    const db2 = openDatabase(second.url, 2);
    try {
      const rows = await db2.db.select().from(organizations).where(eq(organizations.id, org!.id));
      expect(rows[0]?.name).toBe('Kept Bakery');
    } finally {
      await db2.close();
      await second.close();
    }
  });
});
