import fs from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle } from '../workers/bundle.js';

/**
 * Writes the workflow bundle once, for workers started with WORKFLOW_BUNDLE_PATH (containers,
 * restarts): usage `npm run build:workflows -- [path]`, default .herald/workflow-bundle.js.
 */
const target = path.resolve(process.argv[2] ?? '.herald/workflow-bundle.js');
const bundle = await buildWorkflowBundle();
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, bundle.code);
console.log(`workflow bundle written to ${target} (${(bundle.code.length / 1024).toFixed(0)} KiB); start workers with WORKFLOW_BUNDLE_PATH=${target}`);
