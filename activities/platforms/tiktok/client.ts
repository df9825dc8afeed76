import { retryDelayFromHeaders } from '../errors.js';
import { send } from '../transport.js';
import { PlatformError } from '../types.js';

/**
 * TikTok's Open API: JSON (or form, for OAuth) in, `{data, error: {code, message, log_id}}` out,
 * where error.code "ok" means success. Errors are mapped on that code, then on the HTTP status.
 */

export interface TikTokEnvelope<T> {
  data?: T;
  /** An object on the Open API; a bare string on the OAuth endpoints, with error_description. */
  error?: { code?: string; message?: string; log_id?: string } | string;
  error_description?: string;
}

function errorOf(body: TikTokEnvelope<unknown> | undefined): { code?: string; message?: string } {
  if (typeof body?.error === 'string') return { code: body.error, message: body.error_description };
  return body?.error ?? {};
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Waits TikTok's documented windows imply where it sends no retry header. */
const RETRY_LATER: Record<string, number> = {
  rate_limit_exceeded: MINUTE,
  spam_risk_too_many_posts: HOUR,
  spam_risk_too_many_pending_share: HOUR,
  reached_active_user_cap: HOUR,
  internal_error: 30_000,
};

const USER_MESSAGES: Record<string, string> = {
  unaudited_client_can_only_post_to_private_accounts: 'TikTok lets this app post only "Only me" (SELF_ONLY) videos until it passes TikTok\'s audit; choose "Only me".',
  privacy_level_option_mismatch: 'The chosen TikTok visibility is not one this account offers; pick one of its options again.',
  spam_risk_user_banned_from_posting: 'TikTok has barred this account from posting for now; check the account in the TikTok app.',
  url_ownership_unverified: 'TikTok would not download the video: the media domain is not verified for this TikTok app.',
};

export function tiktokFailure(status: number, body: TikTokEnvelope<unknown> | undefined, headers: Headers, what: string): PlatformError {
  const error = errorOf(body);
  const code = error.code ?? `http_${status}`;
  const detail = error.message || `HTTP ${status}`;
  if (code === 'access_token_invalid' || (status === 401 && !code.startsWith('scope'))) {
    return new PlatformError('needs_reconnect', 'tiktok', `TikTok no longer accepts this connection's access token (${detail}).`, { code: 'token_expired', status });
  }
  if (code === 'scope_not_authorized' || code === 'scope_permission_missed') {
    return new PlatformError('needs_reconnect', 'tiktok', `TikTok refused ${what}: the account did not grant a needed permission. Reconnect and allow every permission asked.`, { code: 'missing_permission', status });
  }
  const wait = RETRY_LATER[code];
  if (wait !== undefined || status === 429 || status >= 500) {
    const retryAfterMs = retryDelayFromHeaders(headers) ?? wait ?? (status === 429 ? MINUTE : 30_000);
    return new PlatformError('retryable', 'tiktok', `TikTok asked to wait with ${what} (${code}); retrying in ${Math.round(retryAfterMs / 1000)} s.`, { code, status, retryAfterMs });
  }
  return new PlatformError('permanent', 'tiktok', USER_MESSAGES[code] ?? `TikTok refused ${what}: ${detail}`, { code, status });
}

/** TikTok sends post ids as int64 numbers, wider than a JS number: read them as strings. */
export function parseTikTokJson<T>(text: string): T | undefined {
  if (!text) return undefined;
  const safe = text.replace(/("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g, (_m, head: string, list: string) => {
    const ids = list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => `"${s.replace(/"/g, '')}"`);
    return `${head}${ids.join(',')}]`;
  });
  try {
    return JSON.parse(safe) as T;
  } catch {
    return undefined;
  }
}

export interface TikTokCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  token?: string;
  mutating?: boolean;
  what: string;
}

export class TikTokClient {
  constructor(
    private readonly apiBaseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(call: TikTokCall): Promise<T> {
    const url = new URL(`${this.apiBaseUrl.replace(/\/$/, '')}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {};
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    let body: string | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json; charset=UTF-8';
      body = JSON.stringify(call.json);
    } else if (call.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(call.form).toString();
    }
    const response = await send('tiktok', url.toString(), { method: call.method, headers, body, timeoutMs: this.timeoutMs, mutating: call.mutating ?? false, what: call.what });
    const text = await response.text().catch(() => '');
    const parsed = parseTikTokJson<TikTokEnvelope<T> & T>(text);
    const code = errorOf(parsed).code;
    const failed = !response.ok || (code !== undefined && code !== 'ok');
    if (failed) throw tiktokFailure(response.status, parsed, response.headers, call.what);
    if (!parsed) throw new PlatformError('retryable', 'tiktok', `TikTok answered ${call.what} with an unreadable body.`, { status: response.status });
    return (parsed.data ?? parsed) as T;
  }
}
