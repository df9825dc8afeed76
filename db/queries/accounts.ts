import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { oauthConnectStates, socialAccounts } from '../schema/index.js';

/**
 * Connected social accounts. Tokens arrive here already sealed (see activities/platforms/
 * token-vault.ts) and only the session helper opens them; nothing here returns them to the API.
 */

/** The database or a transaction on it. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;

export type SocialAccountRow = typeof socialAccounts.$inferSelect;

/** What the API may show: everything except the token columns. */
const publicAccountColumns = {
  id: socialAccounts.id,
  orgId: socialAccounts.orgId,
  platform: socialAccounts.platform,
  externalId: socialAccounts.externalId,
  displayName: socialAccounts.displayName,
  status: socialAccounts.status,
  sandbox: socialAccounts.sandbox,
  scopes: socialAccounts.scopes,
  accessTokenExpiresAt: socialAccounts.accessTokenExpiresAt,
  createdAt: socialAccounts.createdAt,
  updatedAt: socialAccounts.updatedAt,
};

export type PublicAccount = Pick<SocialAccountRow, keyof typeof publicAccountColumns>;

export interface SealedTokenColumns {
  accessTokenEnc: string;
  /** Undefined keeps the refresh token already stored: an empty one never overwrites it. */
  refreshTokenEnc?: string;
  tokenKeyId: string;
  accessTokenExpiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
}

export interface ConnectedAccount extends SealedTokenColumns {
  orgId: string;
  platform: string;
  externalId: string;
  displayName: string;
  sandbox: boolean;
}

export async function listAccounts(db: Database, orgId: string): Promise<PublicAccount[]> {
  return db
    .select(publicAccountColumns)
    .from(socialAccounts)
    .where(eq(socialAccounts.orgId, orgId))
    .orderBy(asc(socialAccounts.platform), asc(socialAccounts.displayName));
}

export async function findAccountInOrg(db: Database, orgId: string, accountId: string): Promise<PublicAccount | undefined> {
  const [row] = await db
    .select(publicAccountColumns)
    .from(socialAccounts)
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, accountId)));
  return row;
}

/** For the session helper only: the row with its sealed tokens. */
export async function loadAccountWithTokens(db: Executor, accountId: string): Promise<SocialAccountRow | undefined> {
  const [row] = await db.select().from(socialAccounts).where(eq(socialAccounts.id, accountId));
  return row;
}

// Reconnecting without a refresh token (Google on re-consent) keeps the one already stored.
const keepRefreshToken = sql`coalesce(excluded.refresh_token_enc, ${socialAccounts.refreshTokenEnc})`;
const keepRefreshExpiry = sql`case when excluded.refresh_token_enc is null then ${socialAccounts.refreshTokenExpiresAt} else excluded.refresh_token_expires_at end`;

/** Inserts the account or, reconnecting the same platform account, updates it back to connected. */
export async function upsertConnectedAccount(db: Database, account: ConnectedAccount): Promise<PublicAccount> {
  const [row] = await db
    .insert(socialAccounts)
    .values({ ...account, refreshTokenEnc: account.refreshTokenEnc ?? null, status: 'connected' })
    .onConflictDoUpdate({
      target: [socialAccounts.orgId, socialAccounts.platform, socialAccounts.externalId],
      set: {
        displayName: account.displayName,
        status: 'connected',
        sandbox: account.sandbox,
        scopes: account.scopes,
        accessTokenEnc: account.accessTokenEnc,
        refreshTokenEnc: keepRefreshToken,
        tokenKeyId: account.tokenKeyId,
        accessTokenExpiresAt: account.accessTokenExpiresAt ?? null,
        refreshTokenExpiresAt: keepRefreshExpiry,
        updatedAt: new Date(),
      },
    })
    .returning(publicAccountColumns);
  return row!;
}

/** After a refresh; a refresh answer without a refresh token leaves the stored one in place. */
export async function saveRefreshedTokens(db: Executor, accountId: string, tokens: SealedTokenColumns): Promise<void> {
  await db
    .update(socialAccounts)
    .set({
      accessTokenEnc: tokens.accessTokenEnc,
      ...(tokens.refreshTokenEnc ? { refreshTokenEnc: tokens.refreshTokenEnc, refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null } : {}),
      tokenKeyId: tokens.tokenKeyId,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
      scopes: tokens.scopes,
      status: 'connected',
      updatedAt: new Date(),
    })
    .where(eq(socialAccounts.id, accountId));
}

export async function markNeedsReconnect(db: Database, accountId: string): Promise<void> {
  await db.update(socialAccounts).set({ status: 'needs_reconnect', updatedAt: new Date() }).where(eq(socialAccounts.id, accountId));
}

/** Forgets the tokens; the row stays so past posts keep their account. */
export async function disconnectAccount(db: Database, orgId: string, accountId: string): Promise<PublicAccount | undefined> {
  const [row] = await db
    .update(socialAccounts)
    .set({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null, tokenKeyId: null, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, updatedAt: new Date() })
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, accountId)))
    .returning(publicAccountColumns);
  return row;
}

export type NewConnectState = typeof oauthConnectStates.$inferInsert;

export async function saveConnectState(db: Database, state: NewConnectState): Promise<void> {
  await db.delete(oauthConnectStates).where(lt(oauthConnectStates.expiresAt, new Date()));
  await db.insert(oauthConnectStates).values(state);
}

/** Takes (and deletes) an unexpired connect state: each state is good for one callback. */
export async function takeConnectState(db: Database, state: string) {
  const [row] = await db
    .delete(oauthConnectStates)
    .where(and(eq(oauthConnectStates.state, state), gt(oauthConnectStates.expiresAt, new Date())))
    .returning();
  return row;
}

/** Who may finish an unexpired connect state, without taking it (the terminal finish takes it later). */
export async function connectStateFinishIn(db: Database, state: string) {
  const [row] = await db
    .select({ finishIn: oauthConnectStates.finishIn })
    .from(oauthConnectStates)
    .where(and(eq(oauthConnectStates.state, state), gt(oauthConnectStates.expiresAt, new Date())));
  return row?.finishIn;
}
