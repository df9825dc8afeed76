import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from '../../api/passwords.js';
import { passwordProblem, PASSWORD_RULES } from '../../core/passwords.js';

describe('the password rules', () => {
  const common = new Set(['password123', 'qwertyuiop']);

  it('accepts a long passphrase and refuses short, common, repetitive and personal ones with the reason', () => {
    expect(passwordProblem('correct horse battery staple', common)).toBeUndefined();
    expect(passwordProblem('abc', common)).toContain(`at least ${PASSWORD_RULES.minLength}`);
    expect(passwordProblem('x'.repeat(257), common)).toContain('at most 256');
    expect(passwordProblem('PassWord123', common)).toContain('most common');
    expect(passwordProblem('abababababab', common)).toContain('repeats');
    expect(passwordProblem('rosa.baker-2026!', common, { email: 'rosa.baker@bakery.example' })).toContain('e-mail address');
  });

  it('knows the bundled list of common passwords', () => {
    expect(checkPassword('1234567890')).toContain('most common');
    expect(checkPassword('iloveyou12')).toContain('most common');
  });

  it('hashes with argon2id and verifies only the right password; a missing hash never verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything at all')).toBe(false);
  });
});
