export * from './search-attributes.js';
export * from './task-queues.js';
export * from './workflow-ids.js';
export * from './retry-policies.js';
export * from './priorities.js';
