import type { Platform } from '../../core/platforms.js';
import { validateDraft, type RuleContext } from '../../core/platform-rules/index.js';
import { PlatformError, type AccountTokens, type PublishContent, type ValidationResult } from './types.js';

/** Small pieces every adapter needs, written once. */

/** The pure platform rules, as an adapter's validate() answer. */
export function validateContent(platform: Platform, content: PublishContent, target: RuleContext = {}): ValidationResult {
  const problems = validateDraft(platform, content, target);
  return { ok: problems.length === 0, problems };
}

export function expiresIn(seconds: number | undefined, nowMs = Date.now()): Date | undefined {
  return typeof seconds === 'number' && seconds > 0 ? new Date(nowMs + seconds * 1000) : undefined;
}

/** A refresh answer without a refresh token keeps the old one (Google, LinkedIn, Facebook do this). */
export function mergeRefreshedTokens(previous: AccountTokens, next: AccountTokens): AccountTokens {
  const keepOld = !next.refreshToken;
  return {
    ...next,
    refreshToken: keepOld ? previous.refreshToken : next.refreshToken,
    refreshTokenExpiresAt: keepOld ? previous.refreshTokenExpiresAt : next.refreshTokenExpiresAt,
    scopes: next.scopes.length > 0 ? next.scopes : previous.scopes,
  };
}

export function splitScopes(scope: string | undefined, fallback: readonly string[]): string[] {
  const scopes = (scope ?? '').split(/[\s,]+/).filter(Boolean);
  return scopes.length > 0 ? scopes : [...fallback];
}

/** Text comparison for reconciling: platforms rewrite links and whitespace, so compare without them. */
export function sameText(a: string, b: string): boolean {
  const normal = (s: string) => s.replace(/https?:\/\/\S+/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
  return normal(a) === normal(b);
}

/** A refresh the platform refused (not a passing fault) means the account must be reconnected. */
export function refreshRefused(platform: Platform, message: string, err: unknown): never {
  if (err instanceof PlatformError && (err.kind === 'permanent' || err.kind === 'needs_reconnect')) {
    throw new PlatformError('needs_reconnect', platform, message, { code: 'refresh_failed', status: err.options.status, cause: err });
  }
  throw err;
}
