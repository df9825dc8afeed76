import { z } from 'zod';
import { ConfigError } from './env.js';
import { developmentKeyRing, parseKeyRing, type KeyRingEntry } from './keys.js';

/**
 * The signed action links in e-mails (approve / reject / approve all): the keys that sign them and
 * the public address they point at.
 */
export const emailLinkEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HERALD_DATA_DIR: z.string().min(1).default('./.herald'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** `k2:<base64 32 bytes>,k1:<...>`: the first key signs new links, every listed key still verifies. */
  EMAIL_LINK_KEYS: z.string().optional(),
  /** Where people reach Herald from their mail: links in e-mails start with it. */
  HERALD_PUBLIC_URL: z.string().url().optional(),
});

export interface EmailLinkConfig {
  keys: KeyRingEntry[];
  /** Without a trailing slash, e.g. https://herald.example.com */
  publicUrl: string;
}

export function loadEmailLinkConfig(source: NodeJS.ProcessEnv = process.env): EmailLinkConfig {
  const entries = Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  const parsed = emailLinkEnvSchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const e = parsed.data;
  const keys = e.EMAIL_LINK_KEYS
    ? parseKeyRing('EMAIL_LINK_KEYS', e.EMAIL_LINK_KEYS)
    : developmentKeyRing({ variable: 'EMAIL_LINK_KEYS', nodeEnv: e.NODE_ENV, dataDir: e.HERALD_DATA_DIR, file: 'email-link.key' });
  return { keys, publicUrl: (e.HERALD_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '') };
}
