import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, type PasswordContext } from '../core/passwords.js';

/**
 * argon2id with OWASP's current minimum (19 MiB, 2 passes, 1 lane), through @node-rs/argon2
 * (prebuilt binaries, no install script). Parameters live in the PHC string, so raising them
 * later still verifies old hashes.
 */
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** About 49,000 passwords seen most often in breaches (zxcvbn-ts's common list, bundled). */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export const hashPassword = (password: string) => hash(password, PARAMS);

/** A hash of nothing anyone knows: verifying against it takes as long as a real check. */
let decoy: Promise<string> | undefined;

/** Checks a password; with no stored hash it still spends the time, so timing tells nothing. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await (decoy ??= hashPassword('decoy-password-nobody-has')), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export const checkPassword = (password: string, context?: PasswordContext) => passwordProblem(password, COMMON, context);
