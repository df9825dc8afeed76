import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { hashToken as sha256 } from '../db/queries/identity.js';
import { authLinks, outboxEmails, users } from '../db/schema/index.js';

/**
 * Single-use links for a person's own security mail (verify an address, reset a password,
 * confirm a new address), and queuing that mail. The link carries a random token; only its hash
 * is stored, and using it is one UPDATE ... WHERE used_at IS NULL, so it works once.
 */
export type LinkPurpose = (typeof authLinks.$inferInsert)['purpose'];

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  verify_email: 3 * 86_400_000,
  reset_password: 3_600_000,
  change_email: 86_400_000,
};


export async function issueLink(db: Database, userId: string, purpose: LinkPurpose, data: Record<string, string> = {}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(authLinks).values({ userId, purpose, data, tokenHash: sha256(token), expiresAt: new Date(Date.now() + LINK_LIFETIME_MS[purpose]) });
  return token;
}

/** Uses a link once; undefined when it is unknown, used, expired or for another purpose. */
export async function useLink(db: Database, token: string, purposes: readonly LinkPurpose[]) {
  if (!token || token.length > 100) return undefined;
  const [row] = await db
    .update(authLinks)
    .set({ usedAt: new Date() })
    .where(and(eq(authLinks.tokenHash, sha256(token)), isNull(authLinks.usedAt), gt(authLinks.expiresAt, new Date())))
    .returning();
  if (!row) return undefined;
  if (!purposes.includes(row.purpose)) return undefined;
  return row;
}

/** The person a still-valid link belongs to, without using it (to check a new password first). */
export async function peekLink(db: Database, token: string, purpose: LinkPurpose): Promise<{ email: string; name: string } | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await db
    .select({ email: users.email, name: users.name })
    .from(authLinks)
    .innerJoin(users, eq(users.id, authLinks.userId))
    .where(and(eq(authLinks.tokenHash, sha256(token)), eq(authLinks.purpose, purpose), isNull(authLinks.usedAt), gt(authLinks.expiresAt, new Date())));
  return row;
}

export interface SecurityMail {
  toUserId: string;
  toAddress: string;
  kind: 'verify_email' | 'reset_password' | 'change_email' | 'email_changed' | 'signup_attempt' | 'password_changed';
  subject: string;
  body: string;
}

/** Queues a security mail in the outbox; it belongs to the person, not to an org. */
export async function queueSecurityMail(db: Database, mail: SecurityMail): Promise<void> {
  await db.insert(outboxEmails).values({ orgId: null, ...mail, data: {}, dedupeKey: `${mail.kind}:${mail.toUserId}:${randomBytes(8).toString('hex')}` });
}
