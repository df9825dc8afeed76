import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { startEmbeddedDatabase } from '../../db/embedded.js';
import { organizations } from '../../db/schema/index.js';
import { startDevServer } from '../../temporal-config/dev-server.js';
import { freePort } from '../support/free-port.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-persist-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded Temporal keeps workflow history across restarts', () => {
  it('still knows a workflow started before the restart', async () => {
    const options = {
      cliPath: inject('temporalCliPath'),
      port: await freePort(),
      dbFile: path.join(dataDir, 'temporal.db'),
      namespace: 'default',
    };
    const first = await startDevServer(options);
    const connection = await Connection.connect({ address: first.address });
    const handle = await new Client({ connection }).workflow.start('pingWorkflow', {
      workflowId: 'persisted-ping',
      taskQueue: 'nobody-polls-this',
      args: [{ pingId: 'p', requestedBy: 'test' }],
    });
    await connection.close();
    await first.stop();

    const second = await startDevServer(options);
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
