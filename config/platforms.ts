import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AdapterConfig } from '../activities/platforms/types.js';
import { PLATFORMS, type Platform } from '../core/platforms.js';
import { ConfigError } from './env.js';

/**
 * Social-platform settings: app credentials, API hosts, the token encryption keys and the local
 * platform emulator. A platform without credentials runs in sandbox mode against the emulator.
 */

const url = z.string().url();
const port = z.coerce.number().int().min(0).max(65535);

export const platformEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HERALD_DATA_DIR: z.string().min(1).default('./.herald'),
  /** `k1:<base64 32 bytes>,k0:<...>`: the first key encrypts, every listed key decrypts. */
  HERALD_ENCRYPTION_KEYS: z.string().optional(),
  PLATFORM_EMULATOR_URL: url.optional(),
  PLATFORM_EMULATOR_PORT: port.default(4010),
  PLATFORM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  X_CLIENT_ID: z.string().optional(),
  X_CLIENT_SECRET: z.string().optional(),
  X_API_BASE_URL: url.default('https://api.x.com'),
  X_AUTH_BASE_URL: url.default('https://x.com'),
  LINKEDIN_CLIENT_ID: z.string().optional(),
  LINKEDIN_CLIENT_SECRET: z.string().optional(),
  LINKEDIN_API_BASE_URL: url.default('https://api.linkedin.com'),
  LINKEDIN_AUTH_BASE_URL: url.default('https://www.linkedin.com'),
  LINKEDIN_VERSION: z.string().regex(/^\d{6}$/, 'must be YYYYMM, e.g. 202510').default('202510'),
  /** 1 once LinkedIn has granted the app r_member_social (Community Management API): metrics and reconciling need it. */
  LINKEDIN_MEMBER_SOCIAL_READ: z.enum(['0', '1']).default('0'),
  FACEBOOK_APP_ID: z.string().optional(),
  FACEBOOK_APP_SECRET: z.string().optional(),
  FACEBOOK_API_BASE_URL: url.default('https://graph.facebook.com'),
  FACEBOOK_AUTH_BASE_URL: url.default('https://www.facebook.com'),
  INSTAGRAM_API_BASE_URL: url.default('https://graph.facebook.com'),
  INSTAGRAM_AUTH_BASE_URL: url.default('https://www.facebook.com'),
  GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  TIKTOK_CLIENT_KEY: z.string().optional(),
  TIKTOK_CLIENT_SECRET: z.string().optional(),
  TIKTOK_API_BASE_URL: url.default('https://open.tiktokapis.com'),
  TIKTOK_AUTH_BASE_URL: url.default('https://www.tiktok.com'),
  YOUTUBE_CLIENT_ID: z.string().optional(),
  YOUTUBE_CLIENT_SECRET: z.string().optional(),
  YOUTUBE_API_BASE_URL: url.default('https://www.googleapis.com'),
  YOUTUBE_AUTH_BASE_URL: url.default('https://accounts.google.com'),
  YOUTUBE_TOKEN_URL: url.default('https://oauth2.googleapis.com/token'),
});

export type PlatformEnv = z.infer<typeof platformEnvSchema>;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface PlatformSetup {
  /** `real`: the platform's own endpoints with our app credentials; `sandbox`: the emulator. */
  mode: 'real' | 'sandbox';
  adapter: AdapterConfig;
}

export interface PlatformConfig {
  encryptionKeys: EncryptionKey[];
  emulatorUrl: string | undefined;
  /** Platforms we can connect to now: every real one, and sandbox ones when the emulator is known. */
  platforms: Partial<Record<Platform, PlatformSetup>>;
}

/** The emulator's OAuth client; it accepts any client, this just reads well in its logs. */
const SANDBOX_CLIENT = { clientId: 'herald-sandbox', clientSecret: 'herald-sandbox-secret' } as const;

interface RealSettings {
  clientId?: string;
  clientSecret?: string;
  apiBaseUrl: string;
  authBaseUrl: string;
  options?: Record<string, string>;
}

function realSettings(e: PlatformEnv): Record<Platform, RealSettings> {
  const graph = { graphVersion: e.GRAPH_API_VERSION };
  return {
    x: { clientId: e.X_CLIENT_ID, clientSecret: e.X_CLIENT_SECRET, apiBaseUrl: e.X_API_BASE_URL, authBaseUrl: e.X_AUTH_BASE_URL },
    linkedin: {
      clientId: e.LINKEDIN_CLIENT_ID,
      clientSecret: e.LINKEDIN_CLIENT_SECRET,
      apiBaseUrl: e.LINKEDIN_API_BASE_URL,
      authBaseUrl: e.LINKEDIN_AUTH_BASE_URL,
      options: { linkedinVersion: e.LINKEDIN_VERSION, memberSocialRead: e.LINKEDIN_MEMBER_SOCIAL_READ },
    },
    facebook: { clientId: e.FACEBOOK_APP_ID, clientSecret: e.FACEBOOK_APP_SECRET, apiBaseUrl: e.FACEBOOK_API_BASE_URL, authBaseUrl: e.FACEBOOK_AUTH_BASE_URL, options: graph },
    instagram: { clientId: e.FACEBOOK_APP_ID, clientSecret: e.FACEBOOK_APP_SECRET, apiBaseUrl: e.INSTAGRAM_API_BASE_URL, authBaseUrl: e.INSTAGRAM_AUTH_BASE_URL, options: graph },
    tiktok: { clientId: e.TIKTOK_CLIENT_KEY, clientSecret: e.TIKTOK_CLIENT_SECRET, apiBaseUrl: e.TIKTOK_API_BASE_URL, authBaseUrl: e.TIKTOK_AUTH_BASE_URL },
    youtube: {
      clientId: e.YOUTUBE_CLIENT_ID,
      clientSecret: e.YOUTUBE_CLIENT_SECRET,
      apiBaseUrl: e.YOUTUBE_API_BASE_URL,
      authBaseUrl: e.YOUTUBE_AUTH_BASE_URL,
      options: { tokenUrl: e.YOUTUBE_TOKEN_URL },
    },
  };
}

/** Parses `k1:<base64>,k0:<base64>`; every key must decode to exactly 32 bytes. */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, material] = part.split(':', 2);
      const key = Buffer.from(material ?? '', 'base64');
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        throw new ConfigError([`HERALD_ENCRYPTION_KEYS: each entry must be <id>:<base64 of 32 bytes>; "${id ?? part}" is not`]);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigError(['HERALD_ENCRYPTION_KEYS: no key given']);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError(['HERALD_ENCRYPTION_KEYS: key ids must be unique']);
  return keys;
}

/** Development: one key generated into the data dir (0600) and reused; production refuses to guess. */
function developmentKey(e: PlatformEnv): EncryptionKey[] {
  if (e.NODE_ENV === 'production') {
    throw new ConfigError(['HERALD_ENCRYPTION_KEYS: required in production (e.g. k1:$(openssl rand -base64 32))']);
  }
  const file = path.resolve(e.HERALD_DATA_DIR, 'encryption.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `dev1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process (api vs worker) wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseEncryptionKeys(fs.readFileSync(file, 'utf8').trim());
}

function parsePlatformEnv(source: NodeJS.ProcessEnv): PlatformEnv {
  const entries = Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  const parsed = platformEnvSchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  return parsed.data;
}

/** Platforms with no app credentials, which sandbox mode serves from the emulator. */
export function platformsWithoutCredentials(source: NodeJS.ProcessEnv = process.env): Platform[] {
  const settings = realSettings(parsePlatformEnv(source));
  return PLATFORMS.filter((platform) => !(settings[platform].clientId && settings[platform].clientSecret));
}

export function loadPlatformConfig(source: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const e = parsePlatformEnv(source);
  const encryptionKeys = e.HERALD_ENCRYPTION_KEYS ? parseEncryptionKeys(e.HERALD_ENCRYPTION_KEYS) : developmentKey(e);
  const emulatorUrl = e.PLATFORM_EMULATOR_URL?.replace(/\/$/, '');
  const platforms: PlatformConfig['platforms'] = {};
  const settings = realSettings(e);
  for (const platform of PLATFORMS) {
    const s = settings[platform];
    const timeoutMs = e.PLATFORM_TIMEOUT_MS;
    if (s.clientId && s.clientSecret) {
      const adapter = { apiBaseUrl: s.apiBaseUrl, authBaseUrl: s.authBaseUrl, clientId: s.clientId, clientSecret: s.clientSecret, options: s.options, timeoutMs };
      platforms[platform] = { mode: 'real', adapter };
      continue;
    }
    if (!emulatorUrl) continue;
    const base = `${emulatorUrl}/${platform}`;
    const options = { ...s.options, ...(platform === 'youtube' ? { tokenUrl: `${base}/token` } : {}) };
    platforms[platform] = { mode: 'sandbox', adapter: { apiBaseUrl: base, authBaseUrl: base, ...SANDBOX_CLIENT, options, timeoutMs } };
  }
  return { encryptionKeys, emulatorUrl, platforms };
}
