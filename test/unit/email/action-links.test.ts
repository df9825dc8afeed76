import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkVerdict, postProblem, type PostFacts } from '../../../core/action-link-verdicts.js';
import { readActionLink, signActionLink, type ActionLinkClaims, type SigningKey } from '../../../core/action-links.js';
import { loadEmailLinkConfig } from '../../../config/email-links.js';

const key = (id: string): SigningKey => ({ id, key: randomBytes(32) });
const k1 = key('k1');
const k2 = key('k2');
const HOUR = 3_600_000;

function claims(overrides: Partial<ActionLinkClaims> = {}): Omit<ActionLinkClaims, 'id'> {
  return { action: 'approve', orgId: randomUUID(), recipientId: randomUUID(), posts: [{ postId: randomUUID(), revision: 1 }], expiresAt: Date.now() + HOUR, ...overrides };
}

/** Flips one character of the token's part `index` (0 version, 1 key id, 2 claims, 3 signature). */
function tamper(token: string, index: number): string {
  const parts = token.split('.');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
  return parts.join('.');
}

describe('signing and reading action links', () => {
  it('reads back exactly what was signed', () => {
    const signed = claims({ action: 'approve-all', posts: [{ postId: randomUUID(), revision: 2 }, { postId: randomUUID(), revision: 1 }] });
    const read = readActionLink([k1], signActionLink([k1], signed));
    expect(read).toEqual({ ok: true, claims: { ...signed, id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
  });

  it('gives every link its own id, so using one does not use another', () => {
    const same = claims();
    const a = readActionLink([k1], signActionLink([k1], same));
    const b = readActionLink([k1], signActionLink([k1], same));
    expect(a.ok && b.ok && a.claims.id !== b.claims.id).toBe(true);
  });

  it('refuses a link whose claims or signature were changed', () => {
    const token = signActionLink([k1], claims());
    expect(readActionLink([k1], tamper(token, 2))).toEqual({ ok: false, why: 'bad_signature' });
    expect(readActionLink([k1], tamper(token, 3))).toEqual({ ok: false, why: 'bad_signature' });
  });

  it('refuses claims re-encoded with another post id under the old signature', () => {
    const token = signActionLink([k1], claims());
    const [v, id, payload, sig] = token.split('.') as [string, string, string, string];
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString());
    raw.p[0][0] = randomUUID();
    const forged = [v, id, Buffer.from(JSON.stringify(raw)).toString('base64url'), sig].join('.');
    expect(readActionLink([k1], forged)).toEqual({ ok: false, why: 'bad_signature' });
  });

  it('refuses a cut-short link and a link signed with a key it does not know', () => {
    const token = signActionLink([k1], claims());
    expect(readActionLink([k1], token.slice(0, token.lastIndexOf('.')))).toEqual({ ok: false, why: 'malformed' });
    expect(readActionLink([k1], signActionLink([key('k1')], claims()))).toEqual({ ok: false, why: 'bad_signature' });
    expect(readActionLink([k1], signActionLink([k2], claims()))).toEqual({ ok: false, why: 'unknown_key' });
  });

  it('after rotation signs with the new key and still reads links signed with the old one', () => {
    const old = signActionLink([k1], claims());
    const fresh = signActionLink([k2, k1], claims());
    expect(fresh.split('.')[1]).toBe('k2');
    expect(readActionLink([k2, k1], old).ok).toBe(true);
    expect(readActionLink([k2, k1], fresh).ok).toBe(true);
    expect(readActionLink([k1], fresh)).toEqual({ ok: false, why: 'unknown_key' });
  });

  it('refuses a single-post action naming several posts', () => {
    const token = signActionLink([k1], claims({ action: 'reject', posts: [{ postId: randomUUID(), revision: 1 }, { postId: randomUUID(), revision: 1 }] }));
    expect(readActionLink([k1], token)).toEqual({ ok: false, why: 'malformed' });
  });
});

describe('what a clicked link may do', () => {
  const signed = () => readActionLink([k1], signActionLink([k1], claims()));

  it('accepts a fresh link of a recipient who may approve', () => {
    expect(linkVerdict({ read: signed(), nowMs: Date.now(), role: 'approver' }).ok).toBe(true);
  });

  it('names the first problem: tampered, then used, then expired, then recipient, then role', () => {
    const now = Date.now();
    const read = signed();
    expect(linkVerdict({ read: { ok: false, why: 'bad_signature' }, nowMs: now, role: 'owner' })).toMatchObject({ problem: { kind: 'tampered' } });
    expect(linkVerdict({ read, nowMs: now + 2 * HOUR, usedAt: new Date(now), role: 'owner' })).toMatchObject({ problem: { kind: 'used' } });
    expect(linkVerdict({ read, nowMs: now + 2 * HOUR, role: 'owner' })).toMatchObject({ problem: { kind: 'expired' } });
    expect(linkVerdict({ read, nowMs: now, role: undefined })).toMatchObject({ problem: { kind: 'someone_else' } });
    expect(linkVerdict({ read, nowMs: now, role: 'viewer' })).toMatchObject({ problem: { kind: 'role_removed', role: 'viewer' } });
  });

  it('says a post is decided before it says it changed, and asks for the privacy choice only to approve', () => {
    const c = { ...claims(), id: 'x' };
    const post = (facts: Partial<PostFacts>): PostFacts => ({ orgId: c.orgId, stage: 'awaiting_approval', revision: 1, privacyNeeded: [], ...facts });
    expect(postProblem('approve', c, 1, post({}))).toBeUndefined();
    expect(postProblem('approve', c, 1, post({ stage: 'approved', revision: 2 }))).toEqual({ kind: 'decided', stage: 'approved' });
    expect(postProblem('approve', c, 1, post({ revision: 2 }))).toEqual({ kind: 'changed', linked: 1, current: 2 });
    expect(postProblem('approve', c, 1, post({ orgId: randomUUID() }))).toEqual({ kind: 'someone_else' });
    expect(postProblem('approve', c, 1, undefined)).toEqual({ kind: 'missing' });
    expect(postProblem('approve', c, 1, post({ privacyNeeded: ['TikTok'] }))).toEqual({ kind: 'privacy_needed', platforms: ['TikTok'] });
    expect(postProblem('reject', c, 1, post({ privacyNeeded: ['TikTok'] }))).toBeUndefined();
  });
});

describe('link configuration', () => {
  it('parses a rotatable key ring, first key first', () => {
    const keys = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;
    const config = loadEmailLinkConfig({ EMAIL_LINK_KEYS: keys, HERALD_PUBLIC_URL: 'https://herald.example.com/' });
    expect(config.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.publicUrl).toBe('https://herald.example.com');
  });

  it('refuses to start in production without keys and names the variable', () => {
    expect(() => loadEmailLinkConfig({ NODE_ENV: 'production' })).toThrow(/EMAIL_LINK_KEYS: required in production/);
  });

  it('in development makes one key in the data dir, shared by every process, and links to localhost:PORT', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-link-keys-'));
    try {
      const first = loadEmailLinkConfig({ HERALD_DATA_DIR: dir, PORT: '4100' });
      const second = loadEmailLinkConfig({ HERALD_DATA_DIR: dir });
      expect(first.keys[0]!.key.equals(second.keys[0]!.key)).toBe(true);
      expect(fs.statSync(path.join(dir, 'email-link.key')).mode & 0o777).toBe(0o600);
      expect(first.publicUrl).toBe('http://localhost:4100');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
