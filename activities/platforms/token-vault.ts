import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../../config/platforms.js';

/**
 * Platform tokens at rest: AES-256-GCM with a fresh 96-bit IV per value. The ciphertext carries
 * the id of the key that made it (and the row stores it too), so keys rotate by putting a new one
 * first in HERALD_ENCRYPTION_KEYS while the old ones still decrypt.
 */

const FORMAT = 'v1';

export interface SealedToken {
  ciphertext: string;
  keyId: string;
}

class TokenVaultError extends Error {
  override name = 'TokenVaultError';
}

export class TokenVault {
  private readonly keys: Map<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new TokenVaultError('The token vault needs at least one key.');
    this.current = keys[0]!;
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** `context` (e.g. the account and column) is authenticated, so a ciphertext moved elsewhere fails. */
  seal(plaintext: string, context: string): SealedToken {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [FORMAT, this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')];
    return { ciphertext: parts.join('.'), keyId: this.current.id };
  }

  open(ciphertext: string, context: string): string {
    const [format, keyId, iv, tag, body] = ciphertext.split('.');
    if (format !== FORMAT || !keyId || iv === undefined || tag === undefined || body === undefined) {
      throw new TokenVaultError('Stored token is not in a format this version can read.');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new TokenVaultError(`Stored token was encrypted with key "${keyId}", which is no longer configured in HERALD_ENCRYPTION_KEYS.`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new TokenVaultError('Stored token failed its integrity check (tampered, or a different key or account).', { cause: err });
    }
  }
}
