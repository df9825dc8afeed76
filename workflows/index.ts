// The workflow bundle's entry point: every workflow type the main queue runs.
export { pingWorkflow } from './ping.js';
export { postWorkflow } from './post.js';
