import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, operationKey } from '../../api/openapi.js';
import { startStack, type TestStack } from '../support/stack.js';

/**
 * The OpenAPI document against the app itself: every route Express has mounted is in the
 * document and every route in the document is mounted, so a route added without its entry (or
 * removed without taking it out) fails here. Dev routes are on in tests, so they are walked too.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every "METHOD /path" the app answers, in OpenAPI's path form. */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (layers: Layer[], prefix: string) => {
    for (const layer of layers) {
      const own = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const path = `${prefix}${layer.route.path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1').replace(/:(\w+)/g, '{$1}');
          found.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + own);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found.sort();
}

describe('the OpenAPI document', () => {
  it('has every mounted route, and only mounted ones', () => {
    const mounted = mountedRoutes(stack.app);
    const documented = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    expect(mounted.length).toBeGreaterThan(60);
    expect({ missingFromTheDocument: mounted.filter((r) => !documented.includes(r)) }).toEqual({ missingFromTheDocument: [] });
    expect({ documentedButNotMounted: documented.filter((r) => !mounted.includes(r)) }).toEqual({ documentedButNotMounted: [] });
  });

  it('names each operation once (a second entry would silently replace the first in the document)', () => {
    const keys = OPERATIONS.map(operationKey);
    expect({ listedTwice: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ listedTwice: [] });
  });

  it('is served at /api/v1/openapi.json as OpenAPI 3.1, each operation with its errors', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    const approve = doc.paths['/api/v1/orgs/{orgId}/posts/{postId}/approve']!.post!;
    expect(Object.keys(approve.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '409', '422']));
    expect(doc.paths['/api/v1/auth/signup']!.post!.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { email: expect.anything(), timeZone: expect.anything() } } } },
    });
  });

  it('says every request body refuses unknown fields, as the API does', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>> };
    type Schema = { type?: string; additionalProperties?: unknown; oneOf?: Schema[]; anyOf?: Schema[] };
    const open: string[] = [];
    const strict = (s: Schema): boolean => (s.oneOf ?? s.anyOf ? (s.oneOf ?? s.anyOf)!.every(strict) : s.type !== 'object' || s.additionalProperties === false);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (schema && !strict(schema)) open.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('bounds every string and array a request body or query takes (a length, a list of values, a pattern or a format)', async () => {
    type Schema = { type?: string; maxLength?: number; maxItems?: number; enum?: unknown[]; const?: unknown; pattern?: string; format?: string; items?: Schema; properties?: Record<string, Schema>; additionalProperties?: unknown; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[] };
    type Op = { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } };
    const doc = (await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Op>> };
    const unbounded: string[] = [];
    const walk = (s: Schema | undefined, where: string): void => {
      if (!s) return;
      for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) walk(branch, where);
      if (s.type === 'string' && s.maxLength === undefined && !s.enum && s.const === undefined && !s.pattern && !s.format) unbounded.push(where);
      if (s.type === 'array') {
        if (s.maxItems === undefined) unbounded.push(where);
        walk(s.items, `${where}.0`);
      }
      for (const [name, property] of Object.entries(s.properties ?? {})) walk(property, `${where}.${name}`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties as Schema, `${where}.*`);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        walk(op.requestBody?.content['application/json']?.schema, `${method.toUpperCase()} ${path} body`);
        for (const p of op.parameters ?? []) if (p.in === 'query') walk(p.schema, `${method.toUpperCase()} ${path} ?${p.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('has a readable reference page, served by Herald with no script', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain('<script');
    for (const op of OPERATIONS) expect(html).toContain(op.path.replace(/'/g, '&#39;'));
  });
});
