import { addLocalDays, instantOfLocal, intlOffsetAt, localDateOf } from '../../../core/local-time.js';
import { retryDelayFromHeaders, transportError } from '../errors.js';
import { PlatformError } from '../types.js';

/**
 * Google's error envelope `{error: {code, message, errors: [{reason, domain}]}}` (and OAuth's
 * `{error, error_description}`) mapped onto the four kinds. Quota resets at midnight Pacific.
 */

export interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: { reason?: string; message?: string }[] } | string;
  error_description?: string;
}

const pacific = intlOffsetAt('America/Los_Angeles');
const CHANNEL_LIMIT_RECHECK_MS = 60 * 60_000;

/** Milliseconds until the next midnight in America/Los_Angeles, when YouTube quotas reset. */
export function msUntilQuotaReset(nowMs: number): number {
  const tomorrow = addLocalDays(localDateOf(nowMs, pacific), 1);
  return instantOfLocal(tomorrow, '00:00', pacific) - nowMs;
}

function reasonOf(body: GoogleErrorBody | undefined): { reason?: string; message?: string } {
  if (typeof body?.error === 'string') return { reason: body.error, message: body.error_description };
  return { reason: body?.error?.errors?.[0]?.reason, message: body?.error?.message };
}

const PERMISSION_REASONS = new Set(['insufficientPermissions', 'forbidden', 'youtubeSignupRequired', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);

export function googleFailure(status: number, body: GoogleErrorBody | undefined, headers: Headers, what: string, nowMs = Date.now()): PlatformError {
  const { reason, message } = reasonOf(body);
  const detail = message ?? `HTTP ${status}`;
  const base = { status, code: reason ?? `http_${status}` };
  if (status === 401) {
    return new PlatformError('needs_reconnect', 'youtube', `YouTube no longer accepts this connection's access token (${detail}).`, { ...base, code: 'token_expired' });
  }
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    const retryAfterMs = msUntilQuotaReset(nowMs);
    return new PlatformError('retryable', 'youtube', `Herald's YouTube API quota for today is used up; the upload waits until it resets at midnight Pacific (in ${Math.round(retryAfterMs / 60_000)} min).`, { ...base, retryAfterMs });
  }
  if (reason === 'uploadLimitExceeded') {
    // YouTube does not say when a channel's limit lifts: look again in an hour (sooner where the caller re-checks caps).
    return new PlatformError('retryable', 'youtube', 'This YouTube channel has reached its upload limit for now; the video waits and goes out once YouTube lifts the limit.', { ...base, retryAfterMs: CHANNEL_LIMIT_RECHECK_MS });
  }
  if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    const retryAfterMs = retryDelayFromHeaders(headers, nowMs) ?? 60_000;
    return new PlatformError('retryable', 'youtube', `YouTube rate-limited ${what}; retrying in ${Math.round(retryAfterMs / 1000)} s.`, { ...base, code: 'rate_limited', retryAfterMs });
  }
  if (status === 403 && reason && PERMISSION_REASONS.has(reason)) {
    return new PlatformError('needs_reconnect', 'youtube', `YouTube refused ${what}: ${detail} Reconnect the account and allow every permission asked.`, { ...base, code: 'missing_permission' });
  }
  if (status >= 500 || status === 408) {
    return new PlatformError('retryable', 'youtube', `YouTube had a temporary problem with ${what} (${detail}).`, { ...base, retryAfterMs: retryDelayFromHeaders(headers, nowMs) });
  }
  return new PlatformError('permanent', 'youtube', `YouTube refused ${what}: ${detail}`, base);
}

interface GaxiosLike {
  status?: number;
  response?: { status: number; data?: unknown; headers?: Headers | Record<string, string> };
}

/** Runs a googleapis call (reads only) and maps its failure. */
export async function viaSdk<T>(what: string, call: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await call()).data;
  } catch (err) {
    const response = (err as GaxiosLike).response;
    if (!response) throw transportError('youtube', err, false, what);
    const headers = response.headers instanceof Headers ? response.headers : new Headers(response.headers ?? {});
    throw googleFailure(response.status, response.data as GoogleErrorBody | undefined, headers, what);
  }
}
