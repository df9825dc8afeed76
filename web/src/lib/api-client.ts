/**
 * The one way the web app talks to Herald's API: same origin, the session cookie, and the
 * session's CSRF token on every change (the API refuses a change without it).
 */
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** An answer other than 2xx, carrying the API's own `{error:{code,message}}` words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function errorOf(res: Response): Promise<ApiError> {
  // Most refusals are `{error:{message}}`; a few answer an outcome with its own `message` (a support replay's 409).
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string }; message?: string } | undefined;
  const retry = res.headers.get('retry-after');
  const message = body?.error?.message ?? body?.message ?? `Herald answered HTTP ${res.status}${retry ? `; try again in ${retry} s` : ''}.`;
  return new ApiError(res.status, body?.error?.code ?? 'http_error', message);
}

export async function api<T>(path: string, init: { method?: string; json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (CHANGES.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach Herald: check your connection and try again.');
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * Sends a file as the raw request body (application/octet-stream), reporting the share sent so
 * far (0..1): fetch cannot tell upload progress, XMLHttpRequest can.
 */
export function upload<T>(path: string, file: Blob, onProgress: (sent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'retry-after': xhr.getResponseHeader('retry-after') ?? '' } });
      if (res.ok) resolve(res.json() as Promise<T>);
      else errorOf(res).then(reject, reject);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Cannot reach Herald: check your connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** Words to show for any failure thrown by a query or mutation. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/*
 * Types of every route, generated from the API's OpenAPI document (`npm run gen:api-types`).
 * Name a route by its documented path and method; a changed route then fails the typecheck here,
 * not in a user's browser:
 *   api<Ok<'/api/v1/orgs/{orgId}/billing', 'get'>>(`/orgs/${orgId}/billing`)
 */
import type { paths } from './api-types.gen.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
/** The documented success body of `method path` (its 200, 201 or 202 answer). */
export type Ok<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer A } ? JsonOf<A> : R extends { 202: infer A } ? JsonOf<A> : undefined
  : never;
/** The documented JSON request body of `method path`. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The documented query parameters of `method path`. */
export type Query<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
