import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed action links in e-mails: "approve this post", "reject it", "approve every post of this
 * digest". A link is its own credential, so it is bound to the post(s) and their revision, the
 * action, the recipient and the org, expires at the approval deadline, and carries an id the API
 * records when it is used, so it works once.
 *
 * Format: `v1.<keyId>.<base64url JSON claims>.<base64url HMAC-SHA256 of "v1.<keyId>.<claims>">`.
 */

export const LINK_ACTIONS = ['approve', 'reject', 'approve-all'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkedPost {
  postId: string;
  /** The revision the recipient was shown; a newer one needs a new look, not a blind click. */
  revision: number;
}

export interface ActionLinkClaims {
  /** The token id: the used-links table is keyed by it. */
  id: string;
  action: LinkAction;
  orgId: string;
  recipientId: string;
  /** One post for approve/reject; every post the digest listed for approve-all. */
  posts: LinkedPost[];
  /** Epoch ms: the approval deadline (for approve-all, the latest of the posts'). */
  expiresAt: number;
}

export interface SigningKey {
  id: string;
  key: Buffer;
}

const VERSION = 'v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const mac = (key: Buffer, signed: string) => createHmac('sha256', key).update(signed).digest();

/** Signs with the first key of the ring; `id` is made here unless given (tests pin it). */
export function signActionLink(keys: readonly SigningKey[], claims: Omit<ActionLinkClaims, 'id'> & { id?: string }): string {
  const key = keys[0];
  if (!key) throw new Error('no key to sign action links with');
  const compact = {
    i: claims.id ?? randomBytes(16).toString('base64url'),
    a: claims.action,
    o: claims.orgId,
    u: claims.recipientId,
    p: claims.posts.map((p) => [p.postId, p.revision]),
    e: claims.expiresAt,
  };
  const signed = `${VERSION}.${key.id}.${Buffer.from(JSON.stringify(compact)).toString('base64url')}`;
  return `${signed}.${mac(key.key, signed).toString('base64url')}`;
}

export type ReadLink = { ok: true; claims: ActionLinkClaims } | { ok: false; why: 'malformed' | 'unknown_key' | 'bad_signature' };

/**
 * The claims of a link signed by any key of the ring, or why it cannot be trusted. Expiry is not
 * checked here: an expired link is genuine, and the page says "expired", not "tampered".
 */
export function readActionLink(keys: readonly SigningKey[], token: string): ReadLink {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, why: 'malformed' };
  const [, keyId, payload, signature] = parts as [string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) return { ok: false, why: 'unknown_key' };
  const expected = mac(key.key, `${VERSION}.${keyId}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'bad_signature' };
  const claims = claimsOf(payload);
  return claims ? { ok: true, claims } : { ok: false, why: 'malformed' };
}

/** Claims from a signed payload; undefined if the shape is wrong (a key used for something else). */
function claimsOf(payload: string): ActionLinkClaims | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { i, a, o, u, p, e } = raw ?? {};
  const posts = Array.isArray(p) ? p : [];
  const wellFormed =
    typeof i === 'string' && i.length > 0 && i.length <= 64 &&
    LINK_ACTIONS.includes(a as LinkAction) &&
    typeof o === 'string' && UUID.test(o) &&
    typeof u === 'string' && UUID.test(u) &&
    typeof e === 'number' && Number.isFinite(e) &&
    posts.length > 0 &&
    (a === 'approve-all' || posts.length === 1) &&
    posts.every((x) => Array.isArray(x) && typeof x[0] === 'string' && UUID.test(x[0]) && Number.isInteger(x[1]));
  if (!wellFormed) return undefined;
  return {
    id: i as string,
    action: a as LinkAction,
    orgId: o as string,
    recipientId: u as string,
    posts: posts.map((x: [string, number]) => ({ postId: x[0], revision: x[1] })),
    expiresAt: e as number,
  };
}

export const isLinkExpired = (claims: ActionLinkClaims, nowMs: number) => nowMs >= claims.expiresAt;
