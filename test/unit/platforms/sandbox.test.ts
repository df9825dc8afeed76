import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlatformConfig } from '../../../config/platforms.js';
import { startSandbox, type Sandbox } from '../../../emulators/platforms/sandbox.js';

const log = pino({ level: 'silent' });
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.emulator?.close();
  sandbox = undefined;
});

const allCredentials = {
  X_CLIENT_ID: 'a', X_CLIENT_SECRET: 'b', LINKEDIN_CLIENT_ID: 'a', LINKEDIN_CLIENT_SECRET: 'b', FACEBOOK_APP_ID: 'a', FACEBOOK_APP_SECRET: 'b',
  TIKTOK_CLIENT_KEY: 'a', TIKTOK_CLIENT_SECRET: 'b', YOUTUBE_CLIENT_ID: 'a', YOUTUBE_CLIENT_SECRET: 'b',
};

describe('sandbox mode at start-up', () => {
  it('starts the emulator when platforms lack credentials and hands its URL to the API and worker', async () => {
    sandbox = await startSandbox(log, { PLATFORM_EMULATOR_PORT: '0', X_CLIENT_ID: 'a', X_CLIENT_SECRET: 'b' });
    expect(sandbox.env.PLATFORM_EMULATOR_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.summary.join()).toContain('linkedin, facebook, instagram, tiktok, youtube');
    expect(sandbox.summary.join()).not.toContain('x,');
    const consent = await fetch(`${sandbox.env.PLATFORM_EMULATOR_URL}/linkedin/oauth/v2/authorization?client_id=c&redirect_uri=http://localhost/cb&state=s&scope=openid`);
    expect(await consent.text()).toContain('Sandbox');
  });

  it('starts nothing when every platform has credentials', async () => {
    sandbox = await startSandbox(log, allCredentials);
    expect(sandbox).toEqual({ env: {}, summary: [] });
  });

  it('says which variable to change when the port is taken', async () => {
    sandbox = await startSandbox(log, { PLATFORM_EMULATOR_PORT: '0' });
    const port = new URL(sandbox.env.PLATFORM_EMULATOR_URL!).port;
    await expect(startSandbox(log, { PLATFORM_EMULATOR_PORT: port })).rejects.toThrow(/PLATFORM_EMULATOR_PORT/);
  });
});

describe('Facebook Login for Business configuration ids', () => {
  const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

  it('are supplied in sandbox mode, so the emulator\'s dialogs open without setup', () => {
    const config = loadPlatformConfig({ HERALD_ENCRYPTION_KEYS: keys, PLATFORM_EMULATOR_URL: 'http://127.0.0.1:4010' });
    expect(config.platforms.facebook?.adapter.options?.loginConfigId).toBe('herald-sandbox-config');
    expect(config.platforms.instagram?.adapter.options?.loginConfigId).toBe('herald-sandbox-config');
  });

  it('come from FACEBOOK_LOGIN_CONFIG_ID and INSTAGRAM_LOGIN_CONFIG_ID with real credentials', () => {
    const config = loadPlatformConfig({
      HERALD_ENCRYPTION_KEYS: keys,
      FACEBOOK_APP_ID: 'app',
      FACEBOOK_APP_SECRET: 'secret',
      FACEBOOK_LOGIN_CONFIG_ID: '1234567890',
      INSTAGRAM_LOGIN_CONFIG_ID: '9876543210',
    });
    expect(config.platforms.facebook).toMatchObject({ mode: 'real', adapter: { options: { loginConfigId: '1234567890', graphVersion: 'v23.0' } } });
    expect(config.platforms.instagram?.adapter.options?.loginConfigId).toBe('9876543210');
  });
});
