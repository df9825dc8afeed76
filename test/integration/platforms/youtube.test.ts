import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { YouTubeAdapter } from '../../../activities/platforms/youtube/adapter.js';
import { PlatformError, type AccountSession, type PublishContent, type PublishProgress } from '../../../activities/platforms/types.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../../emulators/platforms/server.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { approveConsent } from '../../support/sandbox-consent.js';

const REDIRECT = 'https://herald.test/oauth/youtube/callback';
const KB = 1024;
let emulator: PlatformEmulator;
let media: MediaServer;
let adapter: YouTubeAdapter;

beforeAll(async () => {
  [emulator, media] = await Promise.all([startPlatformEmulator(), startMediaServer()]);
  adapter = new YouTubeAdapter({
    apiBaseUrl: `${emulator.url}/youtube`,
    authBaseUrl: `${emulator.url}/youtube`,
    clientId: 'yt-client.apps.googleusercontent.com',
    clientSecret: 'yt-secret',
    timeoutMs: 5_000,
    options: { uploadChunkBytes: String(256 * KB) },
  });
});
afterAll(async () => Promise.all([emulator?.close(), media?.close()]));
beforeEach(() => emulator.state.reset());

async function project(settings: Record<string, unknown>) {
  await fetch(`${emulator.url}/youtube/_emulator/project`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
}

async function connect(account?: string): Promise<AccountSession> {
  const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
  const { code } = await approveConsent(request.url, { account });
  const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier });
  return { accountId: 'acc-yt', platform: 'youtube', externalId: identity.externalId, tokens };
}

const clip = (bytes = 600 * KB, shape: { width: number; height: number; durationSeconds: number } = { width: 1920, height: 1080, durationSeconds: 240 }) => ({
  kind: 'video' as const,
  url: `${media.url}/film.mp4?bytes=${bytes}`,
  mimeType: 'video/mp4',
  ...shape,
});
const post = (over: Partial<PublishContent> = {}): PublishContent => ({ title: 'How we bake at dawn', text: 'A morning in the bakery.', hashtags: ['bakery'], media: [clip()], ...over });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('YouTube connect and tokens', () => {
  it('connects with PKCE and offline access, returning a refresh token and the channel', async () => {
    const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
    const url = new URL(request.url);
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const { code, state } = await approveConsent(request.url, { account: 'UCsandbox42' });
    expect(state).toBe(request.state);
    const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: request.codeVerifier });
    expect(identity).toMatchObject({ externalId: 'UCsandbox42', displayName: '@UCsandbox42' });
    expect(tokens.refreshToken).toBeTruthy();
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
    const { code } = await approveConsent(request.url);
    const err = await failure(adapter.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: 'not-the-verifier-at-all-but-long-enough-000000' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_grant' } });
  });

  it('a second consent brings no refresh token, as with Google', async () => {
    await connect();
    const again = await connect();
    expect(again.tokens.refreshToken).toBeUndefined();
  });

  it('refresh returns a new access token and keeps the stored refresh token Google did not resend', async () => {
    const session = await connect();
    const fresh = await adapter.refresh(session.tokens);
    expect(fresh.accessToken).not.toBe(session.tokens.accessToken);
    expect(fresh.refreshToken).toBe(session.tokens.refreshToken);
    expect(fresh.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    await expect(adapter.fetchMetrics({ ...session, tokens: fresh }, 'none')).rejects.toMatchObject({ options: { code: 'not_found' } });
  });

  it('refresh with a revoked grant fails with refresh_failed', async () => {
    const session = await connect();
    await fetch(`${emulator.url}/youtube/revoke`, { method: 'POST', body: new URLSearchParams({ token: session.tokens.refreshToken! }) });
    const err = await failure(adapter.refresh(session.tokens));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'refresh_failed' } });
  });

  it('an access token past its hour is token_expired', async () => {
    const session = await connect();
    emulator.state.clockOffsetMs += 2 * 3_600_000;
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
  });
});

describe('YouTube publishing', () => {
  it('uploads a video in resumable 256 KiB chunks and reports the id once YouTube returns it', async () => {
    const session = await connect();
    const progress: PublishProgress[] = [];
    const published = await adapter.publish(session, post(), { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) });
    expect(progress.filter((p) => p.step === 'uploading').map((p) => p.detail?.uploadedBytes)).toEqual([256 * KB, 512 * KB]);
    expect(progress.at(-1)).toMatchObject({ step: 'uploaded', platformPostId: published.platformPostId });
    expect(published.url).toBe(`https://www.youtube.com/watch?v=${published.platformPostId}`);
    const [accepted] = emulator.state.postsOn('youtube');
    expect(accepted).toMatchObject({ id: published.platformPostId, extra: { title: 'How we bake at dawn', description: 'A morning in the bakery.\n\n#bakery', tags: ['bakery'], privacyStatus: 'public' } });
  });

  it('uploads a vertical clip under 3 minutes as a Short with #Shorts in the description', async () => {
    const session = await connect();
    await adapter.publish(session, post({ media: [clip(100 * KB, { width: 1080, height: 1920, durationSeconds: 45 })] }), { idempotencyKey: 't:1' });
    expect(emulator.state.postsOn('youtube')[0]!.extra!.description).toMatch(/#Shorts$/);
  });

  it('uploads a square clip under 3 minutes as a Short too', async () => {
    const session = await connect();
    await adapter.publish(session, post({ media: [clip(100 * KB, { width: 1080, height: 1080, durationSeconds: 150 })] }), { idempotencyKey: 't:1' });
    expect(emulator.state.postsOn('youtube')[0]!.extra!.description).toMatch(/#Shorts$/);
  });

  it('an unaudited project gets the video locked to private, and the adapter says so', async () => {
    await project({ audited: false });
    const session = await connect();
    const progress: PublishProgress[] = [];
    await adapter.publish(session, post(), { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) });
    expect(progress.at(-1)?.detail).toEqual({ privacyStatus: 'private' });
    expect(emulator.state.postsOn('youtube')[0]).toMatchObject({ extra: { privacyStatus: 'private', requestedPrivacy: 'public' } });
  });

  it('the project quota used up is retryable at midnight Pacific', async () => {
    await project({ projectUploadsPerDay: 0 });
    const session = await connect();
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'quotaExceeded', status: 403 } });
    expect(err.options.retryAfterMs).toBeGreaterThan(0);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(25 * 3_600_000);
  });

  it('reads past the project\'s daily units are retryable at midnight Pacific', async () => {
    const session = await connect();
    await project({ projectUnitsPerDay: 0 });
    const err = await failure(adapter.fetchMetrics(session, 'abc'));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'quotaExceeded', status: 403 } });
  });

  it('the channel upload limit makes the video wait (retryable), not fail', async () => {
    await project({ channelUploadsPerDay: 0 });
    const session = await connect();
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'uploadLimitExceeded', retryAfterMs: 3_600_000 } });
    expect(err.message).toMatch(/upload limit.*waits/);
  });
});

describe('YouTube reconciliation and metrics', () => {
  it('finds an uploaded video by title in the uploads playlist, and nothing for another title', async () => {
    const session = await connect();
    const since = new Date(Date.now() - 2000);
    const published = await adapter.publish(session, post(), { idempotencyKey: 't:1' });
    expect(await adapter.findExisting(session, { content: post(), since })).toMatchObject({ platformPostId: published.platformPostId });
    expect(await adapter.findExisting(session, { content: post({ title: 'Another film' }), since })).toBeUndefined();
  });

  it('statistics grow over time and a viral video outgrows a flop', async () => {
    const session = await connect();
    emulator.state.nextCurve.set('youtube', 'viral');
    const viral = await adapter.publish(session, post({ title: 'viral' }), { idempotencyKey: 't1:1' });
    emulator.state.nextCurve.set('youtube', 'flop');
    const flop = await adapter.publish(session, post({ title: 'flop' }), { idempotencyKey: 't2:1' });
    const fresh = { ...session, tokens: await adapter.refresh(session.tokens) };
    emulator.state.clockOffsetMs += 30 * 60_000;
    const early = await adapter.fetchMetrics(fresh, viral.platformPostId);
    emulator.state.clockOffsetMs += 30 * 60_000;
    const later = await adapter.fetchMetrics({ ...fresh, tokens: await adapter.refresh(fresh.tokens) }, viral.platformPostId);
    const flopped = await adapter.fetchMetrics({ ...fresh, tokens: await adapter.refresh(fresh.tokens) }, flop.platformPostId);
    expect(later.views!).toBeGreaterThan(early.views!);
    expect(later).toMatchObject({ likes: expect.any(Number), comments: expect.any(Number) });
    expect(later.views!).toBeGreaterThan(flopped.views! * 10);
  });
});

describe('YouTube error kinds', () => {
  it('a 429 is retryable after the Retry-After YouTube sent', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'youtube', route: 'POST /upload/youtube/v3/videos', kind: 'rate_limit', retryAfterSeconds: 42 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'rate_limited', retryAfterMs: 42_000, status: 429 } });
  });

  it('a 401 from the API is token_expired', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'youtube', route: 'GET /v3/videos', kind: 'expired_token' });
    const err = await failure(adapter.fetchMetrics(session, 'abc'));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
  });

  it('a 5xx is retryable', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'youtube', route: 'GET /v3/videos', kind: 'server_error', status: 503 });
    const err = await failure(adapter.fetchMetrics(session, 'abc'));
    expect(err).toMatchObject({ kind: 'retryable', options: { status: 503, code: 'backendError' } });
  });

  it('a file YouTube cannot read is permanent with advice on the format', async () => {
    const session = await connect();
    const still = { ...clip(), url: `${media.url}/still.jpg` };
    const err = await failure(adapter.publish(session, post({ media: [still] }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalidFile' } });
    expect(err.message).toMatch(/MP4/);
  });

  it('a title the rules refuse never reaches YouTube', async () => {
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ title: 'Bread <b>bold</b>' }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_content' } });
    expect(err.message).toMatch(/YouTube does not accept "<"/);
    expect(emulator.state.postsOn('youtube')).toHaveLength(0);
  });

  it('a lost answer to the last chunk is recovered by asking the upload session', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'youtube', route: 'PUT /upload/youtube/v3/videos', kind: 'drop_response' });
    const published = await adapter.publish(session, post({ media: [clip(100 * KB)] }), { idempotencyKey: 't:1' });
    expect(emulator.state.postsOn('youtube').map((p) => p.id)).toEqual([published.platformPostId]);
  });

  it('a 5xx on a chunk is resumed from what the session holds, making exactly one video', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'youtube', route: 'PUT /upload/youtube/v3/videos', kind: 'server_error', status: 503 });
    const published = await adapter.publish(session, post(), { idempotencyKey: 't:1' });
    expect(emulator.state.postsOn('youtube').map((p) => p.id)).toEqual([published.platformPostId]);
  });

  it('when the session cannot be asked either, the upload is unconfirmed and reconciliation finds the one video', async () => {
    const session = await connect();
    const since = new Date(Date.now() - 2000);
    emulator.state.addFault({ platform: 'youtube', route: 'PUT /upload/youtube/v3/videos', kind: 'drop_response', times: 2 });
    const err = await failure(adapter.publish(session, post({ media: [clip(100 * KB)] }), { idempotencyKey: 't:1' }));
    expect(err.kind).toBe('unconfirmed');
    expect(emulator.state.postsOn('youtube')).toHaveLength(1);
    expect((await adapter.findExisting(session, { content: post(), since }))?.platformPostId).toBe(emulator.state.postsOn('youtube')[0]!.id);
  });
});
