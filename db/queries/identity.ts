import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { tokenExpiry } from '../../core/tokens.js';
import type { Database } from '../client.js';
import { apiTokens, memberships, organizations, users } from '../schema/index.js';

export type Role = (typeof memberships.$inferSelect)['role'];

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenOptions {
  /** The one org the token may act in; omitted: every org of its user. */
  orgId?: string;
  /** Days until it expires (core/tokens.ts: default 90). */
  expiresInDays?: number;
}

/** Issues a bearer token; the plain token is returned once and never stored. */
export async function issueApiToken(db: Database, userId: string, label: string, options: TokenOptions = {}) {
  const token = `hrd_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, tokenHash: hashToken(token), label, orgId: options.orgId ?? null, expiresAt: tokenExpiry(Date.now(), options.expiresInDays) })
    .returning({ id: apiTokens.id, label: apiTokens.label, orgId: apiTokens.orgId, expiresAt: apiTokens.expiresAt, createdAt: apiTokens.createdAt });
  return { token, row: row! };
}

export interface TokenHolder {
  userId: string;
  tokenId: string;
  /** Null: the token may act in every org of its user. */
  orgScope: string | null;
}

/** "Last used" is kept to the minute: a script's every request rewriting the row serialised them all on its lock and commit. */
const LAST_USED_PRECISION_MS = 60_000;

/** The user behind an unexpired token, noting when it was last used (to the minute). */
export async function userForToken(db: Database, token: string): Promise<TokenHolder | undefined> {
  const now = new Date();
  const [row] = await db
    .select({ userId: apiTokens.userId, id: apiTokens.id, orgId: apiTokens.orgId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), gt(apiTokens.expiresAt, now)));
  if (!row) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS);
    // Only one of many concurrent requests writes; the others see a fresh time and skip.
    await db.update(apiTokens).set({ lastUsedAt: now }).where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
  return { userId: row.userId, tokenId: row.id, orgScope: row.orgId };
}

export async function membershipOf(db: Database, userId: string, orgId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
  return row;
}

export interface NewAccount {
  email: string;
  name: string;
  timeZone: string;
  orgName?: string;
  /** Join this org instead of creating one. */
  orgId?: string;
  role: Role;
  /** argon2id hash (api/passwords.ts), for accounts made by sign-up. */
  passwordHash?: string;
}

/** Creates a user, their org (or joins an existing one) and a membership, in one transaction. */
export async function createUserWithOrg(db: Database, input: NewAccount) {
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email: input.email, name: input.name, timeZone: input.timeZone, passwordHash: input.passwordHash }).returning();
    let orgId = input.orgId;
    if (!orgId) {
      const name = input.orgName ?? `${input.name}'s business`;
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${randomBytes(3).toString('hex')}`;
      const [org] = await tx.insert(organizations).values({ name, slug }).returning();
      orgId = org!.id;
    }
    await tx.insert(memberships).values({ orgId, userId: user!.id, role: input.role });
    return { user: user!, orgId };
  });
}

/**
 * A person as the API shows them: profile, whether the address is confirmed, and their orgs with
 * their role, oldest membership first (only `orgScope` when a token is scoped to one org).
 */
export async function userWithOrgs(db: Database, userId: string, orgScope: string | null = null) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, timeZone: users.timeZone, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), orgScope ? eq(memberships.orgId, orgScope) : undefined))
    .orderBy(asc(memberships.createdAt), asc(organizations.name));
  return { user: user && { ...user, emailVerified: user.emailVerifiedAt !== null }, orgs };
}
