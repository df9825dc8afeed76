import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../client.js';
import { apiTokens, memberships, organizations, users } from '../schema/index.js';

export type Role = (typeof memberships.$inferSelect)['role'];

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a bearer token; the plain token is returned once and never stored. */
export async function issueApiToken(db: Database, userId: string, label: string): Promise<string> {
  const token = `hrd_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiTokens).values({ userId, tokenHash: hashToken(token), label });
  return token;
}

export async function userForToken(db: Database, token: string): Promise<{ userId: string } | undefined> {
  const [row] = await db
    .select({ userId: apiTokens.userId, id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date()))));
  if (!row) return undefined;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  return { userId: row.userId };
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
