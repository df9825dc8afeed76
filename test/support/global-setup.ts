import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../db/migrate.js';
import { findTemporalCli, INSTALL_HINT, startDevServer } from '../../temporal-config/dev-server.js';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { buildWorkflowBundle } from '../../workers/bundle.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Integration tests run against a real Temporal dev server on free ports and a fresh Postgres
 * database made for this run (dropped afterwards), so runs never collide. Nothing is skipped: a
 * missing server fails the run with a message saying what to install.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const dbName = `herald_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`Integration tests need PostgreSQL at ${adminUrl} (set DATABASE_URL): ${err.message}`);
  });
  await admin.query(`create database "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);

  const cliPath = findTemporalCli(process.env.TEMPORAL_CLI_PATH);
  if (!cliPath) throw new Error(INSTALL_HINT);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-test-'));
  const server = await startDevServer({
    cliPath,
    port: await freePort(),
    namespace: 'default',
    logFile: path.join(tmp, 'temporal.log'),
  });

  const bundle = await buildWorkflowBundle();
  // Built once here: the web test and the npm start test would otherwise both build web/dist at once.
  await ensureWebBuilt(pino({ level: 'silent' }));
  const workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(workflowBundlePath, bundle.code);

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await server.stop();
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
