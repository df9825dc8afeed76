// The workflow bundle's entry point: every workflow type the main queue runs.
export { pingWorkflow } from './ping.js';
export { postWorkflow } from './post.js';
export { dailyRunWorkflow } from './daily-run.js';
export { cycleWorkflow } from './cycle.js';
export { weeklyPlanWorkflow } from './weekly.js';
export { monitorTargetWorkflow } from './monitor.js';
export { weeklyLearningWorkflow } from './learning.js';
export { publishTargetWorkflow, replayPublishWorkflow } from './publish.js';
export { deliverEmailWorkflow, emailDispatchWorkflow } from './email.js';
export { stripeEventWorkflow } from './billing.js';
export { adaptPostWorkflow, regeneratePostMediaWorkflow } from './own-posts.js';
