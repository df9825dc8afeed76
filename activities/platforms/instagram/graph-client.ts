import { GraphApi, type GraphSettings } from '../graph.js';
import { PlatformError, type RateLimitBudget } from '../types.js';

/**
 * The shared Graph API client, with the readings only Instagram needs on top of the shared
 * error mapping: an invalid token is `token_expired` (so the session helper refreshes once),
 * the daily publishing cap waits, and Instagram's negative codes (-1, -2) are transient.
 */

type Params = Record<string, string | number | boolean | undefined>;

const DAILY_CAP_RETRY_MS = 60 * 60_000;
const TRANSIENT_RETRY_MS = 60_000;

export function refineInstagramError(err: unknown): unknown {
  if (!(err instanceof PlatformError)) return err;
  const code = err.options.code ?? '';
  if (err.kind === 'needs_reconnect' && /^graph_(190|102)(_|$)/.test(code)) {
    return new PlatformError('needs_reconnect', 'instagram', err.message, { ...err.options, code: 'token_expired', cause: err });
  }
  if (code === 'graph_9_2207042') {
    return new PlatformError('retryable', 'instagram', 'This Instagram account reached its daily publishing limit; the post will go out when the limit frees up.', { ...err.options, code: 'publishing_cap', retryAfterMs: DAILY_CAP_RETRY_MS, cause: err });
  }
  if (err.kind === 'permanent' && /^graph_-[12](_|$)/.test(code)) {
    return new PlatformError('retryable', 'instagram', err.message, { ...err.options, retryAfterMs: TRANSIENT_RETRY_MS, cause: err });
  }
  return err;
}

export class InstagramGraph {
  private constructor(private readonly api: GraphApi) {}

  static create(settings: GraphSettings): InstagramGraph {
    return new InstagramGraph(new GraphApi('instagram', settings));
  }

  withToken(accessToken: string): InstagramGraph {
    return new InstagramGraph(this.api.withToken(accessToken));
  }

  get lastRateLimit(): RateLimitBudget | undefined {
    return this.api.lastRateLimit;
  }

  async get<T>(path: string, params: Params, what: string): Promise<T> {
    try {
      return await this.api.get<T>(path, params, what);
    } catch (err) {
      throw refineInstagramError(err);
    }
  }

  async post<T>(path: string, params: Params, options: { what: string; mutating: boolean }): Promise<T> {
    try {
      return await this.api.post<T>(path, params, options);
    } catch (err) {
      throw refineInstagramError(err);
    }
  }
}
