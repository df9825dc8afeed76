import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstagramAdapter } from '../../../activities/platforms/instagram/adapter.js';
import { PlatformError, type AccountSession, type AdapterConfig, type PublishContent, type PublishProgress } from '../../../activities/platforms/types.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../../emulators/platforms/server.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { approveConsent } from '../../support/sandbox-consent.js';

const REDIRECT = 'https://herald.test/oauth/instagram/callback';
let emulator: PlatformEmulator;
let media: MediaServer;
let adapter: InstagramAdapter;

beforeAll(async () => {
  [emulator, media] = await Promise.all([startPlatformEmulator(), startMediaServer()]);
  adapter = new InstagramAdapter(config());
});

function config(): AdapterConfig {
  return {
    apiBaseUrl: `${emulator.url}/instagram`,
    authBaseUrl: `${emulator.url}/instagram`,
    clientId: 'ig-app',
    clientSecret: 'ig-secret',
    timeoutMs: 5_000,
    options: { pollIntervalMs: '40', maxProcessingMs: '30000', loginConfigId: 'ig-login-config' },
  };
}
afterAll(async () => Promise.all([emulator?.close(), media?.close()]));
beforeEach(async () => {
  emulator.state.reset();
  await limits({ quotaTotal: 100, processingMs: 150 });
});

async function limits(body: { quotaTotal?: number; processingMs?: number; publishErrorsAfterAccept?: number }) {
  await fetch(`${emulator.url}/instagram/_emulator/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function connect(account?: string): Promise<AccountSession> {
  const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
  const { code } = await approveConsent(request.url, { account });
  const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT });
  return { accountId: 'acc-1', platform: 'instagram', externalId: identity.externalId, tokens };
}

const image = (name = 'photo') => ({ kind: 'image' as const, url: `${media.url}/${name}.jpg`, mimeType: 'image/jpeg', width: 1080, height: 1350 });
const video = () => ({ kind: 'video' as const, url: `${media.url}/reel.mp4`, mimeType: 'video/mp4', width: 1080, height: 1920, durationSeconds: 12 });
const post = (over: Partial<PublishContent> = {}): PublishContent => ({ text: 'Fresh bread at dawn', hashtags: ['bakery'], media: [image()], ...over });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('Instagram connect and tokens', () => {
  it('connects through the consent page and returns a 60-day token and the professional account', async () => {
    const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
    const url = new URL(request.url);
    expect(url.searchParams.get('config_id')).toBe('ig-login-config');
    expect(url.searchParams.has('scope')).toBe(false);
    const { code, state, page } = await approveConsent(request.url, { account: '17841400000000042' });
    expect(page).toContain('Sandbox');
    expect(state).toBe(request.state);
    const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT });
    expect(identity).toMatchObject({ externalId: '17841400000000042', displayName: '@17841400000000042' });
    const days = (tokens.accessTokenExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
  });

  it('a dialog without config_id shows Meta\'s "app isn\'t available" page and issues no code', async () => {
    const url = new URL(adapter.authorizationUrl({ redirectUri: REDIRECT }).url);
    url.searchParams.delete('config_id');
    url.searchParams.set('scope', 'instagram_basic,instagram_content_publish');
    url.searchParams.set('approve', '1');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).not.toBe(302);
    expect(await res.text()).toContain("It looks like this app isn't available");
  });

  it('without INSTAGRAM_LOGIN_CONFIG_ID the adapter refuses to start connecting, naming the variable', async () => {
    const bare = new InstagramAdapter({ ...config(), options: { graphVersion: 'v23.0' } });
    const err = await failure(Promise.resolve().then(() => bare.authorizationUrl({ redirectUri: REDIRECT })));
    expect(err.message).toContain('INSTAGRAM_LOGIN_CONFIG_ID');
  });

  it('refuses a code redeemed twice', async () => {
    const { code } = await approveConsent(adapter.authorizationUrl({ redirectUri: REDIRECT }).url);
    await adapter.exchangeCode({ code, redirectUri: REDIRECT });
    const err = await failure(adapter.exchangeCode({ code, redirectUri: REDIRECT }));
    expect(err.kind).toBe('permanent');
  });

  it('refresh exchanges the token for a new working one and keeps the stored refresh token', async () => {
    const session = await connect();
    const fresh = await adapter.refresh({ ...session.tokens, refreshToken: 'kept-as-is' });
    expect(fresh.accessToken).not.toBe(session.tokens.accessToken);
    expect(fresh.refreshToken).toBe('kept-as-is');
    const published = await adapter.publish({ ...session, tokens: fresh }, post(), { idempotencyKey: 't1:1' });
    expect(published.platformPostId).toMatch(/^\d+$/);
  });

  it('refresh after the user removed the app fails with refresh_failed', async () => {
    const session = await connect();
    await fetch(`${emulator.url}/instagram/v23.0/me/permissions`, { method: 'DELETE', headers: { authorization: `Bearer ${session.tokens.accessToken}` } });
    const err = await failure(adapter.refresh(session.tokens));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'refresh_failed' } });
  });

  it('an access token past its 60 days is reported as token_expired', async () => {
    const session = await connect();
    emulator.state.clockOffsetMs += 61 * 86_400_000;
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
  });
});

describe('Instagram publishing', () => {
  it('publishes an image and reports the media id before returning it', async () => {
    const session = await connect();
    const progress: PublishProgress[] = [];
    const published = await adapter.publish(session, post(), { idempotencyKey: 't1:1', onProgress: (p) => void progress.push(p) });
    const reported = progress.find((p) => p.platformPostId);
    expect(reported?.platformPostId).toBe(published.platformPostId);
    expect(published.url).toMatch(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/);
    const accepted = emulator.state.postsOn('instagram');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ id: published.platformPostId, text: 'Fresh bread at dawn\n\n#bakery', mediaCount: 1 });
    expect(media.requests).toContain('/photo.jpg');
  });

  it('publishes a reel after polling the container from IN_PROGRESS to FINISHED', async () => {
    const session = await connect();
    const progress: PublishProgress[] = [];
    const published = await adapter.publish(session, post({ media: [video()] }), { idempotencyKey: 't2:1', onProgress: (p) => void progress.push(p) });
    const statuses = progress.filter((p) => p.step === 'processing').map((p) => p.detail?.status);
    expect(statuses[0]).toBe('IN_PROGRESS');
    expect(statuses.at(-1)).toBe('FINISHED');
    expect(emulator.state.postsOn('instagram')[0]).toMatchObject({ id: published.platformPostId, extra: { mediaType: 'VIDEO' } });
  });

  it('publishes a carousel of two images and a video as one post', async () => {
    const session = await connect();
    const published = await adapter.publish(session, post({ media: [image('a'), image('b'), video()] }), { idempotencyKey: 't3:1' });
    const accepted = emulator.state.postsOn('instagram');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ id: published.platformPostId, mediaCount: 3, extra: { mediaType: 'CAROUSEL_ALBUM' } });
  });

  it('waits for the daily publishing cap read from content_publishing_limit', async () => {
    await limits({ quotaTotal: 1 });
    const session = await connect();
    await adapter.publish(session, post(), { idempotencyKey: 't1:1' });
    const err = await failure(adapter.publish(session, post({ text: 'second' }), { idempotencyKey: 't2:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'publishing_cap' } });
    expect(err.options.retryAfterMs).toBeGreaterThan(0);
    expect(emulator.state.postsOn('instagram')).toHaveLength(1);
  });

  it('a container left unpublished for 24 hours expires and the publish is retryable', async () => {
    await limits({ processingMs: 60 * 60_000 });
    const session = await connect();
    let advanced = false;
    const err = await failure(
      adapter.publish(session, post({ media: [video()] }), {
        idempotencyKey: 't1:1',
        onProgress: (p) => {
          if (p.step === 'processing' && !advanced) {
            advanced = true;
            emulator.state.clockOffsetMs += 25 * 3_600_000;
          }
        },
      }),
    );
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'container_expired' } });
    expect(emulator.state.postsOn('instagram')).toHaveLength(0);
  });
});

describe('Instagram reconciliation and metrics', () => {
  it('finds an already published post by its caption, and nothing for other content', async () => {
    const session = await connect();
    const since = new Date(Date.now() - 1000);
    const published = await adapter.publish(session, post(), { idempotencyKey: 't1:1' });
    expect(await adapter.findExisting(session, { content: post(), since })).toMatchObject({ platformPostId: published.platformPostId, url: published.url });
    expect(await adapter.findExisting(session, { content: post({ text: 'Something else' }), since })).toBeUndefined();
  });

  it('metrics grow with time and a viral post outgrows a flop', async () => {
    const session = await connect();
    emulator.state.nextCurve.set('instagram', 'viral');
    const viral = await adapter.publish(session, post({ text: 'viral' }), { idempotencyKey: 't1:1' });
    emulator.state.nextCurve.set('instagram', 'flop');
    const flop = await adapter.publish(session, post({ text: 'flop' }), { idempotencyKey: 't2:1' });
    emulator.state.clockOffsetMs += 3_600_000;
    const early = await adapter.fetchMetrics(session, viral.platformPostId);
    emulator.state.clockOffsetMs += 24 * 3_600_000;
    const later = await adapter.fetchMetrics(session, viral.platformPostId);
    const flopLater = await adapter.fetchMetrics(session, flop.platformPostId);
    expect(later.reach!).toBeGreaterThan(early.reach!);
    expect(later).toMatchObject({ likes: expect.any(Number), comments: expect.any(Number), shares: expect.any(Number), saves: expect.any(Number), views: expect.any(Number) });
    expect(later.reach!).toBeGreaterThan(flopLater.reach! * 10);
  });
});

describe('Instagram error kinds', () => {
  it('a rate limit is retryable after the time Meta gives in X-Business-Use-Case-Usage', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'instagram', route: 'POST /v23.0', kind: 'rate_limit', retryAfterSeconds: 180 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'graph_4', retryAfterMs: 180_000 } });
  });

  it('an account over its hourly call budget waits as long as the usage header says', async () => {
    const session = await connect();
    const since = new Date();
    for (let i = 0; i < 200; i += 1) await adapter.findExisting(session, { content: post(), since });
    const err = await failure(adapter.findExisting(session, { content: post(), since }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'graph_80002' } });
    expect(err.options.retryAfterMs).toBeGreaterThan(55 * 60_000);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(60 * 60_000);
  });

  it('an expired token answer (401, code 190) is token_expired', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'instagram', kind: 'expired_token' });
    const err = await failure(adapter.fetchMetrics(session, '1789'));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
  });

  it('a 5xx is retryable', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'instagram', route: 'POST', kind: 'server_error', status: 503 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { status: 503 } });
  });

  it('a 5xx on media_publish with the container still unpublished is retryable', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'instagram', route: 'POST /v23.0/sandbox-instagram-1/media_publish', kind: 'server_error', status: 500 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { status: 500 } });
    expect(emulator.state.postsOn('instagram')).toHaveLength(0);
  });

  it('a media_publish that published but answered 5xx is unconfirmed, the container saying PUBLISHED', async () => {
    await limits({ publishErrorsAfterAccept: 1 });
    const session = await connect();
    const since = new Date(Date.now() - 1000);
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'unconfirmed', options: { status: 500 } });
    expect(err.message).toContain('published');
    expect((await adapter.findExisting(session, { content: post(), since }))?.platformPostId).toBe(emulator.state.postsOn('instagram')[0]!.id);
  });

  it('an image Instagram cannot use is permanent with a message saying why', async () => {
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ media: [{ ...image(), url: `${media.url}/photo.png`, mimeType: 'image/png' }] }), { idempotencyKey: 't1:1' }));
    expect(err.kind).toBe('permanent');
    expect(err.message).toMatch(/Instagram refused .*JPEG/);
  });

  it('a post without media is refused before anything is sent, saying what is missing', async () => {
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ media: [] }), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_content' } });
    expect(err.message).toMatch(/at least one image/);
  });

  it('a caption over the rules is refused before anything is sent', async () => {
    const session = await connect();
    const tags = Array.from({ length: 31 }, (_, i) => `tag${i}`);
    const err = await failure(adapter.publish(session, post({ hashtags: tags }), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_content' } });
    expect(err.message).toContain('31');
    expect(emulator.state.postsOn('instagram')).toHaveLength(0);
  });

  it('a media_publish that times out after it was sent is unconfirmed', async () => {
    const impatient = new InstagramAdapter({ ...config(), timeoutMs: 300 });
    const session = await connect();
    emulator.state.addFault({ platform: 'instagram', route: 'POST /v23.0/sandbox-instagram-1/media_publish', kind: 'delay', delayMs: 800 });
    const err = await failure(impatient.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err.kind).toBe('unconfirmed');
    // The platform finishes the call after we stopped waiting: the post does exist.
    await vi.waitFor(() => expect(emulator.state.postsOn('instagram')).toHaveLength(1), { timeout: 3_000 });
  });

  it('a media_publish whose answer is lost is unconfirmed, and reconciliation finds the one post', async () => {
    const session = await connect();
    const since = new Date(Date.now() - 1000);
    emulator.state.addFault({ platform: 'instagram', route: 'POST /v23.0/sandbox-instagram-1/media_publish', kind: 'drop_response' });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't1:1' }));
    expect(err).toMatchObject({ kind: 'unconfirmed' });
    expect(emulator.state.postsOn('instagram')).toHaveLength(1);
    const found = await adapter.findExisting(session, { content: post(), since });
    expect(found?.platformPostId).toBe(emulator.state.postsOn('instagram')[0]!.id);
  });
});
