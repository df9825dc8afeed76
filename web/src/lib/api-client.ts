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
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  const retry = res.headers.get('retry-after');
  const message = body?.error?.message ?? `Herald answered HTTP ${res.status}${retry ? `; try again in ${retry} s` : ''}.`;
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

/** Words to show for any failure thrown by a query or mutation. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong.';
}
