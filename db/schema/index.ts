export * from './core.js';
export * from './ai.js';
export * from './platforms.js';
export * from './content.js';
export * from './monitoring.js';
export * from './publishing.js';
export * from './billing.js';
