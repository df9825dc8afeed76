import { errorForStatus, rateLimited, retryDelayFromHeaders, tokenRejected } from '../errors.js';
import { sendRequest, type PlatformRequest, type PlatformResponse } from '../http.js';
import { PlatformError, type AdapterConfig } from '../types.js';

/**
 * LinkedIn's versioned REST API (`/rest/...`): every call carries LinkedIn-Version and the Rest.li
 * 2.0 protocol header; errors come as `{status, serviceErrorCode, code, message}`.
 */

export const DEFAULT_LINKEDIN_VERSION = '202510';

interface LinkedInErrorBody {
  status?: number;
  serviceErrorCode?: number;
  code?: string;
  message?: string;
  error?: string;
  error_description?: string;
}

const DAY_MS = 86_400_000;

/** LinkedIn's limits are per day and reset at midnight UTC. */
export const msUntilMidnightUtc = (nowMs: number) => DAY_MS - (nowMs % DAY_MS);

export function readLinkedInError(status: number, headers: Headers, raw: unknown, nowMs = Date.now()): PlatformError {
  const body = (raw && typeof raw === 'object' ? raw : {}) as LinkedInErrorBody;
  const message = body.message ?? body.error_description ?? (typeof raw === 'string' && raw ? raw : `HTTP ${status}`);
  const code = body.code ?? body.error ?? (body.serviceErrorCode ? String(body.serviceErrorCode) : undefined);
  // A 429 carries no retry header: the daily limit frees up at midnight UTC.
  if (status === 429) return rateLimited('linkedin', retryDelayFromHeaders(headers) ?? msUntilMidnightUtc(nowMs), message, code);
  if (status === 401 || body.error === 'invalid_grant') return tokenRejected('linkedin', message, status, code);
  if (status === 422 && /duplicate/i.test(message)) {
    return new PlatformError('permanent', 'linkedin', `LinkedIn refused the post as a duplicate of one already published (${message}).`, { status, code });
  }
  return errorForStatus('linkedin', status, headers, message, code);
}

export interface LinkedInApi {
  rest<T>(req: Omit<PlatformRequest, 'url' | 'timeoutMs'> & { path: string; token: string }): Promise<PlatformResponse<T>>;
  /** Uploads bytes to an upload URL LinkedIn handed out (a different host in production). */
  upload(url: string, token: string, bytes: Uint8Array<ArrayBuffer>, what: string): Promise<PlatformResponse<unknown>>;
  oauth<T>(form: Record<string, string>, what: string): Promise<T>;
}

export function linkedInApi(config: AdapterConfig): LinkedInApi {
  const api = config.apiBaseUrl.replace(/\/$/, '');
  const auth = config.authBaseUrl.replace(/\/$/, '');
  const timeoutMs = config.timeoutMs ?? 30_000;
  const version = config.options?.linkedinVersion ?? DEFAULT_LINKEDIN_VERSION;
  return {
    rest({ path, token, headers, ...req }) {
      return sendRequest(
        'linkedin',
        {
          ...req,
          url: `${api}${path}`,
          timeoutMs,
          headers: { authorization: `Bearer ${token}`, 'linkedin-version': version, 'x-restli-protocol-version': '2.0.0', ...headers },
        },
        readLinkedInError,
      );
    },
    upload(url, token, bytes, what) {
      return sendRequest('linkedin', { method: 'PUT', url, body: bytes, what, timeoutMs, headers: { authorization: `Bearer ${token}` } }, readLinkedInError);
    },
    async oauth<T>(form: Record<string, string>, what: string) {
      const res = await sendRequest<T>(
        'linkedin',
        { method: 'POST', url: `${auth}/oauth/v2/accessToken`, form: { ...form, client_id: config.clientId, client_secret: config.clientSecret }, what, timeoutMs },
        readLinkedInError,
      );
      return res.body;
    },
  };
}

/** Rest.li keys in a path: URNs are URL-encoded. */
export const urnPath = (urn: string) => encodeURIComponent(urn);

/**
 * LinkedIn's "little text format" treats these characters as markup; unescaped, they truncate or
 * garble the post. Hashtags (#) stay as they are so LinkedIn links them.
 */
export function escapeCommentary(text: string): string {
  return text.replace(/[\\|{}@[\]()<>*_~]/g, (c) => `\\${c}`);
}

export function unescapeCommentary(text: string): string {
  return text.replace(/\\([\\|{}@[\]()<>*_~#])/g, '$1');
}
