import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { saveConnectState, takeConnectState, upsertConnectedAccount, type PublicAccount } from '../../db/queries/accounts.js';
import type { PlatformServices } from './services.js';
import { sealTokens } from './session.js';
import { PlatformError } from './types.js';

/**
 * Connecting an account: start (authorization URL + stored state and PKCE verifier), finish (the
 * callback's code exchanged, tokens sealed and stored), and the sandbox shortcut that approves
 * the emulator's consent page server-side.
 */

const STATE_TTL_MS = 10 * 60_000;

export interface ConnectDeps {
  db: Database;
  platforms: PlatformServices;
  /** Throws when the org may not add this account (its plan's limit); called once the account is known. */
  admitAccount?: (key: { orgId: string; platform: Platform; externalId: string }) => Promise<void>;
}

export class ConnectError extends Error {
  constructor(
    readonly code: 'invalid_state' | 'not_sandbox',
    message: string,
  ) {
    super(message);
  }
}

const stateContext = (state: string) => `connect-state:${state}`;
const nonceHash = (nonce: string) => createHash('sha256').update(nonce).digest('hex');

/**
 * Who finishes a connect. A state alone is not enough: whoever started it could send its
 * authorization URL to someone else and collect their account. So the finish must come from the
 * browser holding the nonce cookie the start handed out, from the starting user's own terminal
 * (bearer token, same org), or from the server itself for the sandbox dance.
 */
export type ConnectStarter = { finishIn: 'browser'; browserNonce: string } | { finishIn: 'terminal' } | { finishIn: 'server' };
export type ConnectFinisher =
  | { finishIn: 'browser'; browserNonce: string | undefined }
  | { finishIn: 'terminal'; orgId: string; userId: string }
  | { finishIn: 'server' };

type PendingConnect = NonNullable<Awaited<ReturnType<typeof takeConnectState>>>;

function sameStarter(pending: PendingConnect, finisher: ConnectFinisher): boolean {
  if (pending.finishIn !== finisher.finishIn) return false;
  if (finisher.finishIn === 'terminal') return pending.orgId === finisher.orgId && pending.userId === finisher.userId;
  if (finisher.finishIn === 'server') return true;
  if (!pending.browserNonceHash || !finisher.browserNonce) return false;
  return timingSafeEqual(Buffer.from(pending.browserNonceHash), Buffer.from(nonceHash(finisher.browserNonce)));
}

/** A fresh nonce for the starting browser's cookie. */
export const newBrowserNonce = () => randomBytes(24).toString('base64url');

export async function startConnect(
  deps: ConnectDeps,
  input: { orgId: string; userId: string; platform: Platform; redirectUri: string; starter: ConnectStarter },
) {
  const adapter = deps.platforms.registry.adapter(input.platform);
  const state = randomBytes(24).toString('base64url');
  const request = adapter.authorizationUrl({ redirectUri: input.redirectUri, state });
  await saveConnectState(deps.db, {
    state: request.state,
    orgId: input.orgId,
    userId: input.userId,
    platform: input.platform,
    redirectUri: input.redirectUri,
    codeVerifierEnc: request.codeVerifier ? deps.platforms.vault.seal(request.codeVerifier, stateContext(request.state)).ciphertext : null,
    finishIn: input.starter.finishIn,
    browserNonceHash: input.starter.finishIn === 'browser' ? nonceHash(input.starter.browserNonce) : null,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  return { authorizationUrl: request.url, state: request.state, sandbox: deps.platforms.registry.mode(input.platform) === 'sandbox' };
}

/** The callback: `state` says which org and user started this connect, the finisher that it is them; each state works once. */
export async function finishConnect(deps: ConnectDeps, input: { platform: Platform; state: string; code: string; finisher: ConnectFinisher }): Promise<PublicAccount> {
  const pending = await takeConnectState(deps.db, input.state);
  if (!pending || pending.platform !== input.platform || !sameStarter(pending, input.finisher)) {
    throw new ConnectError('invalid_state', 'This connect link is unknown, expired, already used, or was started somewhere else (another browser or terminal); start connecting again yourself.');
  }
  const { registry, vault } = deps.platforms;
  const adapter = registry.adapter(input.platform);
  const codeVerifier = pending.codeVerifierEnc ? vault.open(pending.codeVerifierEnc, stateContext(pending.state)) : undefined;
  const { tokens, identity } = await adapter.exchangeCode({ code: input.code, redirectUri: pending.redirectUri, codeVerifier });
  const key = { orgId: pending.orgId, platform: input.platform, externalId: identity.externalId };
  await deps.admitAccount?.(key);
  return upsertConnectedAccount(deps.db, {
    ...key,
    displayName: identity.displayName,
    sandbox: registry.mode(input.platform) === 'sandbox',
    ...sealTokens(vault, key, tokens),
  });
}

/** Follows the emulator's consent page with approve=1 and reads the code from its redirect. */
export async function approveOnEmulator(platform: Platform, authorizationUrl: string, account?: string): Promise<{ code: string; state: string }> {
  const url = new URL(authorizationUrl);
  url.searchParams.set('approve', '1');
  if (account) url.searchParams.set('account', account);
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const location = res.headers.get('location');
  const back = location ? new URL(location) : undefined;
  const code = back?.searchParams.get('code');
  const state = back?.searchParams.get('state');
  if (res.status !== 302 || !code || !state) {
    throw new PlatformError('permanent', platform, `The ${PLATFORM_LIMITS[platform].label} sandbox did not approve the connection (HTTP ${res.status}: ${(await res.text()).slice(0, 200)}).`);
  }
  return { code, state };
}

/** The whole OAuth dance against the emulator, server-side: for sandbox mode and the CLI. */
export async function connectSandbox(
  deps: ConnectDeps,
  input: { orgId: string; userId: string; platform: Platform; redirectUri: string; account?: string },
): Promise<PublicAccount> {
  if (deps.platforms.registry.mode(input.platform) !== 'sandbox') {
    throw new ConnectError('not_sandbox', `${PLATFORM_LIMITS[input.platform].label} uses real credentials here; connect it through the normal connect flow.`);
  }
  const started = await startConnect(deps, { ...input, starter: { finishIn: 'server' } });
  const approved = await approveOnEmulator(input.platform, started.authorizationUrl, input.account);
  return finishConnect(deps, { platform: input.platform, state: approved.state, code: approved.code, finisher: { finishIn: 'server' } });
}
