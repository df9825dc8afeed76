import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { testDatabaseUrl } from '../support/database.js';
import { exited, spawnEntry, waitFor } from '../support/processes.js';

/**
 * Holes an anonymous caller could use against an API on the internet. The API runs as its own
 * process here, as in production, so a request that blocks its event loop cannot block the test.
 */
let api: { url: string; stop: () => Promise<void> } | undefined;
let baseUrl: string;
beforeAll(async () => {
  api = await apiProcess();
  baseUrl = api.url;
});
afterAll(() => api?.stop());

/** An API process of its own (dev routes off), configured as served at `apiUrl` when given (still reached here over http on 127.0.0.1). */
async function apiProcess(apiUrl?: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawnEntry('api/main.ts', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    HERALD_DEV_ROUTES: '',
    ...(apiUrl ? { HERALD_API_URL: apiUrl } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  try {
    await waitFor(async () => ((await fetch(`${url}/livez`)).ok ? true : undefined), 60_000, 'the API to listen');
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

describe('the web app fallback route', () => {
  it('answers a 5,000-segment path ending in a dot with 404 at once, and keeps answering others meanwhile', async () => {
    const path = `/${'a/'.repeat(5000)}x.`;
    const started = Date.now();
    const answer = (url: string) =>
      fetch(url, { signal: AbortSignal.timeout(5_000) }).then((res) => res.status, () => 'no answer within 5 s');
    const hostile = answer(`${baseUrl}${path}`);
    expect(await answer(`${baseUrl}/livez`)).toBe(200);
    expect(await hostile).toBe(404);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('still serves the app for client-side routes and 404s file-like paths', async () => {
    const route = await fetch(`${baseUrl}/posts/123/edit`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(`${baseUrl}/missing/file.js`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/v1/nothing-here`)).status).toBe(401);
  });
});

describe('dev routes', () => {
  it('are off unless HERALD_DEV_ROUTES=1: nobody can create a user through them', async () => {
    const res = await fetch(`${baseUrl}/api/v1/dev/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'mallory@example.test', name: 'Mallory' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('headers on every answer', () => {
  it('sends a CSP that allows only same-origin code and no framing, and the other security headers', async () => {
    for (const path of ['/', '/healthz', '/api/v1/me']) {
      const res = await fetch(`${baseUrl}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // http on localhost: no HSTS, which would pin the browser to https for this host.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it("gives the web app page a fresh style nonce on every answer, the one its CSP allows, and never the build's placeholder", async () => {
    const nonces = [];
    for (const path of ['/', '/calendar', '/index.html']) {
      const res = await fetch(`${baseUrl}${path}`);
      const page = await res.text();
      const nonce = (res.headers.get('content-security-policy') ?? '').match(/style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
      expect(nonce, `${path}: a style nonce in the CSP`).toBeTruthy();
      expect(page).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(page).not.toContain('HERALD_CSP_NONCE');
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(3);
  });

  it('pins browsers to https (HSTS) where Herald is served over https on a real host, on every answer', async () => {
    const served = await apiProcess('https://app.herald.example');
    try {
      for (const path of ['/', '/healthz', '/api/v1/me', '/api/v1/openapi.json']) {
        const res = await fetch(`${served.url}${path}`);
        expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      await served.stop();
    }
  });

  it('sends no HSTS for https on localhost either (a developer\'s own certificate must not pin localhost)', async () => {
    const served = await apiProcess('https://localhost:8443');
    try {
      expect((await fetch(`${served.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await served.stop();
    }
  });

  it('lets no other origin read the API: no CORS headers, even for a preflight', async () => {
    const preflight = await fetch(`${baseUrl}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${baseUrl}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives every answer a request id, keeping a safe one the caller sent', async () => {
    const fresh = (await fetch(`${baseUrl}/livez`)).headers.get('x-request-id');
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${baseUrl}/livez`, { headers: { 'x-request-id': 'edge-42' } })).headers.get('x-request-id')).toBe('edge-42');
    const unsafe = (await fetch(`${baseUrl}/livez`, { headers: { 'x-request-id': 'bad id\twith tab' } })).headers.get('x-request-id');
    expect(unsafe).toMatch(/^[0-9a-f-]{36}$/);
    // Refusals too: no credentials, no such route, a body over the limit, the web app's 404.
    const refusals = [
      await fetch(`${baseUrl}/api/v1/me`),
      await fetch(`${baseUrl}/api/v1/nothing-here`),
      await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'a'.repeat(20_000) }) }),
      await fetch(`${baseUrl}/missing/file.js`),
    ];
    expect(refusals.map((res) => res.status)).toEqual([401, 401, 413, 404]);
    for (const res of refusals) expect(res.headers.get('x-request-id'), res.url).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    const res = await fetch(`${baseUrl}/api/v1/me`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'a'.repeat(1_100_000) }) });
    expect(res.status).toBe(413);
  });
});
