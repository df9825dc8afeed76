import { createHash, randomBytes } from 'node:crypto';
import type { Platform } from '../../core/platforms.js';

/**
 * Shared state of the platform emulator: issued tokens, accepted posts (so tests can count
 * duplicates), queued faults, and a clock that metric curves read.
 */

export type FaultKind = 'rate_limit' | 'expired_token' | 'server_error' | 'delay' | 'drop_response';

export interface Fault {
  platform: Platform;
  /** Matches `METHOD /path` of the request; a prefix match on the path. Omitted = any call. */
  route?: string;
  kind: FaultKind;
  /** How many matching calls it hits (default 1). */
  times?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  status?: number;
}

export interface IssuedToken {
  platform: Platform;
  accountExternalId: string;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  scopes: string[];
  revoked: boolean;
}

export interface AcceptedPost {
  platform: Platform;
  accountExternalId: string;
  id: string;
  url: string;
  text: string;
  mediaCount: number;
  createdAt: number;
  /** Seeded curve: normal, viral or flop. */
  curve: MetricCurve;
  extra?: Record<string, unknown>;
}

export type MetricCurve = 'normal' | 'viral' | 'flop';

export class EmulatorState {
  readonly posts: AcceptedPost[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  readonly authCodes = new Map<string, { platform: Platform; accountExternalId: string; scopes: string[]; codeChallenge?: string }>();
  /** Request counts per rate-limit window, keyed by the caller's choice (platform, account, bucket). */
  /** `resetAt` is unset while a pinned window waits to be used up (see hitRateWindow). */
  private readonly rateWindows = new Map<string, { count: number; resetAt?: number }>();
  private readonly slidingWindows = new Map<string, number[]>();
  private faults: (Fault & { remaining: number })[] = [];
  /** Calls answered with a queued fault so far: a drill can tell its faults were hit. */
  faultsServed = 0;
  /** Calls a delay fault holds right now (`METHOD /path` and the JSON body): a test can see a request is in flight. */
  readonly held = new Set<string>();
  /** Milliseconds added to real time; tests advance it to grow metrics. */
  clockOffsetMs = 0;
  /** Curve for the next post accepted per platform (then back to normal). */
  nextCurve = new Map<Platform, MetricCurve>();

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(): void {
    this.posts.length = 0;
    this.tokens.clear();
    this.authCodes.clear();
    this.faults = [];
    this.clockOffsetMs = 0;
    this.nextCurve.clear();
    this.rateWindows.clear();
    this.slidingWindows.clear();
  }

  /**
   * Counts one call in a fixed window and says what is left, for the platforms' rate-limit headers.
   * `pinnedUntilFull` (a sandbox knob for tests) pins the window's clock at its start until the
   * call that uses it up: however slowly the calls come, they all fall in one window, which then
   * resets `windowMs` after that last call. Until then the reset is reported `windowMs` from now.
   */
  hitRateWindow(key: string, limit: number, windowMs: number, options: { pinnedUntilFull?: boolean } = {}): { limit: number; remaining: number; resetAt: number; exceeded: boolean } {
    const now = this.now();
    let window = this.rateWindows.get(key);
    if (!window || (window.resetAt !== undefined && window.resetAt <= now)) {
      window = { count: 0, resetAt: options.pinnedUntilFull ? undefined : now + windowMs };
      this.rateWindows.set(key, window);
    }
    window.count += 1;
    if (window.resetAt === undefined && window.count >= limit) window.resetAt = now + windowMs;
    return { limit, remaining: Math.max(0, limit - window.count), resetAt: window.resetAt ?? now + windowMs, exceeded: window.count > limit };
  }

  /**
   * A sliding window (TikTok's kind): the call counts, and is allowed, only if fewer than `limit`
   * allowed calls happened in the last `windowMs`.
   */
  hitSlidingWindow(key: string, limit: number, windowMs: number): { exceeded: boolean; resetAt: number } {
    const now = this.now();
    const kept = (this.slidingWindows.get(key) ?? []).filter((at) => at > now - windowMs);
    this.slidingWindows.set(key, kept);
    if (kept.length >= limit) return { exceeded: true, resetAt: kept[kept.length - limit]! + windowMs };
    kept.push(now);
    return { exceeded: false, resetAt: kept[0]! + windowMs };
  }

  /** Revokes every token of an account (the user removed the app): refresh fails from now on. */
  revokeAccount(platform: Platform, accountExternalId: string): number {
    let revoked = 0;
    for (const token of this.tokens.values()) {
      if (token.platform === platform && token.accountExternalId === accountExternalId && !token.revoked) {
        token.revoked = true;
        revoked += 1;
      }
    }
    return revoked;
  }

  /** Posts this account published in the last `windowMs` (daily publishing caps). */
  recentPostCount(platform: Platform, accountExternalId: string, windowMs: number): number {
    const since = this.now() - windowMs;
    return this.posts.filter((p) => p.platform === platform && p.accountExternalId === accountExternalId && p.createdAt > since).length;
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Faults still waiting for a matching call: a test sees that a call reached the platform when its fault is taken. */
  queuedFaults(platform: Platform): number {
    return this.faults.filter((f) => f.platform === platform).length;
  }

  /** Takes the first queued fault matching this call, if any. */
  takeFault(platform: Platform, method: string, path: string): Fault | undefined {
    const call = `${method.toUpperCase()} ${path}`;
    const index = this.faults.findIndex(
      (f) => f.platform === platform && (!f.route || call.startsWith(f.route) || path.startsWith(f.route)),
    );
    if (index === -1) return undefined;
    const fault = this.faults[index]!;
    this.faultsServed += 1;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  issueToken(platform: Platform, accountExternalId: string, scopes: string[], ttlSeconds: number, refreshTtlSeconds = 365 * 86400): IssuedToken {
    const token: IssuedToken = {
      platform,
      accountExternalId,
      accessToken: `${platform}-at-${randomBytes(12).toString('hex')}`,
      refreshToken: `${platform}-rt-${randomBytes(12).toString('hex')}`,
      accessExpiresAt: this.now() + ttlSeconds * 1000,
      refreshExpiresAt: this.now() + refreshTtlSeconds * 1000,
      scopes,
      revoked: false,
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  /** The token behind an access token, if it is valid now. */
  validToken(platform: Platform, accessToken: string | undefined): IssuedToken | undefined {
    if (!accessToken) return undefined;
    const token = this.tokens.get(accessToken);
    if (!token || token.platform !== platform || token.revoked || token.accessExpiresAt <= this.now()) return undefined;
    return token;
  }

  findByRefreshToken(platform: Platform, refreshToken: string): IssuedToken | undefined {
    for (const token of this.tokens.values()) {
      if (token.platform === platform && token.refreshToken === refreshToken && !token.revoked) return token;
    }
    return undefined;
  }

  acceptPost(post: Omit<AcceptedPost, 'createdAt' | 'curve'>): AcceptedPost {
    const curve = this.nextCurve.get(post.platform) ?? 'normal';
    this.nextCurve.delete(post.platform);
    const accepted = { ...post, createdAt: this.now(), curve };
    this.posts.push(accepted);
    return accepted;
  }

  postsOn(platform: Platform): AcceptedPost[] {
    return this.posts.filter((p) => p.platform === platform);
  }

  /**
   * An account's own figures, deterministic like post metrics: followers start from a seeded base
   * and grow with what the account's posts reached; reach is what its posts reached in the last 24 h.
   */
  accountFigures(platform: Platform, accountExternalId: string): { followers: number; reachLastDay: number } {
    const now = this.now();
    const mine = this.posts.filter((p) => p.platform === platform && p.accountExternalId === accountExternalId);
    const base = 100 + (createHash('sha256').update(`${platform}:${accountExternalId}`).digest().readUInt32BE(0) % 1000);
    const followers = base + mine.reduce((sum, p) => sum + Math.round(metricsAt(p, now).reach / 50), 0);
    const reachLastDay = mine.reduce((sum, p) => sum + metricsAt(p, now).reach - metricsAt(p, now - 86_400_000).reach, 0);
    return { followers, reachLastDay };
  }
}

/**
 * Deterministic metrics: a saturating growth curve seeded by the post id, scaled by the curve kind.
 * The same post at the same age always reports the same numbers.
 */
export function metricsAt(post: AcceptedPost, nowMs: number) {
  const ageHours = Math.max(0, (nowMs - post.createdAt) / 3_600_000);
  const seed = createHash('sha256').update(post.id).digest().readUInt32BE(0) / 0xffffffff;
  const scale = post.curve === 'viral' ? 8 : post.curve === 'flop' ? 0.15 : 1;
  const growth = 1 - Math.exp(-ageHours / 6);
  const impressions = Math.round((800 + seed * 400) * scale * growth);
  const reach = Math.round(impressions * 0.7);
  const engagementRate = post.curve === 'viral' ? 0.09 : post.curve === 'flop' ? 0.008 : 0.03;
  const engagements = impressions * engagementRate;
  return {
    impressions,
    reach,
    views: impressions,
    likes: Math.round(engagements * 0.7),
    comments: Math.round(engagements * 0.1),
    shares: Math.round(engagements * 0.12),
    saves: Math.round(engagements * 0.05),
    clicks: Math.round(engagements * 0.3),
  };
}
