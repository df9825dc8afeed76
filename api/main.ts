import { Client, Connection } from '@temporalio/client';
import { loadAiConfig } from '../config/ai.js';
import { loadConfigOrExit } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { temporalConnectionOptions } from '../temporal-config/connection.js';
import { taskQueues } from '../temporal-config/task-queues.js';
import { createApp } from './app.js';

const config = loadConfigOrExit();
const log = createLogger(config.logLevel, 'api');
if (!config.databaseUrl || !config.temporal.address) {
  log.fatal('The API needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both for you).');
  process.exit(78);
}

await migrateDatabase(config.databaseUrl);
const database = openDatabase(config.databaseUrl, config.databasePoolMax);
// Lazy: the API starts (and /healthz reports 503) even while Temporal is still coming up.
const connection = Connection.lazy(temporalConnectionOptions(config.temporal.address, config.temporal.security));
const temporal = new Client({ connection, namespace: config.temporal.namespace });

const ai = loadAiConfig();
const app = createApp({
  config,
  db: database.db,
  temporal,
  queues: taskQueues(config.temporal.taskQueuePrefix),
  log,
  mediaDir: ai.media.s3 ? undefined : ai.media.dir,
  ai,
});
const server = app.listen(config.port, config.host, () => {
  log.info({ url: `http://localhost:${config.port}` }, 'API listening');
});

const stop = () => {
  server.close(async () => {
    await connection.close().catch(() => undefined);
    await database.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
