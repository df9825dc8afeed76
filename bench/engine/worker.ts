import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { buildWorkflowBundle } from '../../workers/bundle.js';
import { engineActivities } from './activities.js';

/**
 * A worker process for the engine baseline, on its own task queue (ENGINE_TASK_QUEUE) of the same
 * Temporal server, with the SDK's default slots like Herald's main worker.
 */
const address = process.env.TEMPORAL_ADDRESS;
const taskQueue = process.env.ENGINE_TASK_QUEUE;
if (!address || !taskQueue) {
  console.error('bench/engine/worker.ts needs TEMPORAL_ADDRESS and ENGINE_TASK_QUEUE');
  process.exit(78);
}
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue,
  workflowBundle: process.env.ENGINE_BUNDLE_PATH ? { codePath: process.env.ENGINE_BUNDLE_PATH } : await buildWorkflowBundle(fileURLToPath(new URL('./workflows.ts', import.meta.url))),
  activities: engineActivities,
});
console.log('engine worker polling');
await worker.run();
await connection.close();
