export * from './core.js';
export * from './ai.js';
