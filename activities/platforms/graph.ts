import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { retryDelayFromHeaders } from './errors.js';
import { sendRequest } from './http.js';
import { rateLimitFromHeaders } from './rate-limits.js';
import { PlatformError, type AdapterConfig, type RateLimitBudget } from './types.js';

/**
 * Meta's Graph API, as Facebook Pages (and Instagram) speak it: versioned paths, the token in the
 * Authorization header (never in a URL, where it would reach logs), form-encoded writes, and the
 * `{error: {message, type, code, error_subcode, fbtrace_id}}` envelope mapped to the four kinds.
 */

export type GraphPlatform = 'facebook' | 'instagram';

interface GraphErrorEnvelope {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; is_transient?: boolean; error_user_msg?: string };
}

type Params = Record<string, string | number | boolean | undefined>;

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002]);
const DEFAULT_RATE_LIMIT_MS = 60_000;

/** X-Business-Use-Case-Usage says, per business object, how many minutes until access returns. */
export function regainAccessMs(headers: Headers): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const usage = JSON.parse(raw) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const longest = Math.max(0, ...Object.values(usage).flat().map((u) => u.estimated_time_to_regain_access ?? 0));
    return longest > 0 ? longest * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

export function graphFailure(platform: GraphPlatform, status: number, body: GraphErrorEnvelope | undefined, headers: Headers, what: string): PlatformError {
  const label = PLATFORM_LIMITS[platform].label;
  const error = body?.error ?? {};
  const code = error.code;
  const detail = error.error_user_msg ?? error.message ?? `HTTP ${status}`;
  const codeName = code === undefined ? `http_${status}` : `graph_${code}${error.error_subcode ? `_${error.error_subcode}` : ''}`;
  // 190: the token is invalid; the session helper refreshes once before marking the account.
  if (code === 190 || code === 102) {
    return new PlatformError('needs_reconnect', platform, `${label} no longer accepts this account's access token (${error.message ?? 'invalid token'}); reconnect the account.`, { status, code: codeName });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code < 300)) {
    return new PlatformError('needs_reconnect', platform, `${label} refused ${what}: a permission is missing (${detail}). Reconnect the account and grant every permission asked.`, { status, code: codeName });
  }
  if ((code !== undefined && RATE_LIMIT_CODES.has(code)) || status === 429) {
    const retryAfterMs = retryDelayFromHeaders(headers) ?? regainAccessMs(headers) ?? DEFAULT_RATE_LIMIT_MS;
    return new PlatformError('retryable', platform, `${label} rate-limited ${what}; retrying in ${Math.round(retryAfterMs / 1000)} s.`, { status, code: codeName, retryAfterMs });
  }
  if (status >= 500 || error.is_transient || code === 1 || code === 2) {
    return new PlatformError('retryable', platform, `${label} had a temporary problem with ${what}: ${detail}`, { status, code: codeName, retryAfterMs: retryDelayFromHeaders(headers) });
  }
  if (code === 506) return new PlatformError('permanent', platform, `${label} refused ${what} as a duplicate of a post already on the Page.`, { status, code: codeName });
  if (code === 368) return new PlatformError('permanent', platform, `${label} blocked ${what} as against its policies: ${detail}`, { status, code: codeName });
  return new PlatformError('permanent', platform, `${label} refused ${what}: ${detail}`, { status, code: codeName });
}

const LOGIN_CONFIG_VARIABLE: Record<GraphPlatform, string> = { facebook: 'FACEBOOK_LOGIN_CONFIG_ID', instagram: 'INSTAGRAM_LOGIN_CONFIG_ID' };

/**
 * The Facebook Login for Business dialog: the saved configuration (`config_id`) decides the
 * permissions and assets; without it Meta shows "It looks like this app isn't available".
 * https://developers.facebook.com/docs/facebook-login/facebook-login-for-business
 */
export function loginForBusinessUrl(platform: GraphPlatform, config: AdapterConfig, version: string, input: { redirectUri: string; state: string }): string {
  const configId = config.options?.loginConfigId;
  if (!configId) {
    throw new PlatformError('permanent', platform, `${PLATFORM_LIMITS[platform].label} cannot be connected: set ${LOGIN_CONFIG_VARIABLE[platform]} to the id of the app's Facebook Login for Business configuration.`, { code: 'missing_login_config' });
  }
  const url = new URL(`${config.authBaseUrl.replace(/\/$/, '')}/${version}/dialog/oauth`);
  url.search = new URLSearchParams({ client_id: config.clientId, redirect_uri: input.redirectUri, state: input.state, response_type: 'code', config_id: configId }).toString();
  return url.toString();
}

export interface GraphSettings {
  apiBaseUrl: string;
  version: string;
  timeoutMs: number;
}

/** Today's value of a period=day insight (Graph lists one value per day, oldest first). */
export function latestDailyValue(answer: { data?: { values?: { value?: number }[] }[] }): number | undefined {
  const values = answer.data?.[0]?.values ?? [];
  return values[values.length - 1]?.value;
}

export class GraphApi {
  /** Meta's usage headers from this client's latest answer: how much of the call budget is left. */
  lastRateLimit: RateLimitBudget | undefined;

  constructor(
    private readonly platform: GraphPlatform,
    private readonly settings: GraphSettings,
    private readonly accessToken?: string,
  ) {}

  withToken(accessToken: string): GraphApi {
    return new GraphApi(this.platform, this.settings, accessToken);
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
    const read = (status: number, headers: Headers, body: unknown) => graphFailure(this.platform, status, body as GraphErrorEnvelope, headers, options.what);
    const answer = await sendRequest<T & GraphErrorEnvelope>(
      this.platform,
      {
        method,
        url: url.toString(),
        headers: this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {},
        form: method === 'POST' ? values : undefined,
        mutating: options.mutating,
        what: options.what,
        timeoutMs: this.settings.timeoutMs,
      },
      read,
    );
    if (answer.body?.error) throw read(answer.status, answer.headers, answer.body);
    this.lastRateLimit = rateLimitFromHeaders(answer.headers) ?? this.lastRateLimit;
    return answer.body;
  }
}
