import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, startDevRoutes } from '../../config/env.js';

describe('configuration from the environment', () => {
  it('starts with defaults when nothing is set: port 3000, embedded database and Temporal', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.uiUrl).toBe('http://localhost:8233');
    expect(config.dataDir).toMatch(/\.herald$/);
  });

  it('names the variable and what is wrong when a value is malformed', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
      expect(message).toContain('TEMPORAL_ADDRESS: must be host:port');
    }
  });

  it('refuses a workflow bundle path with no file behind it, saying how to make one', () => {
    expect(() => loadConfig({ WORKFLOW_BUNDLE_PATH: '/nowhere/bundle.js' })).toThrow(/WORKFLOW_BUNDLE_PATH: no file there; write one with npm run build:workflows/);
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: 'package.json' }).worker.bundlePath).toBe('package.json');
  });

  it('caps the worker workflow cache at 1,000 unless WORKER_MAX_CACHED_WORKFLOWS says otherwise, refusing values the SDK cannot run with', () => {
    expect(loadConfig({}).worker.maxCachedWorkflows).toBe(1000);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '250' }).worker.maxCachedWorkflows).toBe(250);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: must be a whole number of workflows/);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '12.5' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: must be a whole number of workflows/);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: must be at least 2/);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: must be at least 2/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('derives the Temporal UI link from the UI port unless given', () => {
    expect(loadConfig({ TEMPORAL_UI_PORT: '9233' }).temporal.uiUrl).toBe('http://localhost:9233');
    expect(loadConfig({ TEMPORAL_UI_URL: 'https://temporal.example.com' }).temporal.uiUrl).toBe('https://temporal.example.com');
  });

  it('keeps the dev routes off unless HERALD_DEV_ROUTES=1, and never with NODE_ENV=production', () => {
    expect(loadConfig({}).devRoutes).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).devRoutes).toBe(false);
    expect(loadConfig({ HERALD_DEV_ROUTES: '1' }).devRoutes).toBe(true);
    expect(() => loadConfig({ HERALD_DEV_ROUTES: 'yes' })).toThrow(/HERALD_DEV_ROUTES: must be 1 \(on\) or 0 \(off\)/);
    expect(() => loadConfig({ HERALD_DEV_ROUTES: '1', NODE_ENV: 'production' })).toThrow(/HERALD_DEV_ROUTES: .*NODE_ENV=production/);
  });

  it('lets npm start turn the dev routes on only while the API listens on this machine alone', () => {
    const dev = { env: 'development' as const };
    expect(startDevRoutes('127.0.0.1', {}, dev)).toBe(true);
    expect(startDevRoutes('::1', {}, dev)).toBe(true);
    expect(startDevRoutes('localhost', {}, dev)).toBe(true);
    expect(startDevRoutes('0.0.0.0', {}, dev)).toBe(false);
    expect(startDevRoutes('0.0.0.0', { HERALD_DEV_ROUTES: '1' }, dev)).toBe(false);
    expect(startDevRoutes('192.168.1.20', {}, dev)).toBe(false);
    expect(startDevRoutes('127.0.0.1', { HERALD_DEV_ROUTES: '0' }, dev)).toBe(false);
    expect(startDevRoutes('127.0.0.1', {}, { env: 'production' })).toBe(false);
  });

  it('reads the operators allowed to see health detail as a lower-case e-mail list', () => {
    expect(loadConfig({}).opsEmails).toEqual([]);
    expect(loadConfig({ HERALD_OPS_EMAILS: ' Ops@Herald.example, oncall@herald.example ' }).opsEmails).toEqual(['ops@herald.example', 'oncall@herald.example']);
    expect(() => loadConfig({ HERALD_OPS_EMAILS: 'ops@herald.example, not-an-email' })).toThrow(/HERALD_OPS_EMAILS/);
  });
});
