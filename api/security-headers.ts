import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { AiConfig } from '../config/ai.js';
import { isLoopbackHost } from '../config/env.js';

/**
 * The web app is built by Vite into same-origin script and style files, so it needs nothing from
 * elsewhere and no inline code; nobody may frame it. One exception: react-aria inserts a single
 * <style> element (touch-action for pressable elements), allowed by a nonce fresh on every answer.
 * No CORS headers are ever sent, so browsers let only Herald's own origin read the API.
 */
const contentSecurityPolicy = (nonce: string, mediaOrigins: string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    // Uploaded and generated media are shown from the media store, which may be another origin (S3).
    ["img-src 'self' data:", ...mediaOrigins].join(' '),
    ["media-src 'self'", ...mediaOrigins].join(' '),
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The origins media URLs point at: the local store's public URL, or the S3 bucket's (public base, endpoint, or AWS). */
export function mediaOrigins(media: AiConfig['media'] | undefined): string[] {
  if (!media) return [];
  const { s3 } = media;
  if (!s3) return [new URL(media.publicUrl).origin];
  if (s3.publicBaseUrl) return [new URL(s3.publicBaseUrl).origin];
  if (!s3.endpoint) return [`https://${s3.bucket}.s3.${s3.region}.amazonaws.com`, `https://s3.${s3.region}.amazonaws.com`];
  const endpoint = new URL(s3.endpoint);
  return s3.forcePathStyle ? [endpoint.origin] : [`${endpoint.protocol}//${s3.bucket}.${endpoint.host}`];
}

export function securityHeaders(apiUrl: string, media: string[] = []): RequestHandler {
  const url = new URL(apiUrl);
  // HSTS only where Herald is served over https on a real host; on localhost it would pin the browser.
  const hsts = url.protocol === 'https:' && !isLoopbackHost(url.hostname);
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    res.set({
      'content-security-policy': contentSecurityPolicy(nonce, media),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    if (hsts) res.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

const CALLER_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** For pino-http: a caller's (proxy's) X-Request-Id when it is safe to log, else a fresh one; echoed in the answer. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}
