import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './env.js';

/** One key of a rotatable key ring: the first key of a ring writes, every key reads. */
export interface KeyRingEntry {
  id: string;
  key: Buffer;
}

/** Parses `<variable>=k1:<base64>,k0:<base64>`; every key must decode to exactly 32 bytes. */
export function parseKeyRing(variable: string, value: string): KeyRingEntry[] {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, material] = part.split(':', 2);
      const key = Buffer.from(material ?? '', 'base64');
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        throw new ConfigError([`${variable}: each entry must be <id>:<base64 of 32 bytes>; "${id ?? part}" is not`]);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigError([`${variable}: no key given`]);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError([`${variable}: key ids must be unique`]);
  return keys;
}

/**
 * Development and tests: one key generated into `<dataDir>/<file>` (0600) and reused by every
 * process that shares the data dir (API and worker); production refuses to guess.
 */
export function developmentKeyRing(input: { variable: string; nodeEnv: string; dataDir: string; file: string }): KeyRingEntry[] {
  if (input.nodeEnv === 'production') {
    throw new ConfigError([`${input.variable}: required in production (e.g. k1:$(openssl rand -base64 32))`]);
  }
  const file = path.resolve(input.dataDir, input.file);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `dev1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process (api vs worker) wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseKeyRing(input.variable, fs.readFileSync(file, 'utf8').trim());
}
