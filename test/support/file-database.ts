import { inject } from 'vitest';
import { cloneTemplateDatabase } from './database.js';

// A setup file runs before each integration file: that file's own database exists before it loads.
await cloneTemplateDatabase(inject('databaseAdminUrl'), inject('databaseTemplate'));
