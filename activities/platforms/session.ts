import { sql } from 'drizzle-orm';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import {
  loadAccountWithTokens,
  markNeedsReconnect,
  saveRefreshedTokens,
  type SealedTokenColumns,
  type SocialAccountRow,
} from '../../db/queries/accounts.js';
import type { PlatformRegistry } from './registry.js';
import type { TokenVault } from './token-vault.js';
import { PlatformError, type AccountSession, type AccountTokens, type PlatformAdapter } from './types.js';

/**
 * Opens an account for an adapter call: loads the row, decrypts its tokens, refreshes them ahead
 * of expiry and once more when the platform rejects them, and marks the account needs_reconnect
 * when a refresh fails. Refreshes of one account are serialised with an advisory lock, because X
 * rotates refresh tokens and two racing refreshes would burn each other's.
 */

export interface AccountIdentityKey {
  orgId: string;
  platform: string;
  externalId: string;
}

/** Bound into each ciphertext: a token copied onto another account or column does not decrypt. */
const tokenContext = (account: AccountIdentityKey, which: 'access' | 'refresh') =>
  `${account.orgId}:${account.platform}:${account.externalId}:${which}`;

export function sealTokens(vault: TokenVault, account: AccountIdentityKey, tokens: AccountTokens): SealedTokenColumns {
  const access = vault.seal(tokens.accessToken, tokenContext(account, 'access'));
  return {
    accessTokenEnc: access.ciphertext,
    refreshTokenEnc: tokens.refreshToken ? vault.seal(tokens.refreshToken, tokenContext(account, 'refresh')).ciphertext : undefined,
    tokenKeyId: access.keyId,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenExpiresAt: tokens.refreshToken ? tokens.refreshTokenExpiresAt : undefined,
    scopes: tokens.scopes,
  };
}

export interface SessionDeps {
  db: Database;
  vault: TokenVault;
  registry: PlatformRegistry;
  /** Refresh when the access token expires sooner than this (default 5 minutes). */
  refreshAheadMs?: number;
}

type Opened = { session: AccountSession; adapter: PlatformAdapter };

export class AccountSessions {
  private readonly refreshAheadMs: number;

  constructor(private readonly deps: SessionDeps) {
    this.refreshAheadMs = deps.refreshAheadMs ?? 5 * 60_000;
  }

  /** Runs one adapter call with a valid session; a rejected token is refreshed and the call retried once. */
  async run<T>(accountId: string, call: (session: AccountSession, adapter: PlatformAdapter) => Promise<T>): Promise<T> {
    const opened = await this.open(accountId);
    try {
      return await call(opened.session, opened.adapter);
    } catch (err) {
      if (!(err instanceof PlatformError) || err.kind !== 'needs_reconnect') throw err;
      const refreshed = await this.refresh(accountId, opened.session.tokens.accessToken);
      try {
        return await call(refreshed.session, refreshed.adapter);
      } catch (retryErr) {
        if (retryErr instanceof PlatformError && retryErr.kind === 'needs_reconnect') await markNeedsReconnect(this.deps.db, accountId);
        throw retryErr;
      }
    }
  }

  /** A session with tokens valid for at least refreshAheadMs, refreshing first when needed. */
  async open(accountId: string): Promise<Opened> {
    const row = await this.connectedRow(accountId);
    const expiresAt = row.accessTokenExpiresAt?.getTime();
    const opened = this.opened(row);
    if (expiresAt === undefined) return opened;
    const left = expiresAt - Date.now();
    const renewsItself = opened.adapter.renewAheadMs !== undefined && left < opened.adapter.renewAheadMs;
    if (renewsItself || (left < this.refreshAheadMs && (row.refreshTokenEnc || left <= 0))) {
      return this.refresh(accountId, opened.session.tokens.accessToken);
    }
    return opened;
  }

  /**
   * Refreshes under the account's advisory lock. `seenAccessToken` is the token found stale or
   * rejected: if another caller already replaced it, their fresh tokens are used instead.
   */
  async refresh(accountId: string, seenAccessToken: string): Promise<Opened> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`account-refresh:${accountId}`}))`);
      const row = await loadAccountWithTokens(tx, accountId);
      if (!row || row.status !== 'connected' || !row.accessTokenEnc) return { failed: this.reconnectError(row, 'it is not connected') };
      const current = this.opened(row);
      if (current.session.tokens.accessToken !== seenAccessToken) return { ok: current };
      try {
        const next = await current.adapter.refresh(current.session.tokens, { externalId: row.externalId });
        const tokens = next.refreshToken ? next : { ...next, refreshToken: current.session.tokens.refreshToken };
        await saveRefreshedTokens(tx, accountId, sealTokens(this.deps.vault, row, tokens));
        return { ok: { ...current, session: { ...current.session, tokens } } };
      } catch (err) {
        if (err instanceof PlatformError && (err.kind === 'retryable' || err.kind === 'unconfirmed')) throw err;
        return { failed: this.reconnectError(row, (err as Error).message), mark: true };
      }
    });
    if ('ok' in outcome && outcome.ok) return outcome.ok;
    if ('mark' in outcome && outcome.mark) await markNeedsReconnect(this.deps.db, accountId);
    throw outcome.failed;
  }

  private async connectedRow(accountId: string): Promise<SocialAccountRow> {
    const row = await loadAccountWithTokens(this.deps.db, accountId);
    if (!row || row.status !== 'connected' || !row.accessTokenEnc) {
      throw this.reconnectError(row, row ? `its status is ${row.status}` : 'it does not exist');
    }
    return row;
  }

  private reconnectError(row: SocialAccountRow | undefined, why: string): PlatformError {
    const platform: Platform = row && isPlatform(row.platform) ? row.platform : 'x';
    const name = row ? `${PLATFORM_LIMITS[platform].label} account ${row.displayName}` : 'This account';
    return new PlatformError('needs_reconnect', platform, `${name} needs to be reconnected: ${why}.`);
  }

  private opened(row: SocialAccountRow): Opened {
    if (!isPlatform(row.platform)) throw new PlatformError('permanent', 'x', `Unknown platform ${row.platform} on account ${row.id}.`);
    const { vault, registry } = this.deps;
    const tokens: AccountTokens = {
      accessToken: vault.open(row.accessTokenEnc!, tokenContext(row, 'access')),
      refreshToken: row.refreshTokenEnc ? vault.open(row.refreshTokenEnc, tokenContext(row, 'refresh')) : undefined,
      accessTokenExpiresAt: row.accessTokenExpiresAt ?? undefined,
      refreshTokenExpiresAt: row.refreshTokenExpiresAt ?? undefined,
      scopes: row.scopes,
    };
    return {
      adapter: registry.adapter(row.platform),
      session: { accountId: row.id, platform: row.platform, externalId: row.externalId, tokens },
    };
  }
}
