import { randomInt } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { xWeightedLength } from '../../core/platform-rules/index.js';
import { answerAuthorize, param } from './consent.js';
import { grantFailed, tokenGrant, type GrantPolicy } from './oauth-grants.js';
import { bearer, faultInjector, type FaultResponses } from './faults.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type EmulatorState, type IssuedToken } from './state.js';

/**
 * X API v2 as the twitter-api-v2 SDK uses it: OAuth 2.0 with PKCE, users/me, tweets (create,
 * lookup with public_metrics, user timeline) and the v2 chunked media upload. Mounted at /x.
 */

const GRANTS: GrantPolicy = { accessTtlSeconds: 7200, refreshTtlSeconds: 180 * 86400, rotateRefreshToken: true, refreshScope: 'offline.access', scopeSeparator: ' ' };
/**
 * POST /2/tweets (v2): 100 requests per 15 min per user and 10,000 per 24 h per app (the "300 per
 * 3 hours" belonged to v1.1). Tests shrink both through /_emulator/limits, and may pin the per-user
 * window's clock until the window is used up (`userWindowPinned`, see EmulatorState.hitRateWindow).
 */
const POST_LIMITS = { perUser: 100, userWindowMs: 15 * 60_000, userWindowPinned: false, perApp: 10_000, appWindowMs: 24 * 3_600_000 };
type PostLimits = typeof POST_LIMITS;

interface RateWindow {
  limit: number;
  remaining: number;
  resetAt: number;
}

interface MediaUpload {
  id: string;
  owner: string;
  mediaType: string;
  totalBytes: number;
  received: number;
  state: 'uploading' | 'pending' | 'succeeded' | 'failed';
  statusChecks: number;
  /** The first bytes received: processing fails for a "video" that is no MP4. */
  head?: Buffer;
}

function problem(res: Response, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ title, detail, type: status === 400 ? 'https://api.twitter.com/2/problems/invalid-request' : 'about:blank', status, ...extra });
}

function setRateHeaders(res: Response, window: RateWindow, prefix = 'x-rate-limit'): void {
  res.setHeader(`${prefix}-limit`, String(window.limit));
  res.setHeader(`${prefix}-remaining`, String(window.remaining));
  res.setHeader(`${prefix}-reset`, String(Math.ceil(window.resetAt / 1000)));
}

const faults: FaultResponses = {
  rateLimited(res, fault, state) {
    const reset = state.now() + (fault.retryAfterSeconds ?? 900) * 1000;
    setRateHeaders(res, { limit: POST_LIMITS.perUser, remaining: 0, resetAt: reset });
    problem(res, fault.status ?? 429, 'Too Many Requests', 'Too Many Requests');
  },
  expiredToken(res) {
    problem(res, 401, 'Unauthorized', 'Unauthorized');
  },
  serverError(res, fault) {
    problem(res, fault.status ?? 503, 'Service Unavailable', 'Service Unavailable');
  },
};

/** The content of one named part of a multipart/form-data body (the SDK sends `media` that way). */
function multipartPart(body: Buffer, contentType: string, name: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return Buffer.alloc(0);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1 && part.subarray(0, headerEnd).toString().includes(`name="${name}"`)) return part.subarray(headerEnd + 4, part.length - 2);
    start = next;
  }
  return Buffer.alloc(0);
}

const newId = () => `${Date.now()}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;

function requireUser(state: EmulatorState, req: Request, res: Response, scope?: string): IssuedToken | undefined {
  const token = state.validToken('x', bearer(req));
  if (!token) {
    problem(res, 401, 'Unauthorized', 'Unauthorized');
    return undefined;
  }
  if (scope && !token.scopes.includes(scope)) {
    problem(res, 403, 'Forbidden', `Your client app is not permitted to perform this action (missing scope ${scope}).`);
    return undefined;
  }
  return token;
}

function userObject(id: string) {
  return { id, name: `Sandbox X (${id})`, username: id.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 15), profile_image_url: `https://sandbox.invalid/x/${id}.png` };
}

function tweetObject(state: EmulatorState, post: EmulatorState['posts'][number], fields: string) {
  const m = metricsAt(post, state.now());
  return {
    id: post.id,
    text: post.text,
    edit_history_tweet_ids: [post.id],
    ...(fields.includes('created_at') ? { created_at: new Date(post.createdAt).toISOString() } : {}),
    ...(fields.includes('author_id') ? { author_id: post.accountExternalId } : {}),
    ...(fields.includes('public_metrics')
      ? {
          public_metrics: {
            retweet_count: m.shares,
            reply_count: m.comments,
            like_count: m.likes,
            quote_count: Math.round(m.shares / 4),
            bookmark_count: m.saves,
            impression_count: m.impressions,
          },
        }
      : {}),
  };
}

function oauthRoutes(router: Router, state: EmulatorState): void {
  router.get('/i/oauth2/authorize', (req, res) => {
    answerAuthorize(state, 'x', req, res, {
      clientId: param(req, 'client_id'),
      redirectUri: param(req, 'redirect_uri'),
      scopes: (param(req, 'scope') ?? '').split(' ').filter(Boolean),
      state: param(req, 'state'),
      codeChallenge: param(req, 'code_challenge'),
    });
  });
  router.post('/2/oauth2/token', (req, res) => {
    const result = tokenGrant(state, 'x', req, GRANTS);
    if ('error' in result) return grantFailed(res, result);
    res.json(result);
  });
  router.get('/2/users/me', (req, res) => {
    const token = requireUser(state, req, res);
    if (!token) return;
    const fields = String(req.query['user.fields'] ?? '');
    const followers = state.accountFigures('x', token.accountExternalId).followers;
    const metrics = { followers_count: followers, following_count: 42, tweet_count: state.postsOn('x').filter((p) => p.accountExternalId === token.accountExternalId).length, listed_count: 0, like_count: 0 };
    res.json({ data: { ...userObject(token.accountExternalId), ...(fields.includes('public_metrics') ? { public_metrics: metrics } : {}) } });
  });
}

function mediaRoutes(router: Router, state: EmulatorState, uploads: Map<string, MediaUpload>): void {
  router.post('/2/media/upload/initialize', (req, res) => {
    const token = requireUser(state, req, res, 'media.write');
    if (!token) return;
    const body = req.body as { media_type?: string; total_bytes?: number };
    if (!body.media_type || !body.total_bytes) return problem(res, 400, 'Invalid Request', 'media_type and total_bytes are required.');
    const upload: MediaUpload = { id: newId(), owner: token.accountExternalId, mediaType: body.media_type, totalBytes: body.total_bytes, received: 0, state: 'uploading', statusChecks: 0 };
    uploads.set(upload.id, upload);
    res.json({ data: { id: upload.id, media_key: `3_${upload.id}`, expires_after_secs: 86400 } });
  });
  router.post('/2/media/upload/:id/append', express.raw({ type: 'multipart/form-data', limit: '50mb' }), (req, res) => {
    if (!requireUser(state, req, res)) return;
    const upload = uploads.get(String(req.params.id));
    if (!upload) return problem(res, 400, 'Invalid Request', 'The media id is not valid.');
    const segment = Buffer.isBuffer(req.body) ? multipartPart(req.body, req.header('content-type') ?? '', 'media') : Buffer.alloc(0);
    upload.head ??= segment.subarray(0, 16);
    upload.received += segment.length;
    res.status(200).json({ data: { expires_at: Math.ceil(state.now() / 1000) + 86400 } });
  });
  router.post('/2/media/upload/:id/finalize', (req, res) => {
    if (!requireUser(state, req, res)) return;
    const upload = uploads.get(String(req.params.id));
    if (!upload || upload.received === 0) return problem(res, 400, 'Invalid Request', 'No media segments were uploaded.');
    if (upload.received !== upload.totalBytes) return problem(res, 400, 'Invalid Request', 'Segments do not add up to provided total file size.');
    const video = upload.mediaType.startsWith('video/');
    upload.state = video ? 'pending' : 'succeeded';
    res.json({
      data: { id: upload.id, media_key: `3_${upload.id}`, size: upload.received, expires_after_secs: 86400, ...(video ? { processing_info: { state: 'pending', check_after_secs: 1 } } : {}) },
    });
  });
  router.get('/2/media/upload', (req, res) => {
    if (!requireUser(state, req, res)) return;
    const upload = uploads.get(String(req.query.media_id));
    if (!upload) return problem(res, 400, 'Invalid Request', 'The media id is not valid.');
    upload.statusChecks += 1;
    if (upload.state === 'pending') upload.state = upload.head?.subarray(4, 8).toString('ascii') === 'ftyp' ? 'succeeded' : 'failed';
    const error = upload.state === 'failed' ? { error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' } } : {};
    res.json({ data: { id: upload.id, media_key: `3_${upload.id}`, processing_info: { state: upload.state, progress_percent: upload.state === 'succeeded' ? 100 : 50, ...error } } });
  });
}

/** Every answer to POST /2/tweets says what is left per user (x-rate-limit-*) and per app (x-app-limit-24hour-*). */
function createTweet(state: EmulatorState, uploads: Map<string, MediaUpload>, limits: PostLimits, req: Request, res: Response): void {
  const token = requireUser(state, req, res, 'tweet.write');
  if (!token) return;
  // The sizes are in the keys, so a knob turned by a test starts fresh windows.
  const user = state.hitRateWindow(`x:${token.accountExternalId}:create:${limits.perUser}/${limits.userWindowMs}${limits.userWindowPinned ? ':pinned' : ''}`, limits.perUser, limits.userWindowMs, {
    pinnedUntilFull: limits.userWindowPinned,
  });
  const app = state.hitRateWindow(`x:app:create:${limits.perApp}/${limits.appWindowMs}`, limits.perApp, limits.appWindowMs);
  setRateHeaders(res, user);
  setRateHeaders(res, app, 'x-app-limit-24hour');
  if (user.exceeded || app.exceeded) return problem(res, 429, 'Too Many Requests', 'Too Many Requests');
  const body = req.body as { text?: string; media?: { media_ids?: string[] } };
  const text = body.text ?? '';
  const mediaIds = body.media?.media_ids ?? [];
  if (!text && mediaIds.length === 0) return problem(res, 400, 'Invalid Request', 'One or more parameters to your request was invalid.', { errors: [{ message: 'text or media is required' }] });
  if (xWeightedLength(text) > 280) {
    return problem(res, 400, 'Invalid Request', 'One or more parameters to your request was invalid.', {
      errors: [{ parameters: { text: [text] }, message: 'The text of your Tweet is too long.' }],
    });
  }
  const media = mediaIds.map((id) => uploads.get(id));
  if (media.some((m) => !m || m.owner !== token.accountExternalId || m.state !== 'succeeded')) {
    return problem(res, 400, 'Invalid Request', 'Your media IDs are invalid.');
  }
  const mine = state.postsOn('x').filter((p) => p.accountExternalId === token.accountExternalId);
  if (mine.some((p) => p.text === text && text !== '')) {
    return problem(res, 403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  }
  const id = newId();
  const post = state.acceptPost({ platform: 'x', accountExternalId: token.accountExternalId, id, url: `https://x.com/${token.accountExternalId}/status/${id}`, text, mediaCount: mediaIds.length });
  res.status(201).json({ data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } });
}

function tweetRoutes(router: Router, state: EmulatorState, uploads: Map<string, MediaUpload>, limits: PostLimits): void {
  router.post('/2/tweets', (req, res) => createTweet(state, uploads, limits, req, res));
  router.get('/2/tweets/:id', (req, res) => {
    if (!requireUser(state, req, res)) return;
    const post = state.postsOn('x').find((p) => p.id === req.params.id);
    if (!post) {
      res.json({ errors: [{ value: req.params.id, detail: `Could not find tweet with id: [${req.params.id}].`, title: 'Not Found Error', resource_type: 'tweet', type: 'https://api.twitter.com/2/problems/resource-not-found' }] });
      return;
    }
    res.json({ data: tweetObject(state, post, String(req.query['tweet.fields'] ?? '')) });
  });
  router.get('/2/users/:id/tweets', (req, res) => {
    if (!requireUser(state, req, res)) return;
    const since = req.query.start_time ? Date.parse(String(req.query.start_time)) : 0;
    const max = Math.min(Number(req.query.max_results ?? 10), 100);
    const posts = state
      .postsOn('x')
      .filter((p) => p.accountExternalId === req.params.id && p.createdAt >= since)
      .reverse()
      .slice(0, max);
    const fields = String(req.query['tweet.fields'] ?? '');
    res.json({
      ...(posts.length ? { data: posts.map((p) => tweetObject(state, p, fields)) } : {}),
      meta: { result_count: posts.length, ...(posts.length ? { newest_id: posts[0]!.id, oldest_id: posts.at(-1)!.id } : {}) },
    });
  });
}

registerPlatformRoutes('x', (state) => {
  const router = Router();
  const uploads = new Map<string, MediaUpload>();
  const limits = { ...POST_LIMITS };
  const resetShared = state.reset.bind(state);
  state.reset = () => {
    resetShared();
    Object.assign(limits, POST_LIMITS);
  };
  // Sandbox-only knob: windows small enough for tests to fill and wait out.
  router.post('/_emulator/limits', (req, res) => {
    const body = req.body as { postsPerWindow?: number; postWindowMs?: number; pinPostWindowUntilFull?: boolean; appPostsPerWindow?: number; appWindowMs?: number };
    if (body.postsPerWindow !== undefined) limits.perUser = body.postsPerWindow;
    if (body.postWindowMs !== undefined) limits.userWindowMs = body.postWindowMs;
    if (body.pinPostWindowUntilFull !== undefined) limits.userWindowPinned = body.pinPostWindowUntilFull;
    if (body.appPostsPerWindow !== undefined) limits.perApp = body.appPostsPerWindow;
    if (body.appWindowMs !== undefined) limits.appWindowMs = body.appWindowMs;
    res.json(limits);
  });
  router.use(faultInjector('x', state, faults));
  oauthRoutes(router, state);
  mediaRoutes(router, state, uploads);
  tweetRoutes(router, state, uploads, limits);
  return router;
});
