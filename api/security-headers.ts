import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { isLoopbackHost } from '../config/env.js';

/**
 * The web app is built by Vite into same-origin script and style files, so it needs nothing from
 * elsewhere and no inline code; nobody may frame it. No CORS headers are ever sent, so browsers
 * let only Herald's own origin read the API.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(apiUrl: string): RequestHandler {
  const url = new URL(apiUrl);
  // HSTS only where Herald is served over https on a real host; on localhost it would pin the browser.
  const hsts = url.protocol === 'https:' && !isLoopbackHost(url.hostname);
  return (_req, res, next) => {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
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
