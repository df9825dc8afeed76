import type { Request, Response } from 'express';
import type { Platform } from '../../core/platforms.js';
import { param, redeemCode } from './consent.js';
import type { EmulatorState, IssuedToken } from './state.js';

/**
 * The standard OAuth 2.0 token endpoint (RFC 6749) that X and LinkedIn speak: authorization_code
 * and refresh_token grants, client credentials in Basic auth or the body, answered with
 * `{access_token, expires_in, refresh_token, refresh_token_expires_in, scope}`.
 */

export interface GrantPolicy {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** X rotates: a used refresh token is dead. LinkedIn keeps it. */
  rotateRefreshToken: boolean;
  /** X issues a refresh token only with this scope (offline.access). */
  refreshScope?: string;
  scopeSeparator: string;
}

export interface GrantAnswer {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope: string;
}

export type GrantError = { error: 'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unsupported_grant_type'; error_description: string };

function clientOf(req: Request): { clientId?: string; clientSecret?: string } {
  const header = req.header('authorization');
  if (header?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    return { clientId: id && decodeURIComponent(id), clientSecret: secret && decodeURIComponent(secret) };
  }
  return { clientId: param(req, 'client_id'), clientSecret: param(req, 'client_secret') };
}

function answer(token: IssuedToken, policy: GrantPolicy, nowMs: number): GrantAnswer {
  const withRefresh = !policy.refreshScope || token.scopes.includes(policy.refreshScope);
  return {
    token_type: 'bearer',
    access_token: token.accessToken,
    expires_in: policy.accessTtlSeconds,
    ...(withRefresh
      ? { refresh_token: token.refreshToken, refresh_token_expires_in: Math.max(0, Math.round((token.refreshExpiresAt - nowMs) / 1000)) }
      : {}),
    scope: token.scopes.join(policy.scopeSeparator),
  };
}

export function tokenGrant(state: EmulatorState, platform: Platform, req: Request, policy: GrantPolicy): GrantAnswer | GrantError {
  const client = clientOf(req);
  if (!client.clientId) return { error: 'invalid_client', error_description: 'Missing client id.' };
  const grant = param(req, 'grant_type');
  if (grant === 'authorization_code') {
    const redeemed = redeemCode(state, platform, {
      code: param(req, 'code'),
      clientId: client.clientId,
      redirectUri: param(req, 'redirect_uri'),
      codeVerifier: param(req, 'code_verifier'),
    });
    if ('error' in redeemed) return { error: 'invalid_grant', error_description: redeemed.error };
    return answer(state.issueToken(platform, redeemed.accountExternalId, redeemed.scopes, policy.accessTtlSeconds, policy.refreshTtlSeconds), policy, state.now());
  }
  if (grant === 'refresh_token') {
    const old = state.findByRefreshToken(platform, param(req, 'refresh_token') ?? '');
    if (!old || old.refreshExpiresAt <= state.now()) return { error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' };
    const fresh = state.issueToken(platform, old.accountExternalId, old.scopes, policy.accessTtlSeconds, policy.refreshTtlSeconds);
    if (policy.rotateRefreshToken) {
      old.revoked = true;
    } else {
      fresh.refreshToken = old.refreshToken;
      fresh.refreshExpiresAt = old.refreshExpiresAt;
      old.revoked = true;
    }
    return answer(fresh, policy, state.now());
  }
  return { error: 'unsupported_grant_type', error_description: `grant_type ${grant ?? '(missing)'} is not supported.` };
}

export function grantFailed(res: Response, error: GrantError): void {
  res.status(error.error === 'invalid_client' ? 401 : 400).json(error);
}
