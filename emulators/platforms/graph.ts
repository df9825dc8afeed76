import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Platform } from '../../core/platforms.js';
import { answerAuthorize, param } from './consent.js';
import { bearer, type FaultResponses } from './faults.js';
import type { EmulatorState, IssuedToken } from './state.js';

/**
 * Meta Graph API wire shapes (Facebook Pages and Instagram share them): the error envelope,
 * the usage headers, access tokens in a header or the `access_token` parameter.
 */

export interface GraphErrorBody {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

export function graphError(res: Response, status: number, error: GraphErrorBody): void {
  res.status(status).json({
    error: { type: 'OAuthException', is_transient: false, ...error, fbtrace_id: randomBytes(8).toString('base64url') },
  });
}

/** Business use case usage: estimated_time_to_regain_access is in minutes. */
export function usageHeaders(res: Response, accountId: string, percent: number, regainMinutes = 0): void {
  res.setHeader('X-App-Usage', JSON.stringify({ call_count: percent, total_cputime: Math.round(percent / 2), total_time: Math.round(percent / 2) }));
  res.setHeader(
    'X-Business-Use-Case-Usage',
    JSON.stringify({
      [accountId]: [{ type: 'instagram', call_count: percent, total_cputime: Math.round(percent / 2), total_time: Math.round(percent / 2), estimated_time_to_regain_access: regainMinutes }],
    }),
  );
}

export function expiredTokenError(res: Response): void {
  res.setHeader('WWW-Authenticate', 'OAuth "Facebook Platform" "invalid_token" "Error validating access token: Session has expired."');
  graphError(res, 401, { message: 'Error validating access token: Session has expired.', code: 190, error_subcode: 463 });
}

export const graphFaults: FaultResponses = {
  rateLimited(res, fault) {
    usageHeaders(res, 'sandbox', 100, Math.ceil((fault.retryAfterSeconds ?? 60) / 60));
    graphError(res, fault.status ?? 400, {
      message: 'Application request limit reached',
      code: 4,
      is_transient: true,
      error_user_msg: 'There have been too many calls to this account. Wait a bit and try again.',
    });
  },
  expiredToken(res) {
    expiredTokenError(res);
  },
  serverError(res, fault) {
    graphError(res, fault.status ?? 500, { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true });
  },
};

export function graphToken(req: Request): string | undefined {
  const fromQuery = req.query.access_token;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.access_token;
  if (typeof fromQuery === 'string') return fromQuery;
  if (typeof fromBody === 'string') return fromBody;
  const header = req.header('authorization');
  if (header?.startsWith('OAuth ')) return header.slice(6).trim();
  return bearer(req);
}

/** The caller's valid token, or answers code 190 and returns undefined. */
/**
 * An account-level insight with period=day as Graph answers it: one value per day (yesterday and
 * today), each with the end of its day. `todayValue` is today's figure; yesterday's is smaller.
 */
export function dailyInsight(objectId: string, name: string, todayValue: number, nowMs: number) {
  const endOfDay = (offsetDays: number) => new Date(Math.floor(nowMs / 86_400_000 + 1 + offsetDays) * 86_400_000 + 8 * 3_600_000).toISOString().replace('.000Z', '+0000');
  return { name, period: 'day', values: [{ value: Math.round(todayValue * 0.9), end_time: endOfDay(-1) }, { value: todayValue, end_time: endOfDay(0) }], title: name, description: name, id: `${objectId}/insights/${name}/day` };
}

export function requireGraphToken(state: EmulatorState, platform: Platform, req: Request, res: Response): IssuedToken | undefined {
  const token = state.validToken(platform, graphToken(req));
  if (!token) expiredTokenError(res);
  return token;
}

/**
 * The Facebook Login for Business dialog: the saved configuration (`config_id`) grants its
 * permissions and `scope` is ignored. Without a configuration Meta shows its "app isn't
 * available" page and never redirects. Any config_id stands for a configuration holding
 * `permissions`.
 */
export function answerLoginForBusiness(state: EmulatorState, platform: Platform, req: Request, res: Response, permissions: readonly string[]): void {
  if (!param(req, 'config_id')) {
    res
      .status(200)
      .type('html')
      .send("<!doctype html><title>Facebook</title><h1>It looks like this app isn't available</h1><p>This app needs at least one supported permission.</p>");
    return;
  }
  answerAuthorize(state, platform, req, res, {
    clientId: param(req, 'client_id'),
    redirectUri: param(req, 'redirect_uri'),
    scopes: [...permissions],
    state: param(req, 'state'),
    codeChallenge: param(req, 'code_challenge'),
  });
}
