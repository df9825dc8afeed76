import { z } from 'zod';
import type { AdapterConfig } from '../activities/platforms/types.js';
import { PLATFORMS, type Platform } from '../core/platforms.js';
import { ConfigError } from './env.js';
import { developmentKeyRing, parseKeyRing, type KeyRingEntry } from './keys.js';

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
  /** Facebook Login for Business configuration ids: the saved configuration drives the dialog, not `scope`. */
  FACEBOOK_LOGIN_CONFIG_ID: z.string().optional(),
  INSTAGRAM_LOGIN_CONFIG_ID: z.string().optional(),
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

export type EncryptionKey = KeyRingEntry;

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
/** The emulator's Login for Business configuration, used when no *_LOGIN_CONFIG_ID is set. */
export const SANDBOX_LOGIN_CONFIG_ID = 'herald-sandbox-config';

interface RealSettings {
  clientId?: string;
  clientSecret?: string;
  apiBaseUrl: string;
  authBaseUrl: string;
  options?: Record<string, string>;
}

/** Only the options that are set: adapters read a missing option as "use the default". */
const defined = (options: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(options).filter((e): e is [string, string] => e[1] !== undefined));

function realSettings(e: PlatformEnv): Record<Platform, RealSettings> {
  const graph = (loginConfigId: string | undefined) => defined({ graphVersion: e.GRAPH_API_VERSION, loginConfigId });
  return {
    x: { clientId: e.X_CLIENT_ID, clientSecret: e.X_CLIENT_SECRET, apiBaseUrl: e.X_API_BASE_URL, authBaseUrl: e.X_AUTH_BASE_URL },
    linkedin: {
      clientId: e.LINKEDIN_CLIENT_ID,
      clientSecret: e.LINKEDIN_CLIENT_SECRET,
      apiBaseUrl: e.LINKEDIN_API_BASE_URL,
      authBaseUrl: e.LINKEDIN_AUTH_BASE_URL,
      options: { linkedinVersion: e.LINKEDIN_VERSION, memberSocialRead: e.LINKEDIN_MEMBER_SOCIAL_READ },
    },
    facebook: { clientId: e.FACEBOOK_APP_ID, clientSecret: e.FACEBOOK_APP_SECRET, apiBaseUrl: e.FACEBOOK_API_BASE_URL, authBaseUrl: e.FACEBOOK_AUTH_BASE_URL, options: graph(e.FACEBOOK_LOGIN_CONFIG_ID) },
    instagram: { clientId: e.FACEBOOK_APP_ID, clientSecret: e.FACEBOOK_APP_SECRET, apiBaseUrl: e.INSTAGRAM_API_BASE_URL, authBaseUrl: e.INSTAGRAM_AUTH_BASE_URL, options: graph(e.INSTAGRAM_LOGIN_CONFIG_ID) },
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
  return parseKeyRing('HERALD_ENCRYPTION_KEYS', value);
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
  const encryptionKeys = e.HERALD_ENCRYPTION_KEYS
    ? parseEncryptionKeys(e.HERALD_ENCRYPTION_KEYS)
    : developmentKeyRing({ variable: 'HERALD_ENCRYPTION_KEYS', nodeEnv: e.NODE_ENV, dataDir: e.HERALD_DATA_DIR, file: 'encryption.key' });
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
    const options = {
      ...s.options,
      ...(platform === 'youtube' ? { tokenUrl: `${base}/token` } : {}),
      ...(platform === 'facebook' || platform === 'instagram' ? { loginConfigId: s.options?.loginConfigId ?? SANDBOX_LOGIN_CONFIG_ID } : {}),
    };
    platforms[platform] = { mode: 'sandbox', adapter: { apiBaseUrl: base, authBaseUrl: base, ...SANDBOX_CLIENT, options, timeoutMs } };
  }
  return { encryptionKeys, emulatorUrl, platforms };
}
