import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOnEmulator, ConnectError, connectSandbox, finishConnect, startConnect } from '../../../activities/platforms/connect.js';
import { platformHarness, type PlatformHarness } from '../../support/platforms.js';

/**
 * With credentials configured, a platform uses its real endpoints. Here the "real" endpoints are
 * the emulator's, set through X_API_BASE_URL / X_AUTH_BASE_URL, so the real-credential path runs.
 */
let h: PlatformHarness;
beforeAll(async () => {
  h = await platformHarness((url) => ({
    X_CLIENT_ID: 'real-x-client',
    X_CLIENT_SECRET: 'real-x-secret',
    X_API_BASE_URL: `${url}/x`,
    X_AUTH_BASE_URL: `${url}/x`,
  }));
});
afterAll(() => h?.close());

const redirectUri = 'https://herald.example.com/api/v1/oauth/x/callback';

describe('a platform with real credentials', () => {
  it('runs in real mode while the others stay in sandbox mode', () => {
    expect(h.platforms.registry.mode('x')).toBe('real');
    expect(h.platforms.registry.mode('linkedin')).toBe('sandbox');
  });

  it('sends the user to the configured authorize endpoint with our client id, the exact scopes and PKCE', async () => {
    const started = await startConnect({ db: h.database.db, platforms: h.platforms }, { orgId: h.orgId, userId: h.userId, platform: 'x', redirectUri, starter: { finishIn: 'browser', browserNonce: 'nonce-of-the-starting-browser' } });
    const url = new URL(started.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.emulator.url}/x/i/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe('real-x-client');
    expect(url.searchParams.get('scope')).toBe('tweet.read tweet.write users.read offline.access media.write');
    expect(url.searchParams.get('code_challenge_method')?.toLowerCase()).toBe('s256');
    expect(started.sandbox).toBe(false);
  });

  it('connects an account that is not labelled sandbox, and publishes through the configured API', async () => {
    const deps = { db: h.database.db, platforms: h.platforms };
    const started = await startConnect(deps, { orgId: h.orgId, userId: h.userId, platform: 'x', redirectUri, starter: { finishIn: 'browser', browserNonce: 'nonce-of-the-starting-browser' } });
    const approved = await approveOnEmulator('x', started.authorizationUrl, 'real-user');
    const account = await finishConnect(deps, { platform: 'x', ...approved, finisher: { finishIn: 'browser', browserNonce: 'nonce-of-the-starting-browser' } });
    expect(account).toMatchObject({ sandbox: false, externalId: 'real-user', status: 'connected' });
    const post = await h.platforms.sessions.run(account.id, (s, a) => a.publish(s, { text: 'Real path', hashtags: [], media: [] }, { idempotencyKey: 'real:1' }));
    expect((await h.posts('x')).map((p) => p.id)).toContain(post.platformPostId);
  });

  it('refuses the sandbox shortcut for it', async () => {
    const err = await connectSandbox({ db: h.database.db, platforms: h.platforms }, { orgId: h.orgId, userId: h.userId, platform: 'x', redirectUri }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe('not_sandbox');
  });
});
