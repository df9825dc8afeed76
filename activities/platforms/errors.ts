import type { Platform } from '../../core/platforms.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { header, msUntilFree, rateLimitFromHeaders, resetInstant, type HeaderSource } from './rate-limits.js';
import { PlatformError } from './types.js';

/**
 * Mapping transport and HTTP failures onto the four PlatformError kinds, where the platforms agree.
 * Each adapter adds its own body parsing (error codes) on top.
 */

const DEFAULT_RETRY_MS = 60_000;

/**
 * How long the platform asked us to wait: Retry-After (seconds or an HTTP date), else the reset of
 * a used-up window (X's 15-minute and 24-hour windows, Meta's regain time), else the
 * x-rate-limit-reset / x-ratelimit-reset that X and others send with a 429.
 */
export function retryDelayFromHeaders(headers: HeaderSource, nowMs = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const usedUp = msUntilFree(rateLimitFromHeaders(headers, nowMs), nowMs);
  if (usedUp !== undefined) return usedUp;
  const reset = resetInstant(header(headers, 'x-rate-limit-reset') ?? header(headers, 'x-ratelimit-reset'), nowMs);
  return reset ? Math.max(0, reset.getTime() - nowMs) : undefined;
}

export function rateLimited(platform: Platform, retryAfterMs: number | undefined, detail?: string, code?: string): PlatformError {
  const wait = retryAfterMs ?? DEFAULT_RETRY_MS;
  const label = PLATFORM_LIMITS[platform].label;
  return new PlatformError('retryable', platform, `${label} rate limit reached${detail ? ` (${detail})` : ''}; retrying in ${Math.ceil(wait / 1000)} s.`, {
    retryAfterMs: wait,
    status: 429,
    code,
  });
}

export function tokenRejected(platform: Platform, detail: string, status = 401, code?: string): PlatformError {
  const label = PLATFORM_LIMITS[platform].label;
  return new PlatformError('needs_reconnect', platform, `${label} no longer accepts this account's access (${detail}); reconnect the account.`, { status, code });
}

/** The shared default for a status whose body told us nothing more specific. */
export function errorForStatus(platform: Platform, status: number, headers: HeaderSource, detail: string, code?: string): PlatformError {
  const label = PLATFORM_LIMITS[platform].label;
  if (status === 429) return rateLimited(platform, retryDelayFromHeaders(headers), detail, code);
  if (status === 401) return tokenRejected(platform, detail, status, code);
  if (status >= 500 || status === 408) {
    return new PlatformError('retryable', platform, `${label} is having trouble (HTTP ${status}: ${detail}); trying again later.`, {
      status,
      code,
      retryAfterMs: retryDelayFromHeaders(headers),
    });
  }
  return new PlatformError('permanent', platform, `${label} refused the request: ${detail}`, { status, code });
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * A failure with no HTTP answer. If the request never left (connection refused, DNS), trying again
 * is safe. If it was sent and then timed out or lost its connection, a mutating call may have
 * succeeded: that is "unconfirmed", to be reconciled before any retry.
 */
export function transportError(platform: Platform, err: unknown, mutating: boolean, what: string): PlatformError {
  const code = errorCode(err);
  const label = PLATFORM_LIMITS[platform].label;
  const reason = code ?? (err as Error)?.message ?? String(err);
  if (code && NOT_SENT.has(code)) {
    return new PlatformError('retryable', platform, `Could not reach ${label} (${reason}) for ${what}; trying again later.`, { cause: err, code });
  }
  if (mutating) {
    return new PlatformError('unconfirmed', platform, `${label} did not answer ${what} (${reason}); it may have gone through, so it will be checked before any retry.`, {
      cause: err,
      code,
    });
  }
  return new PlatformError('retryable', platform, `${label} did not answer ${what} (${reason}); trying again later.`, { cause: err, code });
}
