import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlatformConfig, parseEncryptionKeys, platformsWithoutCredentials } from '../../../config/platforms.js';
import { TokenVault } from '../../../activities/platforms/token-vault.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const TOKEN = 'x-at-secret-access-token-0123456789';

describe('token vault', () => {
  it('opens what it sealed', () => {
    const vault = new TokenVault([key('k1')]);
    const sealed = vault.seal(TOKEN, 'acct:access');
    expect(sealed.keyId).toBe('k1');
    expect(vault.open(sealed.ciphertext, 'acct:access')).toBe(TOKEN);
  });

  it('never contains the token, and two seals of one token differ', () => {
    const vault = new TokenVault([key('k1')]);
    const a = vault.seal(TOKEN, 'c').ciphertext;
    const b = vault.seal(TOKEN, 'c').ciphertext;
    expect(a).not.toContain(TOKEN);
    expect(Buffer.from(a.split('.')[4]!, 'base64url').toString('latin1')).not.toContain(TOKEN.slice(0, 8));
    expect(a).not.toBe(b);
  });

  it('after rotation, encrypts with the new key and still opens values sealed with the old one', () => {
    const old = key('k0');
    const sealedBefore = new TokenVault([old]).seal(TOKEN, 'c');
    const rotated = new TokenVault([key('k1'), old]);
    expect(rotated.open(sealedBefore.ciphertext, 'c')).toBe(TOKEN);
    expect(rotated.seal(TOKEN, 'c').keyId).toBe('k1');
  });

  it('refuses a value whose key was removed, naming the key', () => {
    const sealed = new TokenVault([key('k0')]).seal(TOKEN, 'c');
    expect(() => new TokenVault([key('k1')]).open(sealed.ciphertext, 'c')).toThrow(/key "k0"/);
  });

  it('refuses a tampered ciphertext', () => {
    const vault = new TokenVault([key('k1')]);
    const parts = vault.seal(TOKEN, 'c').ciphertext.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => vault.open(parts.join('.'), 'c')).toThrow(/integrity/);
  });

  it('refuses a ciphertext copied to another account (context mismatch)', () => {
    const vault = new TokenVault([key('k1')]);
    const sealed = vault.seal(TOKEN, 'account-a:access');
    expect(() => vault.open(sealed.ciphertext, 'account-b:access')).toThrow(/integrity/);
  });
});

describe('encryption key configuration', () => {
  it('parses several keys, first one first', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    expect(parseEncryptionKeys(`k1:${a},k0:${b}`).map((k) => k.id)).toEqual(['k1', 'k0']);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => parseEncryptionKeys(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
  });

  it('refuses to start in production without keys', () => {
    expect(() => loadPlatformConfig({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });

  it('in development generates one key file with mode 0600 and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-keys-'));
    try {
      const first = loadPlatformConfig({ NODE_ENV: 'development', HERALD_DATA_DIR: dir });
      const second = loadPlatformConfig({ NODE_ENV: 'development', HERALD_DATA_DIR: dir });
      expect(first.encryptionKeys[0]!.key.equals(second.encryptionKeys[0]!.key)).toBe(true);
      expect(fs.statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('platform modes', () => {
  const keys = `k1:${randomBytes(32).toString('base64')}`;

  it('uses the emulator for every platform without credentials', () => {
    const config = loadPlatformConfig({ HERALD_ENCRYPTION_KEYS: keys, PLATFORM_EMULATOR_URL: 'http://127.0.0.1:4010' });
    expect(config.platforms.x).toMatchObject({ mode: 'sandbox', adapter: { apiBaseUrl: 'http://127.0.0.1:4010/x' } });
    expect(platformsWithoutCredentials({})).toHaveLength(6);
    expect(config.platforms.youtube).toMatchObject({ mode: 'sandbox', adapter: { options: { tokenUrl: 'http://127.0.0.1:4010/youtube/token' } } });
  });

  it('uses the real endpoints for a platform with credentials', () => {
    const config = loadPlatformConfig({ HERALD_ENCRYPTION_KEYS: keys, X_CLIENT_ID: 'id', X_CLIENT_SECRET: 'secret' });
    expect(config.platforms.x).toMatchObject({ mode: 'real', adapter: { apiBaseUrl: 'https://api.x.com', clientId: 'id' } });
    expect(config.platforms.linkedin).toBeUndefined();
    expect(platformsWithoutCredentials({ X_CLIENT_ID: 'id', X_CLIENT_SECRET: 'secret' })).not.toContain('x');
  });

  it('gives Instagram the Facebook app credentials', () => {
    const config = loadPlatformConfig({ HERALD_ENCRYPTION_KEYS: keys, FACEBOOK_APP_ID: 'app', FACEBOOK_APP_SECRET: 's' });
    expect(config.platforms.instagram?.adapter.clientId).toBe('app');
  });
});
