import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Platform } from '../../core/platforms.js';
import type { EmulatorState } from './state.js';

/**
 * The sandbox consent screen every platform's authorize endpoint shows, and the code redemption
 * the token endpoints share. `approve=1` (or the form's button) answers 302 to redirect_uri with
 * `code` and `state`; `account` picks the sandbox account's external id.
 */

interface CodeDetails {
  clientId: string;
  redirectUri: string;
  issuedAt: number;
}

const details = new WeakMap<EmulatorState, Map<string, CodeDetails>>();

function detailsOf(state: EmulatorState): Map<string, CodeDetails> {
  let map = details.get(state);
  if (!map) details.set(state, (map = new Map()));
  return map;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface AuthorizeParams {
  clientId: string | undefined;
  redirectUri: string | undefined;
  scopes: string[];
  state: string | undefined;
  codeChallenge?: string;
}

/** Renders the consent page, or with approve=1 issues a code and redirects back. */
export function answerAuthorize(state: EmulatorState, platform: Platform, req: Request, res: Response, params: AuthorizeParams): void {
  if (!params.clientId || !params.redirectUri) {
    res.status(400).type('html').send('<p>Sandbox: client id and redirect_uri are required.</p>');
    return;
  }
  const account = typeof req.query.account === 'string' && req.query.account ? req.query.account : `sandbox-${platform}-1`;
  if (req.query.approve !== '1') {
    const hidden = Object.entries(req.query)
      .filter(([key, value]) => key !== 'approve' && typeof value === 'string')
      .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(String(value))}">`)
      .join('');
    res.type('html').send(
      `<!doctype html><title>Sandbox ${platform} consent</title><h1>Sandbox</h1>` +
        `<p>Allow this app to use the ${platform} account <b>${escapeHtml(account)}</b> with: ${escapeHtml(params.scopes.join(', '))}</p>` +
        `<form method="get">${hidden}<input type="hidden" name="approve" value="1"><button type="submit">Allow</button></form>`,
    );
    return;
  }
  const code = `${platform}-code-${randomBytes(10).toString('hex')}`;
  state.authCodes.set(code, { platform, accountExternalId: account, scopes: params.scopes, codeChallenge: params.codeChallenge });
  detailsOf(state).set(code, { clientId: params.clientId, redirectUri: params.redirectUri, issuedAt: state.now() });
  const target = new URL(params.redirectUri);
  target.searchParams.set('code', code);
  if (params.state !== undefined) target.searchParams.set('state', params.state);
  res.redirect(302, target.toString());
}

export interface RedeemedCode {
  accountExternalId: string;
  scopes: string[];
}

/**
 * Redeems an authorization code once: it must be this platform's, unexpired (10 min), for the
 * same client and redirect_uri, and match the PKCE challenge when one was sent.
 */
export function redeemCode(
  state: EmulatorState,
  platform: Platform,
  input: { code: string | undefined; clientId: string | undefined; redirectUri: string | undefined; codeVerifier?: string },
): RedeemedCode | { error: string } {
  const entry = input.code ? state.authCodes.get(input.code) : undefined;
  const extra = input.code ? detailsOf(state).get(input.code) : undefined;
  if (!entry || !extra || entry.platform !== platform) return { error: 'The authorization code is invalid or was already used.' };
  state.authCodes.delete(input.code!);
  detailsOf(state).delete(input.code!);
  if (state.now() - extra.issuedAt > 10 * 60_000) return { error: 'The authorization code has expired.' };
  if (extra.clientId !== input.clientId) return { error: 'The code was issued to another client.' };
  if (extra.redirectUri !== input.redirectUri) return { error: 'redirect_uri does not match the one used to authorize.' };
  if (entry.codeChallenge) {
    const computed = input.codeVerifier ? createHash('sha256').update(input.codeVerifier).digest('base64url') : undefined;
    if (computed !== entry.codeChallenge) return { error: 'The PKCE code_verifier does not match the code_challenge.' };
  }
  return { accountExternalId: entry.accountExternalId, scopes: entry.scopes };
}

/** A query or form value as a string. */
export function param(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name] ?? req.query[name];
  return typeof value === 'string' ? value : undefined;
}
