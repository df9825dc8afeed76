import { loadAiConfig } from '../config/ai.js';
import { loadConfigOrExit } from '../config/env.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { createLogger } from '../config/logger.js';
import { buildWorkflowBundle } from './bundle.js';
import { runHeraldWorker } from './run.js';
import { installTemporalRuntime } from './runtime.js';

const config = loadConfigOrExit();
const log = createLogger(config.logLevel, 'worker');
if (!config.databaseUrl || !config.temporal.address) {
  log.fatal('The worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both for you).');
  process.exit(78);
}

// The SDK drains workers on SIGINT/SIGTERM itself; we only need to exit once they are done.
installTemporalRuntime(log, config.temporal.metricsAddress);

await migrateDatabase(config.databaseUrl);
const database = openDatabase(config.databaseUrl, 5);
// A bundle made ahead of time (npm run build:workflows) saves each start the webpack build.
const workflowBundle = config.worker.bundlePath ? { codePath: config.worker.bundlePath } : await buildWorkflowBundle();
const worker = await runHeraldWorker({
  address: config.temporal.address,
  security: config.temporal.security,
  namespace: config.temporal.namespace,
  taskQueuePrefix: config.temporal.taskQueuePrefix,
  db: database.db,
  ai: loadAiConfig(),
  workflowBundle,
  heartbeatMs: config.worker.heartbeatSeconds * 1000,
  publishConcurrency: config.worker.publishConcurrency,
  maxCachedWorkflows: config.worker.maxCachedWorkflows,
  log,
});
await worker.done;
await database.close();
log.info('worker stopped');
