import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresCallWindows } from '../../../db/call-windows.js';
import { TikTokAdapter } from '../../../activities/platforms/tiktok/adapter.js';
import { METRICS_UNAVAILABLE, PlatformError, type AccountSession, type AdapterConfig, type PublishContent, type PublishProgress } from '../../../activities/platforms/types.js';
import { openDatabase } from '../../../db/client.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../../emulators/platforms/server.js';
import { startMediaServer, type MediaServer } from '../../support/media-server.js';
import { waitFor } from '../../support/processes.js';
import { approveConsent } from '../../support/sandbox-consent.js';
import { testDatabaseUrl } from '../../support/database.js';

const REDIRECT = 'https://herald.test/oauth/tiktok/callback';
const MB = 1024 * 1024;
let emulator: PlatformEmulator;
let media: MediaServer;
let adapter: TikTokAdapter;

function config(options: Record<string, string> = {}): AdapterConfig {
  return {
    apiBaseUrl: `${emulator.url}/tiktok`,
    authBaseUrl: `${emulator.url}/tiktok`,
    clientId: 'tt-client-key',
    clientSecret: 'tt-secret',
    timeoutMs: 5_000,
    options: { pollIntervalMs: '30', maxProcessingMs: '30000', ...options },
  };
}

beforeAll(async () => {
  [emulator, media] = await Promise.all([startPlatformEmulator(), startMediaServer()]);
  adapter = new TikTokAdapter(config());
});
afterAll(async () => Promise.all([emulator?.close(), media?.close()]));
beforeEach(() => emulator.state.reset());

async function creator(settings: Record<string, unknown>) {
  await fetch(`${emulator.url}/tiktok/_emulator/creator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'sandbox-tiktok-1', ...settings }) });
}

async function connect(account?: string): Promise<AccountSession> {
  const { code } = await approveConsent(adapter.authorizationUrl({ redirectUri: REDIRECT }).url, { account });
  const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT });
  // Each connect is its own account: inits are counted per account.
  return { accountId: `acc-tt-${randomUUID()}`, platform: 'tiktok', externalId: identity.externalId, tokens };
}

const clip = (bytes = 64 * 1024, name = 'clip.mp4') => ({ kind: 'video' as const, url: `${media.url}/${name}?bytes=${bytes}`, mimeType: 'video/mp4', width: 1080, height: 1920, durationSeconds: 15 });
const post = (over: Partial<PublishContent> = {}): PublishContent => ({ text: 'Sourdough in 15 seconds', hashtags: ['bread'], media: [clip()], privacyLevel: 'SELF_ONLY', ...over });

/** The ids the Display API's video list shows this creator. */
async function listed(session: AccountSession): Promise<string[]> {
  const res = await fetch(`${emulator.url}/tiktok/v2/video/list/?fields=id`, { method: 'POST', headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ max_count: 20 }) });
  return ((await res.json()) as { data: { videos: { id: string }[] } }).data.videos.map((v) => v.id);
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('TikTok connect and tokens', () => {
  it('connects with the exact scopes and returns 24 h access and 1 year refresh tokens', async () => {
    const request = adapter.authorizationUrl({ redirectUri: REDIRECT });
    expect(new URL(request.url).searchParams.get('scope')).toBe('user.info.basic,user.info.stats,video.publish,video.list');
    const { code, state } = await approveConsent(request.url, { account: 'open-id-42' });
    expect(state).toBe(request.state);
    const { tokens, identity } = await adapter.exchangeCode({ code, redirectUri: REDIRECT });
    expect(identity).toMatchObject({ externalId: 'open-id-42', displayName: 'Sandbox open_id_42' });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.accessTokenExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(tokens.refreshTokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(300 * 86_400_000);
  });

  it('refresh returns a new working access token and keeps the refresh token', async () => {
    const session = await connect();
    const fresh = await adapter.refresh(session.tokens);
    expect(fresh.accessToken).not.toBe(session.tokens.accessToken);
    expect(fresh.refreshToken).toBe(session.tokens.refreshToken);
    await expect(adapter.publish({ ...session, tokens: fresh }, post(), { idempotencyKey: 't:1' })).resolves.toMatchObject({ platformPostId: expect.any(String) });
  });

  it('refresh with a revoked grant fails with refresh_failed', async () => {
    const session = await connect();
    await fetch(`${emulator.url}/tiktok/v2/oauth/revoke/`, { method: 'POST', body: new URLSearchParams({ client_key: 'tt-client-key', client_secret: 'tt-secret', token: session.tokens.accessToken }) });
    const err = await failure(adapter.refresh(session.tokens));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'refresh_failed' } });
  });

  it('an access token older than 24 h is token_expired', async () => {
    const session = await connect();
    emulator.state.clockOffsetMs += 25 * 3_600_000;
    try {
      const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
      expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
    } finally {
      emulator.state.clockOffsetMs -= 25 * 3_600_000;
    }
  });
});

describe('TikTok publishing', () => {
  it('uploads a small video in one chunk, reports the publish id at init, then the exact int64 video id of a public post', async () => {
    await creator({ moderationMs: 0 });
    const session = await connect();
    const progress: PublishProgress[] = [];
    const published = await adapter.publish(session, post({ privacyLevel: 'PUBLIC_TO_EVERYONE' }), { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) });
    const [accepted] = emulator.state.postsOn('tiktok');
    expect(published.platformPostId).toBe(accepted!.id);
    expect(published.platformPostId).toMatch(/^\d{19}$/);
    expect(published.url).toBe(`https://www.tiktok.com/@sandbox_tiktok_1/video/${accepted!.id}`);
    const ids = progress.filter((p) => p.platformPostId).map((p) => [p.step, p.platformPostId]);
    expect(ids).toEqual([['initialized', accepted!.extra!.publishId], ['published', accepted!.id]]);
    expect(accepted).toMatchObject({ text: 'Sourdough in 15 seconds\n\n#bread', extra: { privacyLevel: 'PUBLIC_TO_EVERYONE', source: 'FILE_UPLOAD' } });
  });

  it('a private (SELF_ONLY) post is published at PUBLISH_COMPLETE under its publish_id: TikTok names no public video for it', async () => {
    const session = await connect();
    const published = await adapter.publish(session, post(), { idempotencyKey: 't:1' });
    const [accepted] = emulator.state.postsOn('tiktok');
    expect(published).toMatchObject({ platformPostId: accepted!.extra!.publishId, url: 'https://www.tiktok.com/@sandbox_tiktok_1' });
  });

  it('uploads a 21 MB video as two chunks, the last taking the remainder', async () => {
    const session = await connect();
    const uploads: unknown[] = [];
    await adapter.publish(session, post({ media: [clip(21 * MB)] }), { idempotencyKey: 't:1', onProgress: (p) => void (p.step === 'uploading' && uploads.push(p.detail?.uploadedBytes)) });
    expect(uploads).toEqual([10 * MB, 21 * MB]);
    expect(emulator.state.postsOn('tiktok')).toHaveLength(1);
  });

  it('publishes by PULL_FROM_URL, TikTok fetching the video itself', async () => {
    const pulling = new TikTokAdapter(config({ tiktokSource: 'PULL_FROM_URL' }));
    const session = await connect();
    const published = await pulling.publish(session, post({ media: [clip(64 * 1024, 'pulled.mp4')] }), { idempotencyKey: 't:1' });
    expect(emulator.state.postsOn('tiktok')[0]).toMatchObject({ extra: { publishId: published.platformPostId, source: 'PULL_FROM_URL' } });
    expect(media.requests).toContain('/pulled.mp4');
  });

  it('refuses a privacy level the creator does not offer, before any init', async () => {
    await creator({ privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'] });
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ privacyLevel: 'PUBLIC_TO_EVERYONE' }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_content' } });
    expect(err.message).toContain('FOLLOWER_OF_CREATOR, SELF_ONLY');
    expect(emulator.state.postsOn('tiktok')).toHaveLength(0);
  });

  it('refuses a video longer than this creator may post, read from creator_info', async () => {
    await creator({ maxVideoPostDurationSec: 10 });
    const session = await connect();
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'invalid_content' } });
    expect(err.message).toContain('10 s');
  });

  it('an unaudited app posting publicly is permanent and tells the user to choose "Only me"', async () => {
    await creator({ unaudited: true });
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ privacyLevel: 'PUBLIC_TO_EVERYONE' }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'unaudited_client_can_only_post_to_private_accounts', status: 403 } });
    expect(err.message).toContain('Only me');
  });

  it('a file TikTok cannot read fails permanently with a readable reason', async () => {
    const session = await connect();
    const notVideo = { ...clip(), url: `${media.url}/still.jpg` };
    const err = await failure(adapter.publish(session, post({ media: [notVideo] }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'file_format_check_failed' } });
    expect(err.message).toMatch(/MP4/);
  });

  it('a video missing from the media store is permanent and nothing is initialised', async () => {
    const session = await connect();
    const err = await failure(adapter.publish(session, post({ media: [{ ...clip(), url: `${media.url}/missing.jpg` }] }), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: 'media_unavailable', status: 404 } });
    expect(err.message).toContain('attach it again');
  });

  it('counts its inits: the sixth in a minute reports none left, and a seventh is held back without asking TikTok', async () => {
    const counting = new TikTokAdapter(config());
    const session = await connect();
    const published = [];
    for (let i = 0; i < 6; i += 1) published.push(await counting.publish(session, post({ text: `clip ${i}` }), { idempotencyKey: `t${i}:1` }));
    expect(published[0]!.rateLimit).toMatchObject({ remaining: 5, limit: 6, scope: 'video inits per minute' });
    expect(published[5]!.rateLimit).toMatchObject({ remaining: 0, limit: 6 });
    const firstInit = emulator.state.postsOn('tiktok')[0]!.extra!.initAt as number;
    expect(Math.abs(published[5]!.rateLimit!.resetAt!.getTime() - (firstInit + 60_000))).toBeLessThan(1_000);
    const err = await failure(counting.publish(session, post({ text: 'clip 7' }), { idempotencyKey: 't7:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'rate_limit_exceeded' } });
    expect(err.options.status).toBeUndefined();
    expect(err.options.retryAfterMs).toBeGreaterThan(50_000);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(emulator.state.postsOn('tiktok')).toHaveLength(6);
  });

  it('two worker processes share the count through Postgres: the seventh init is held back without asking TikTok', async () => {
    const pools = [openDatabase(testDatabaseUrl(), 2), openDatabase(testDatabaseUrl(), 2)];
    try {
      const [first, second] = pools.map((p) => new TikTokAdapter(config(), { callWindows: postgresCallWindows(p.db) }));
      const session = await connect();
      const published = [];
      for (let i = 0; i < 6; i += 1) published.push(await (i < 3 ? first! : second!).publish(session, post({ text: `shared ${i}` }), { idempotencyKey: `s${i}:1` }));
      // The second worker's third init is the account's sixth: it reports none left.
      expect(published.map((p) => p.rateLimit!.remaining)).toEqual([5, 4, 3, 2, 1, 0]);
      const err = await failure(first!.publish(session, post({ text: 'shared 7' }), { idempotencyKey: 's7:1' }));
      expect(err).toMatchObject({ kind: 'retryable', options: { code: 'rate_limit_exceeded' } });
      expect(err.options.status).toBeUndefined();
      expect(emulator.state.postsOn('tiktok')).toHaveLength(6);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('an init TikTok refuses (inits Herald did not count) waits a whole window', async () => {
    const session = await connect();
    for (let i = 0; i < 6; i += 1) await new TikTokAdapter(config()).publish(session, post({ text: `clip ${i}` }), { idempotencyKey: `t${i}:1` });
    const err = await failure(new TikTokAdapter(config({ initWindowMs: '45000' })).publish(session, post({ text: 'clip 7' }), { idempotencyKey: 't7:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { code: 'rate_limit_exceeded', status: 429, retryAfterMs: 45_000 } });
    expect(emulator.state.postsOn('tiktok')).toHaveLength(6);
  });
});

describe('TikTok reconciliation and metrics', () => {
  /** A publish whose answer to the last chunk was lost: TikTok has the video, Herald only its publish_id. */
  async function unconfirmedPublish(session: AccountSession, content: PublishContent) {
    const progress: PublishProgress[] = [];
    emulator.state.addFault({ platform: 'tiktok', route: 'PUT /upload/', kind: 'drop_response' });
    const err = await failure(adapter.publish(session, content, { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) }));
    expect(err.kind).toBe('unconfirmed');
    return progress.find((p) => p.step === 'initialized')!.platformPostId!;
  }
  const since = () => new Date(Date.now() - 2000);

  it('finds a private (SELF_ONLY) post through status/fetch on its publish_id, which the video list never shows', async () => {
    const session = await connect();
    const publishId = await unconfirmedPublish(session, post());
    const found = await waitFor(() => adapter.findExisting(session, { content: post(), since: since(), knownIds: [publishId] }).catch(() => undefined), 30_000, 'TikTok to finish processing');
    expect(found).toMatchObject({ platformPostId: publishId, url: 'https://www.tiktok.com/@sandbox_tiktok_1' });
    expect(await listed(session)).toEqual([]);
  });

  it('finds a public post still in moderation by its publish_id, and names its public video once moderation is done', async () => {
    const session = await connect();
    const content = post({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    const publishId = await unconfirmedPublish(session, content);
    const inModeration = await waitFor(() => adapter.findExisting(session, { content, since: since(), knownIds: [publishId] }).catch(() => undefined), 30_000, 'TikTok to finish processing');
    expect(inModeration!.platformPostId).toBe(publishId);
    expect(await listed(session)).toEqual([]);
    emulator.state.clockOffsetMs += 2 * 60_000;
    try {
      const videoId = emulator.state.postsOn('tiktok')[0]!.id;
      expect(await adapter.findExisting(session, { content, since: since(), knownIds: [publishId] })).toMatchObject({ platformPostId: videoId, url: `https://www.tiktok.com/@sandbox_tiktok_1/video/${videoId}` });
      expect(await listed(session)).toEqual([videoId]);
    } finally {
      emulator.state.clockOffsetMs -= 2 * 60_000;
    }
  });

  it('a publish TikTok failed, or one whose upload never began, is absent: there is nothing to find', async () => {
    const session = await connect();
    const notVideo = post({ media: [{ ...clip(), url: `${media.url}/still.jpg` }] });
    const progress: PublishProgress[] = [];
    await failure(adapter.publish(session, notVideo, { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) }));
    const failedId = progress.find((p) => p.step === 'initialized')!.platformPostId!;
    emulator.state.addFault({ platform: 'tiktok', route: 'PUT /upload/', kind: 'server_error', status: 400 });
    progress.length = 0;
    await failure(adapter.publish(session, post({ text: 'never uploaded' }), { idempotencyKey: 't:2', onProgress: (p) => void progress.push(p) }));
    const emptyId = progress.find((p) => p.step === 'initialized')!.platformPostId!;
    expect(await adapter.findExisting(session, { content: post(), since: since(), knownIds: [emptyId, failedId] })).toBeUndefined();
    expect(emulator.state.postsOn('tiktok')).toHaveLength(0);
  });

  it('metrics of a private post are "not available for private posts", not a failure to retry', async () => {
    const session = await connect();
    const published = await adapter.publish(session, post(), { idempotencyKey: 't:1' });
    const err = await failure(adapter.fetchMetrics(session, published.platformPostId));
    expect(err).toMatchObject({ kind: 'permanent', options: { code: METRICS_UNAVAILABLE } });
    expect(err.message).toContain('not available for private TikTok posts');
  });

  it('metrics grow over time and a viral video outgrows a flop', async () => {
    await creator({ moderationMs: 0 });
    const session = await connect();
    emulator.state.nextCurve.set('tiktok', 'viral');
    const viral = await adapter.publish(session, post({ text: 'viral', privacyLevel: 'PUBLIC_TO_EVERYONE' }), { idempotencyKey: 't1:1' });
    emulator.state.nextCurve.set('tiktok', 'flop');
    const flop = await adapter.publish(session, post({ text: 'flop', privacyLevel: 'PUBLIC_TO_EVERYONE' }), { idempotencyKey: 't2:1' });
    const before = emulator.state.clockOffsetMs;
    emulator.state.clockOffsetMs += 2 * 3_600_000;
    try {
      const early = await adapter.fetchMetrics(session, viral.platformPostId);
      emulator.state.clockOffsetMs += 20 * 3_600_000;
      const later = await adapter.fetchMetrics(session, viral.platformPostId);
      const flopped = await adapter.fetchMetrics(session, flop.platformPostId);
      expect(later.views!).toBeGreaterThan(early.views!);
      expect(later).toMatchObject({ likes: expect.any(Number), comments: expect.any(Number), shares: expect.any(Number) });
      expect(later.views!).toBeGreaterThan(flopped.views! * 10);
    } finally {
      emulator.state.clockOffsetMs = before;
    }
  });

  it('metrics of a post recorded under its publish_id are read from its public video once moderation names it', async () => {
    const session = await connect();
    const publishId = await unconfirmedPublish(session, post({ privacyLevel: 'PUBLIC_TO_EVERYONE' }));
    await waitFor(() => adapter.findExisting(session, { content: post(), since: since(), knownIds: [publishId] }).catch(() => undefined), 30_000, 'TikTok to finish processing');
    expect((await failure(adapter.fetchMetrics(session, publishId))).options.code).toBe(METRICS_UNAVAILABLE);
    emulator.state.clockOffsetMs += 3 * 3_600_000;
    try {
      expect((await adapter.fetchMetrics(session, publishId)).views).toBeGreaterThan(0);
    } finally {
      emulator.state.clockOffsetMs -= 3 * 3_600_000;
    }
  });
});

describe('TikTok error kinds', () => {
  it('a 429 on init is retryable after TikTok\'s one-minute window', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'tiktok', route: 'POST /v2/post/publish/video/init/', kind: 'rate_limit' });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { status: 429, retryAfterMs: 60_000 } });
  });

  it('a 401 access_token_invalid is token_expired', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'tiktok', kind: 'expired_token' });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired', status: 401 } });
  });

  it('a 5xx before the post is committed is retryable', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'tiktok', route: 'POST /v2/post/publish/creator_info/query/', kind: 'server_error', status: 502 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err).toMatchObject({ kind: 'retryable', options: { status: 502 } });
    expect(emulator.state.postsOn('tiktok')).toHaveLength(0);
  });

  it('a 5xx while polling a committed post is unconfirmed, never a reason to post again', async () => {
    const session = await connect();
    const progress: PublishProgress[] = [];
    emulator.state.addFault({ platform: 'tiktok', route: 'POST /v2/post/publish/status/fetch/', kind: 'server_error', status: 502 });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) }));
    expect(err).toMatchObject({ kind: 'unconfirmed', options: { status: 502 } });
    expect(emulator.state.postsOn('tiktok')).toHaveLength(1);
    expect(progress.find((p) => p.step === 'initialized')?.platformPostId).toBe(emulator.state.postsOn('tiktok')[0]!.extra!.publishId);
  });

  it('a lost answer to a PULL_FROM_URL init is unconfirmed, the init alone having made the post', async () => {
    const pulling = new TikTokAdapter(config({ tiktokSource: 'PULL_FROM_URL' }));
    const session = await connect();
    emulator.state.addFault({ platform: 'tiktok', route: 'POST /v2/post/publish/video/init/', kind: 'drop_response' });
    const err = await failure(pulling.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err.kind).toBe('unconfirmed');
    expect(emulator.state.postsOn('tiktok')).toHaveLength(1);
  });

  it('a lost answer to a FILE_UPLOAD init is retryable: nothing was posted', async () => {
    const session = await connect();
    emulator.state.addFault({ platform: 'tiktok', route: 'POST /v2/post/publish/video/init/', kind: 'drop_response' });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1' }));
    expect(err.kind).toBe('retryable');
    expect(emulator.state.postsOn('tiktok')).toHaveLength(0);
  });

  it('a lost answer to the last chunk is unconfirmed, and reconciliation finds the single post by its publish_id', async () => {
    const session = await connect();
    const since = new Date(Date.now() - 2000);
    const progress: PublishProgress[] = [];
    emulator.state.addFault({ platform: 'tiktok', route: 'PUT /upload/', kind: 'drop_response' });
    const err = await failure(adapter.publish(session, post(), { idempotencyKey: 't:1', onProgress: (p) => void progress.push(p) }));
    expect(err.kind).toBe('unconfirmed');
    expect(emulator.state.postsOn('tiktok')).toHaveLength(1);
    const publishId = progress.find((p) => p.step === 'initialized')!.platformPostId!;
    const found = await waitFor(() => adapter.findExisting(session, { content: post(), since, knownIds: [publishId] }).catch(() => undefined), 30_000, 'TikTok to finish processing');
    expect(found!.platformPostId).toBe(emulator.state.postsOn('tiktok')[0]!.extra!.publishId);
  });
});
