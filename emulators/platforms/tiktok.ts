import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { answerAuthorize, param, redeemCode } from './consent.js';
import { bearer, faultInjector, type FaultResponses } from './faults.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type EmulatorState, type IssuedToken } from './state.js';
import { chunkProblem, TikTokBook, usernameOf, type CreatorSettings, type TikTokPublish } from './tiktok-publishes.js';

/**
 * TikTok Login Kit and Content Posting API: authorize, /v2/oauth/token/ (form-encoded with
 * client_key), user info, creator_info, video init (FILE_UPLOAD chunks or PULL_FROM_URL),
 * the upload URL, status/fetch, and the Display API's video list and query. Mounted at /tiktok.
 */

const ACCESS_TTL = 86400;
const REFRESH_TTL = 365 * 86400;

function envelope(res: Response, status: number, code: string, message = '', data: unknown = {}): void {
  res.status(status).json({ data, error: { code, message, log_id: randomBytes(10).toString('hex').toUpperCase() } });
}

// TikTok documents no retry header on 429; its limits are per minute.
const faults: FaultResponses = {
  rateLimited(res) {
    envelope(res, 429, 'rate_limit_exceeded', 'API rate limit exceeded, please retry later.');
  },
  expiredToken(res) {
    envelope(res, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  },
  serverError(res, fault) {
    envelope(res, fault.status ?? 500, 'internal_error', 'Something went wrong. Please try again later.');
  },
};

function requireToken(state: EmulatorState, req: Request, res: Response, scope?: string): IssuedToken | undefined {
  const token = state.validToken('tiktok', bearer(req));
  if (!token) return void envelope(res, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  if (scope && !token.scopes.includes(scope)) return void envelope(res, 401, 'scope_not_authorized', `The user did not authorize the scope required for completing this request: ${scope}.`);
  return token;
}

function tokenAnswer(token: IssuedToken) {
  return {
    access_token: token.accessToken,
    expires_in: ACCESS_TTL,
    open_id: token.accountExternalId,
    refresh_expires_in: Math.round(REFRESH_TTL),
    refresh_token: token.refreshToken,
    scope: token.scopes.join(','),
    token_type: 'Bearer',
  };
}

function oauthRoutes(router: Router, state: EmulatorState): void {
  router.get('/v2/auth/authorize/', (req, res) => {
    answerAuthorize(state, 'tiktok', req, res, {
      clientId: param(req, 'client_key'),
      redirectUri: param(req, 'redirect_uri'),
      scopes: (param(req, 'scope') ?? '').split(',').filter(Boolean),
      state: param(req, 'state'),
      codeChallenge: param(req, 'code_challenge'),
    });
  });
  router.post('/v2/oauth/token/', (req, res) => {
    const oauthError = (error: string, description: string) => res.status(400).json({ error, error_description: description, log_id: randomBytes(8).toString('hex') });
    if (!param(req, 'client_key') || !param(req, 'client_secret')) return oauthError('invalid_client', 'Client key or secret is missing.');
    if (param(req, 'grant_type') === 'refresh_token') {
      const old = state.findByRefreshToken('tiktok', param(req, 'refresh_token') ?? '');
      if (!old || old.refreshExpiresAt <= state.now()) return oauthError('invalid_grant', 'Refresh token is invalid or expired.');
      const fresh = state.issueToken('tiktok', old.accountExternalId, old.scopes, ACCESS_TTL, REFRESH_TTL);
      fresh.refreshToken = old.refreshToken;
      fresh.refreshExpiresAt = old.refreshExpiresAt;
      return res.json(tokenAnswer(fresh));
    }
    const redeemed = redeemCode(state, 'tiktok', { code: param(req, 'code'), clientId: param(req, 'client_key'), redirectUri: param(req, 'redirect_uri'), codeVerifier: param(req, 'code_verifier') });
    if ('error' in redeemed) return oauthError('invalid_grant', redeemed.error);
    res.json(tokenAnswer(state.issueToken('tiktok', redeemed.accountExternalId, redeemed.scopes, ACCESS_TTL, REFRESH_TTL)));
  });
  router.post('/v2/oauth/revoke/', (req, res) => {
    const target = state.tokens.get(param(req, 'token') ?? '');
    if (target?.platform === 'tiktok') state.revokeAccount('tiktok', target.accountExternalId);
    res.json({});
  });
  router.get('/v2/user/info/', (req, res) => {
    const fields = String(req.query.fields ?? '');
    // The counts (follower_count, likes_count, video_count) are behind their own scope.
    const stats = /follower_count|following_count|likes_count|video_count/.test(fields);
    const token = requireToken(state, req, res, stats ? 'user.info.stats' : 'user.info.basic');
    if (!token) return;
    const name = usernameOf(token.accountExternalId);
    const counts = stats
      ? { follower_count: state.accountFigures('tiktok', token.accountExternalId).followers, following_count: 12, likes_count: 0, video_count: state.postsOn('tiktok').filter((p) => p.accountExternalId === token.accountExternalId).length }
      : {};
    envelope(res, 200, 'ok', '', { user: { open_id: token.accountExternalId, union_id: `union-${name}`, display_name: `Sandbox ${name}`, avatar_url: `https://sandbox.invalid/tiktok/${name}.jpg`, ...counts } });
  });
}

interface InitBody {
  post_info?: { title?: string; privacy_level?: string; disable_comment?: boolean };
  source_info?: { source?: string; video_size?: number; chunk_size?: number; total_chunk_count?: number; video_url?: string };
}

function initProblem(body: InitBody, creator: CreatorSettings): [number, string, string] | undefined {
  const title = body.post_info?.title ?? '';
  const privacy = body.post_info?.privacy_level;
  const source = body.source_info?.source;
  if (title.length > 2200) return [400, 'invalid_params', `The title is ${title.length} characters; at most 2200.`];
  if (!privacy || !creator.privacyLevelOptions.includes(privacy)) return [400, 'privacy_level_option_mismatch', `privacy_level ${privacy ?? '(missing)'} is not one of ${creator.privacyLevelOptions.join(', ')}.`];
  if (creator.unaudited && privacy !== 'SELF_ONLY') return [403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post with SELF_ONLY visibility.'];
  if (source === 'FILE_UPLOAD') {
    const problem = chunkProblem(body.source_info ?? {});
    return problem ? [400, 'invalid_params', problem] : undefined;
  }
  if (source === 'PULL_FROM_URL') return body.source_info?.video_url?.startsWith('http') ? undefined : [400, 'invalid_params', 'video_url must be an http(s) URL.'];
  return [400, 'invalid_params', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL.'];
}

/** PULL_FROM_URL: TikTok downloads the video itself. */
async function pull(book: TikTokBook, publish: TikTokPublish, url: string): Promise<void> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(String(response.status));
    publish.firstBytes = Buffer.from(await response.arrayBuffer()).subarray(0, 16);
    book.complete(publish, usernameOf(publish.owner));
  } catch {
    publish.completedAt = performance.now();
    publish.failReason = 'video_pull_failed';
  }
}

function postingRoutes(router: Router, book: TikTokBook, baseUrl: () => string): void {
  const state = book.state;
  router.post('/v2/post/publish/creator_info/query/', (req, res) => {
    const token = requireToken(state, req, res, 'video.publish');
    if (!token) return;
    const creator = book.creator(token.accountExternalId);
    const name = usernameOf(token.accountExternalId);
    envelope(res, 200, 'ok', '', {
      creator_avatar_url: `https://sandbox.invalid/tiktok/${name}.jpg`,
      creator_username: name,
      creator_nickname: `Sandbox ${name}`,
      privacy_level_options: creator.privacyLevelOptions,
      comment_disabled: creator.commentDisabled,
      duet_disabled: false,
      stitch_disabled: false,
      max_video_post_duration_sec: creator.maxVideoPostDurationSec,
    });
  });
  router.post('/v2/post/publish/video/init/', async (req, res) => {
    const token = requireToken(state, req, res, 'video.publish');
    if (!token) return;
    if (state.hitSlidingWindow(`tiktok:init:${token.accessToken}`, book.initLimit, book.initWindowMs).exceeded) return envelope(res, 429, 'rate_limit_exceeded', 'API rate limit exceeded, please retry later.');
    const body = req.body as InitBody;
    const problem = initProblem(body, book.creator(token.accountExternalId));
    if (problem) return envelope(res, problem[0], problem[1], problem[2]);
    const info = body.source_info!;
    const publish = book.newPublish({
      owner: token.accountExternalId,
      title: body.post_info?.title ?? '',
      privacyLevel: body.post_info!.privacy_level!,
      source: info.source === 'FILE_UPLOAD' ? 'FILE_UPLOAD' : 'PULL_FROM_URL',
      videoSize: info.video_size ?? 0,
      chunkSize: info.chunk_size ?? 0,
      totalChunks: info.total_chunk_count ?? 0,
    });
    if (publish.source === 'PULL_FROM_URL') {
      await pull(book, publish, info.video_url!);
      return envelope(res, 200, 'ok', '', { publish_id: publish.id });
    }
    const uploadUrl = `${baseUrl()}/upload/?upload_id=${encodeURIComponent(publish.id)}&upload_token=${publish.uploadToken}`;
    envelope(res, 200, 'ok', '', { publish_id: publish.id, upload_url: uploadUrl });
  });
}

/** The upload URL init hands out, and the status TikTok reports while it processes. */
function uploadRoutes(router: Router, book: TikTokBook): void {
  const state = book.state;
  router.put('/upload/', express.raw({ type: () => true, limit: '200mb' }), (req, res) => {
    const publish = book.publishes.get(String(req.query.upload_id ?? ''));
    if (!publish || publish.uploadToken !== req.query.upload_token || publish.completedAt !== undefined) return void res.status(404).json({ error: { code: 'invalid_upload', message: 'Unknown or finished upload.' } });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.header('content-range') ?? '');
    const bytes = req.body as Buffer;
    const [first, last, total] = range ? [Number(range[1]), Number(range[2]), Number(range[3])] : [NaN, NaN, NaN];
    if (!range || first !== publish.received || total !== publish.videoSize || last - first + 1 !== bytes.byteLength) {
      return void res.status(416).json({ error: { code: 'invalid_range', message: `Expected bytes from ${publish.received} of ${publish.videoSize}.` } });
    }
    if (first === 0) publish.firstBytes = bytes.subarray(0, 16);
    publish.received = last + 1;
    if (publish.received < publish.videoSize) return void res.status(206).end();
    book.complete(publish, usernameOf(publish.owner));
    res.status(201).end();
  });
  router.post('/v2/post/publish/status/fetch/', (req, res) => {
    const token = requireToken(state, req, res, 'video.publish');
    if (!token) return;
    const publish = book.publishes.get(String((req.body as { publish_id?: string })?.publish_id ?? ''));
    if (!publish || publish.owner !== token.accountExternalId) return envelope(res, 400, 'invalid_publish_id', 'publish_id is not valid for this user.');
    const { status, postIds } = book.status(publish);
    // post ids are int64 numbers on the wire, wider than a JS number: written by hand.
    const data = `{"status":"${status}","fail_reason":"${publish.failReason ?? ''}","publicaly_available_post_id":[${postIds.join(',')}],"uploaded_bytes":${publish.received},"downloaded_bytes":${publish.source === 'PULL_FROM_URL' && publish.completedAt ? 1 : 0}}`;
    res.type('json').send(`{"data":${data},"error":{"code":"ok","message":"","log_id":"${randomBytes(10).toString('hex').toUpperCase()}"}}`);
  });
}

/** The Display API sees only the creator's public videos, and a public one only once moderation is done. */
function displayRoutes(router: Router, book: TikTokBook): void {
  const state = book.state;
  const videosOf = (owner: string) => state.postsOn('tiktok').filter((p) => p.accountExternalId === owner && book.listed(p.extra?.publishId));
  router.post('/v2/video/list/', (req, res) => {
    const token = requireToken(state, req, res, 'video.list');
    if (!token) return;
    const max = Math.min(Number((req.body as { max_count?: number })?.max_count ?? 20), 20);
    const videos = videosOf(token.accountExternalId).reverse().slice(0, max);
    envelope(res, 200, 'ok', '', {
      videos: videos.map((p) => ({ id: p.id, title: p.text, video_description: p.text, create_time: Math.floor(p.createdAt / 1000), share_url: p.url })),
      cursor: 0,
      has_more: false,
    });
  });
  router.post('/v2/video/query/', (req, res) => {
    const token = requireToken(state, req, res, 'video.list');
    if (!token) return;
    const ids = (req.body as { filters?: { video_ids?: string[] } })?.filters?.video_ids ?? [];
    const videos = videosOf(token.accountExternalId).filter((p) => ids.includes(p.id));
    envelope(res, 200, 'ok', '', {
      videos: videos.map((p) => {
        const m = metricsAt(p, state.now());
        return { id: p.id, title: p.text, share_url: p.url, create_time: Math.floor(p.createdAt / 1000), view_count: m.views, like_count: m.likes, comment_count: m.comments, share_count: m.shares };
      }),
    });
  });
}

registerPlatformRoutes('tiktok', (state, baseUrl) => {
  const router = Router();
  const book = new TikTokBook(state);
  // A sandbox reset also forgets creator settings and publishes.
  const resetShared = state.reset.bind(state);
  state.reset = () => {
    resetShared();
    book.clear();
  };
  // Sandbox-only knobs: the init limit, a creator's options and audit state, processing and moderation time.
  router.post('/_emulator/limits', (req, res) => {
    const body = req.body as { initLimit?: number; initWindowMs?: number };
    if (body.initLimit !== undefined) book.initLimit = body.initLimit;
    if (body.initWindowMs !== undefined) book.initWindowMs = body.initWindowMs;
    res.json({ initLimit: book.initLimit, initWindowMs: book.initWindowMs });
  });
  router.post('/_emulator/creator', (req, res) => {
    const { processingMs, moderationMs, ...body } = req.body as Partial<CreatorSettings> & { account: string; processingMs?: number; moderationMs?: number };
    book.creators.set(body.account, { ...book.creator(body.account), ...body });
    if (processingMs !== undefined) book.processingMs = processingMs;
    if (moderationMs !== undefined) book.moderationMs = moderationMs;
    res.json(book.creator(body.account));
  });
  router.use(faultInjector('tiktok', state, faults));
  oauthRoutes(router, state);
  postingRoutes(router, book, baseUrl);
  uploadRoutes(router, book);
  displayRoutes(router, book);
  return router;
});
