import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../db/migrate.js';
import { findTemporalCli, INSTALL_HINT, startDevServerOnFreePort } from '../../temporal-config/dev-server.js';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { buildWorkflowBundle } from '../../workers/bundle.js';
import { databaseUrlFor, dropRunDatabases } from './database.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    /** A migrated database each integration file clones its own database from (test/support/file-database.ts). */
    databaseTemplate: string;
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Integration tests run against a real Temporal dev server on free ports and Postgres databases
 * made for this run (dropped afterwards), so runs never collide: one migrated template here, and
 * a clone of it per test file, so files running side by side never share rows. Nothing is
 * skipped: a missing server fails the run with a message saying what to install.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const template = `herald_test_${Date.now().toString(36)}_${process.pid}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`Integration tests need PostgreSQL at ${adminUrl} (set DATABASE_URL): ${err.message}`);
  });
  await admin.query(`create database "${template}"`);
  await migrateDatabase(databaseUrlFor(adminUrl, template));

  const cliPath = findTemporalCli(process.env.TEMPORAL_CLI_PATH);
  if (!cliPath) throw new Error(INSTALL_HINT);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-test-'));
  const server = await startDevServerOnFreePort({ cliPath, namespace: 'default', logFile: path.join(tmp, 'temporal.log') }, freePort);

  const bundle = await buildWorkflowBundle();
  // Built once here: the web test and the npm start test would otherwise both build web/dist at once.
  await ensureWebBuilt(pino({ level: 'silent' }));
  const workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(workflowBundlePath, bundle.code);

  project.provide('databaseAdminUrl', adminUrl);
  project.provide('databaseTemplate', template);
  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await server.stop();
    await dropRunDatabases(admin, template);
    await admin.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
