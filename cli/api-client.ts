/** The CLI talks to Herald through the same HTTP API as the web app, never around it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  baseUrl: string;
  /** The same client sending another token. */
  withToken(token: string): ApiClient;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export function apiClient(baseUrl: string, token?: string): ApiClient {
  return {
    baseUrl,
    withToken: (other: string) => apiClient(baseUrl, other),
    async request<T>(method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(new URL(path, baseUrl), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        throw new CliError(`Cannot reach Herald at ${baseUrl} (${(err as Error).message}). Is it running? Set HERALD_API_URL or --api.`, 2);
      }
      const text = await res.text();
      const parsed = text ? safeJson(text) : undefined;
      return { status: res.status, body: parsed as T };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

/** Turns the API's `{error: {code, message}}` into a CLI error with the same words. */
export function failOnError(status: number, body: unknown): void {
  if (status < 400) return;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new CliError(error?.message ? `${error.message} (${error.code}, HTTP ${status})` : `HTTP ${status}`, 1, body);
}
