import type { RateLimitBudget } from '../types.js';

/**
 * TikTok allows each user access token 6 video inits per minute, counted over a sliding window,
 * and sends no header saying what is left. So the adapter counts its own inits per token. The count
 * lives in this process: inits from another worker process show up only as TikTok's 429, which
 * then holds the account for a whole window.
 */
export class InitWindow {
  private readonly sent = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /**
   * Takes a slot for one init now and returns 0, or returns how long until a slot frees (taking
   * none). Synchronous, so two publishes of one account in this process cannot both take the last.
   */
  reserve(token: string, nowMs = Date.now()): number {
    const recent = this.recent(token, nowMs);
    if (recent.length >= this.limit) return recent[recent.length - this.limit]! + this.windowMs - nowMs;
    this.sent.set(token, [...recent, nowMs]);
    return 0;
  }

  /** What is left for the token, and when its oldest init leaves the window. */
  budget(token: string, nowMs = Date.now()): RateLimitBudget {
    const recent = this.recent(token, nowMs);
    const oldest = recent[0] ?? nowMs;
    return { remaining: Math.max(0, this.limit - recent.length), limit: this.limit, resetAt: new Date(oldest + this.windowMs), scope: 'video inits per minute' };
  }

  private recent(token: string, nowMs: number): number[] {
    const kept = (this.sent.get(token) ?? []).filter((at) => at > nowMs - this.windowMs);
    // Tokens are replaced daily: forget the ones with nothing in the window.
    if (kept.length > 0) this.sent.set(token, kept);
    else this.sent.delete(token);
    return kept;
  }
}
