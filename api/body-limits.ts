import express, { type RequestHandler } from 'express';

/**
 * JSON bodies are parsed with the limit of the route they are sent to: every JSON body Herald
 * takes is small, so the default is small, and a route that needs more says so in its OPERATIONS
 * entry (`bodyLimit`). A route that takes files (a media upload) parses its own body with its own
 * limit in its router and declares that limit as its `bodyLimit` too, so the document shows it.
 */
export const DEFAULT_JSON_LIMIT = '16kb';

interface LimitedRoute {
  method: string;
  /** OpenAPI form: /api/v1/orgs/{orgId}/posts/{postId}. */
  path: string;
  bodyLimit?: string;
  /** Takes a file and parses it itself: its bodyLimit is the file's, never a JSON body's. */
  upload?: boolean;
}

/** One "METHOD /path" pattern per route: each {param} is one segment, so matching cannot backtrack. */
function matcher(route: LimitedRoute): RegExp {
  const segments = route.path.split('/').map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${route.method.toUpperCase()} ${segments.join('/')}/?$`);
}

export function jsonBodies(routes: LimitedRoute[]): RequestHandler {
  const parsers = new Map<string, RequestHandler>();
  const parserFor = (limit: string) => {
    if (!parsers.has(limit)) parsers.set(limit, express.json({ limit }));
    return parsers.get(limit)!;
  };
  const larger = routes.filter((r) => r.bodyLimit && !r.upload).map((r) => ({ pattern: matcher(r), parse: parserFor(r.bodyLimit!) }));
  const small = parserFor(DEFAULT_JSON_LIMIT);
  return (req, res, next) => {
    const key = `${req.method} ${req.path}`;
    (larger.find((r) => r.pattern.test(key))?.parse ?? small)(req, res, next);
  };
}
