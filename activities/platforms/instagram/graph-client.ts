import { PlatformError } from '../types.js';
import { retryDelayFromHeaders } from '../errors.js';
import { sendRequest } from '../http.js';

/**
 * A small Graph API client for Instagram: versioned paths, the token in the Authorization header
 * (never in a URL), form-encoded writes, and Graph's error envelope mapped to the four kinds.
 */

export interface GraphSettings {
  apiBaseUrl: string;
  version: string;
  timeoutMs: number;
}

interface GraphErrorEnvelope {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  };
}

type Params = Record<string, string | number | boolean | undefined>;

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80002]);
const DEFAULT_RATE_LIMIT_MS = 60_000;
const DAILY_CAP_MS = 60 * 60_000;

/** Meta says how long until access returns in X-Business-Use-Case-Usage, in minutes. */
export function regainAccessMs(headers: Headers): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const usage = JSON.parse(raw) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Object.values(usage).flat().map((u) => u.estimated_time_to_regain_access ?? 0);
    const longest = Math.max(0, ...minutes);
    return longest > 0 ? longest * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Graph's error envelope as one of the four PlatformError kinds. */
export function graphFailure(status: number, body: GraphErrorEnvelope | undefined, headers: Headers, what: string): PlatformError {
  const error = body?.error ?? {};
  const code = error.code;
  const detail = error.error_user_msg ?? error.message ?? `HTTP ${status}`;
  const base = { status, code: code === undefined ? `http_${status}` : `graph_${code}${error.error_subcode ? `_${error.error_subcode}` : ''}` };
  if (code === 190 || code === 102) {
    return new PlatformError('needs_reconnect', 'instagram', `Instagram no longer accepts this connection's access token (${error.message ?? 'invalid token'}).`, { ...base, code: 'token_expired' });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code < 300)) {
    return new PlatformError('needs_reconnect', 'instagram', `Instagram refused ${what}: a permission is missing (${detail}). Reconnect the account and grant every permission asked.`, { ...base, code: 'missing_permission' });
  }
  if (code === 9 && error.error_subcode === 2207042) {
    return new PlatformError('retryable', 'instagram', 'This Instagram account reached its daily publishing limit; the post will go out when the limit frees up.', { ...base, code: 'publishing_cap', retryAfterMs: DAILY_CAP_MS });
  }
  if ((code !== undefined && RATE_LIMIT_CODES.has(code)) || status === 429) {
    const retryAfterMs = retryDelayFromHeaders(headers) ?? regainAccessMs(headers) ?? DEFAULT_RATE_LIMIT_MS;
    return new PlatformError('retryable', 'instagram', `Instagram rate-limited ${what}; retrying in ${Math.round(retryAfterMs / 1000)} s.`, { ...base, code: 'rate_limited', retryAfterMs });
  }
  if (status >= 500 || error.is_transient || code === 1 || code === 2 || code === -1 || code === -2) {
    return new PlatformError('retryable', 'instagram', `Instagram had a temporary problem with ${what}: ${detail}`, { ...base, retryAfterMs: retryDelayFromHeaders(headers) });
  }
  return new PlatformError('permanent', 'instagram', `Instagram refused ${what}: ${detail}`, base);
}

export class GraphClient {
  constructor(
    private readonly settings: GraphSettings,
    private readonly accessToken?: string,
  ) {}

  withToken(accessToken: string): GraphClient {
    return new GraphClient(this.settings, accessToken);
  }

  get<T>(path: string, params: Params, what: string): Promise<T> {
    return this.call<T>('GET', path, params, { what, mutating: false });
  }

  /** `mutating` marks the calls that create a post, so a lost answer is reported as unconfirmed. */
  post<T>(path: string, params: Params, options: { what: string; mutating: boolean }): Promise<T> {
    return this.call<T>('POST', path, params, options);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, params: Params, options: { what: string; mutating: boolean }): Promise<T> {
    const url = new URL(`${this.settings.apiBaseUrl.replace(/\/$/, '')}/${this.settings.version}${path}`);
    const values = Object.fromEntries(
      Object.entries(params).filter((e): e is [string, string | number | boolean] => e[1] !== undefined).map(([k, v]) => [k, String(v)]),
    );
    if (method === 'GET') for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value);
    const answer = await sendRequest<T & GraphErrorEnvelope>(
      'instagram',
      {
        method,
        url: url.toString(),
        headers: this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {},
        form: method === 'POST' ? values : undefined,
        mutating: options.mutating,
        what: options.what,
        timeoutMs: this.settings.timeoutMs,
      },
      (status, headers, body) => graphFailure(status, body as GraphErrorEnvelope | undefined, headers, options.what),
    );
    if (answer.body?.error) throw graphFailure(answer.status, answer.body, answer.headers, options.what);
    return answer.body;
  }
}
