import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/errors.js';

/** The one error shape every endpoint answers with: `{ error: { code, message, details? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}. See README for the API.`));
};

/**
 * Parses and validates a request part, or answers 422 naming each field to fix; unknown fields
 * (schemas are strict) are named one by one, so a typo is not silently dropped.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  // Postgres cannot store a NUL character in text: refuse it here rather than fail at the insert.
  const withNul = fieldsWithNul(value);
  if (withNul.length > 0) {
    const details = withNul.map((field) => ({ field: field || where, problem: 'must not contain the NUL character (\\u0000)' }));
    throw new HttpError(422, 'invalid_request', `Invalid ${where}: ${details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`, details);
  }
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...at, key].join('.'), problem: 'unknown field' }));
    }
    return [{ field: at.join('.') || where, problem: issue.message }];
  });
  const summary = details.map((d) => `${d.field}: ${d.problem}`).join('; ');
  throw new HttpError(422, 'invalid_request', `Invalid ${where}: ${summary}`, details);
}

/** The paths (a.b.0) of strings in `value` that hold a NUL character; bodies are small (api/body-limits.ts). */
function fieldsWithNul(value: unknown, at: string[] = []): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [at.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldsWithNul(item, [...at, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => fieldsWithNul(item, [...at, key]));
  return [];
}

const DATABASE_RETRY_AFTER_SECONDS = 15;
const DATABASE_UNAVAILABLE_MESSAGE = "Herald cannot reach its database right now (it may be restarting); try again in a few seconds.";

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.status === 429 && typeof retry === 'number') res.set('Retry-After', String(retry));
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  // body-parser errors carry a status and a type
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status === 400 && err?.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'malformed_json', message: 'The request body is not valid JSON.' } });
    return;
  }
  if (status === 413) {
    const { limit, length } = err as { limit?: number; length?: number };
    const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} kB`;
    const message = limit ? `The request body${length ? ` (${kb(length)})` : ''} is larger than the ${kb(limit)} ${req.method} ${req.path} takes; send less.` : 'The request body is too large.';
    res.status(413).json({ error: { code: 'payload_too_large', message, details: limit ? { limitBytes: limit, ...(length && { lengthBytes: length }) } : undefined } });
    return;
  }
  if (status === 404) {
    res.status(404).json({ error: { code: 'not_found', message: `Nothing at ${req.path}.` } });
    return;
  }
  if (status >= 400 && status < 500) {
    res.status(status).json({ error: { code: 'bad_request', message: 'The request could not be served as sent.' } });
    return;
  }
  if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(503).json({ error: { code: 'database_unavailable', message: DATABASE_UNAVAILABLE_MESSAGE, details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } } });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } });
};
