import type { Platform } from '../../core/platforms.js';
import { errorForStatus, transportError } from './errors.js';
import { openMedia } from './transport.js';
import type { PlatformError } from './types.js';

/**
 * One HTTP call to a platform with a timeout, the answer parsed, and every failure turned into a
 * PlatformError. Adapters that do not use an SDK (LinkedIn, Facebook, ...) go through here.
 */

export interface PlatformRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer>;
  /** The call creates something: losing its answer makes the outcome unconfirmed. */
  mutating?: boolean;
  /** For messages: "the post", "the image upload". */
  what: string;
  timeoutMs: number;
}

export interface PlatformResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Reads a platform's error body; returns undefined to fall back to the shared status mapping. */
export type ErrorReader = (status: number, headers: Headers, body: unknown) => PlatformError | undefined;

function encodeBody(req: PlatformRequest): { body?: BodyInit; contentType?: string } {
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: 'application/json' };
  if (req.form) return { body: new URLSearchParams(req.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  if (req.body) return { body: req.body, contentType: 'application/octet-stream' };
  return {};
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200) || 'no details';
  const b = body as { message?: unknown; error?: { message?: unknown } | string; detail?: unknown } | undefined;
  const message = b?.message ?? (typeof b?.error === 'object' ? b.error.message : b?.error) ?? b?.detail;
  return typeof message === 'string' ? message : 'no details';
}

export async function sendRequest<T>(platform: Platform, req: PlatformRequest, readError?: ErrorReader): Promise<PlatformResponse<T>> {
  const encoded = encodeBody(req);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (encoded.contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = encoded.contentType;
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, { method: req.method, headers, body: encoded.body, signal: AbortSignal.timeout(req.timeoutMs) });
    text = await res.text();
  } catch (err) {
    throw transportError(platform, err, req.mutating ?? false, req.what);
  }
  const body = parse(text);
  if (res.ok) return { status: res.status, headers: res.headers, body: body as T };
  throw readError?.(res.status, res.headers, body) ?? errorForStatus(platform, res.status, res.headers, describe(body));
}

/** The whole media file in memory, for uploads that need it at once (X's SDK, LinkedIn images). */
export async function downloadMedia(platform: Platform, url: string, timeoutMs: number): Promise<Uint8Array<ArrayBuffer>> {
  const media = await openMedia(platform, url, timeoutMs);
  const parts: Buffer[] = [];
  for await (const part of media.chunks(1024 * 1024)) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}
