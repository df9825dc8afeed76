import type { CallWindows, RateLimitBudget } from '../../db/call-windows.js';
import type { MetricFigures } from '../../core/monitoring.js';
import type { Platform } from '../../core/platforms.js';
import type { RuleContext } from '../../core/platform-rules/index.js';

/** One shared shape for all six adapters; workflows and the API see only this. */

export interface MediaRef {
  kind: 'image' | 'video';
  /** HTTPS (or emulator) URL the platform can fetch; Instagram and TikTok pull require it. */
  url: string;
  mimeType: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
  sizeBytes?: number;
  altText?: string;
}

export interface PublishContent {
  text: string;
  hashtags: string[];
  media: MediaRef[];
  link?: string;
  /** How a link post shows its link, set by the caller: LinkedIn does not fetch the page for it. */
  linkPreview?: { title?: string; description?: string; thumbnail?: MediaRef };
  /** YouTube requires it (<= 100 chars). */
  title?: string;
  /** TikTok: chosen by the user from the creator's privacy_level_options, never preselected. */
  privacyLevel?: string;
}

export interface AccountTokens {
  accessToken: string;
  refreshToken?: string;
  accessTokenExpiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
}

/** An account as the adapter needs it: decrypted tokens, never persisted in this shape. */
export interface AccountSession {
  accountId: string;
  platform: Platform;
  externalId: string;
  tokens: AccountTokens;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  /** PKCE verifier to keep server-side until the callback. */
  codeVerifier?: string;
}

export interface AccountIdentity {
  externalId: string;
  displayName: string;
  avatarUrl?: string;
}

export interface PublishedPost {
  platformPostId: string;
  url: string;
  publishedAt: Date;
  /** What the platform said is left of the account's tightest limit after this post, when it says. */
  rateLimit?: RateLimitBudget;
}

export type { RateLimitBudget };

/** Normalised metrics (core's figures) and when they were read; a figure a platform lacks is undefined. */
export interface PostMetrics extends MetricFigures {
  fetchedAt: Date;
}

/** An account's own figures (followers, and reach over the last day where the platform reports it). */
export interface AccountMetrics {
  followers?: number;
  reach?: number;
  fetchedAt: Date;
}

export interface ValidationProblem {
  field: 'text' | 'hashtags' | 'media' | 'title' | 'privacyLevel' | 'link';
  /** A sentence a user can act on: "Instagram allows 30 hashtags; this caption has 31." */
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  problems: ValidationProblem[];
}

/** What the publish call reports as it goes, so the caller can store ids at once and heartbeat. */
export interface PublishProgress {
  step: string;
  /** Set as soon as the platform has told us the post's id (before any status polling). */
  platformPostId?: string;
  detail?: Record<string, unknown>;
}

export interface PublishOptions {
  /** Business key (targetId:attempt); adapters pass it where the platform accepts one. */
  idempotencyKey: string;
  onProgress?: (progress: PublishProgress) => void | Promise<void>;
}

export interface PlatformAdapter {
  readonly platform: Platform;
  readonly scopes: readonly string[];
  authorizationUrl(input: { redirectUri: string; state?: string }): AuthorizationRequest;
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<{
    tokens: AccountTokens;
    identity: AccountIdentity;
  }>;
  /**
   * Must keep the old refresh token when the platform returns none. `account` names the account
   * the tokens belong to (Facebook re-reads that Page's token with the user token).
   */
  refresh(tokens: AccountTokens, account?: { externalId: string }): Promise<AccountTokens>;
  /**
   * For access tokens renewed by exchanging themselves (no refresh token): renew this long before
   * they expire, because an expired one can no longer be exchanged.
   */
  readonly renewAheadMs?: number;
  /** `target`: what the account itself allows (TikTok's creator privacy options, max duration). */
  validate(content: PublishContent, target?: RuleContext): ValidationResult;
  publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost>;
  /**
   * For reconciling an unconfirmed publish: is a post with this content already there? `knownIds`:
   * the ids the platform gave this target's attempts, newest first (TikTok's publish_id at init).
   */
  findExisting(session: AccountSession, query: { content: PublishContent; since: Date; knownIds?: string[] }): Promise<PublishedPost | undefined>;
  fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics>;
  /**
   * The account's followers (and reach, where the platform has an account-level read), once a day
   * for analytics. Throws the METRICS_UNAVAILABLE permanent error when this app cannot read them.
   */
  fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics>;
  /**
   * The privacy levels this account may post with, where the platform asks who may see a post and
   * each account has its own choices (TikTok's creator_info). Absent on the other platforms.
   */
  privacyOptions?(session: AccountSession): Promise<string[]>;
}

/**
 * The code of a 'permanent' error meaning the platform gives no figures for this post (a private
 * TikTok video; LinkedIn without r_member_social): monitoring records "unavailable", not a miss.
 */
export const METRICS_UNAVAILABLE = 'metrics_unavailable';

export type PlatformErrorKind = 'retryable' | 'permanent' | 'needs_reconnect' | 'unconfirmed';

/** Every adapter failure is one of four kinds; workflows decide on the kind alone. */
export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    readonly platform: Platform,
    message: string,
    readonly options: { retryAfterMs?: number; code?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'PlatformError';
  }
}

/** How an adapter is built: real endpoints by default, the emulator's in tests and sandbox. */
export interface AdapterConfig {
  /** API base, e.g. https://api.x.com or `${emulator.url}/x`. */
  apiBaseUrl: string;
  /** Where the user is sent to authorize (often a different host than the API). */
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Extra per-platform settings (LinkedIn-Version, Graph API version, ...). */
  options?: Record<string, string>;
  /** Per-request timeout; past it after sending, a mutating call is "unconfirmed". */
  timeoutMs?: number;
}

/** What an adapter shares with the rest of the process (and with other worker processes). */
export interface AdapterDeps {
  /** Where limits the platform does not report are counted; in this process when not given. */
  callWindows?: CallWindows;
}
