import express, { Router, type Request, type Response } from 'express';
import { answerAuthorize, param, redeemCode } from './consent.js';
import { bearer, faultInjector, type FaultResponses } from './faults.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type EmulatorState, type IssuedToken } from './state.js';
import { googleError, metadataProblem, unauthenticated, videoResource, YouTubeBook, type UploadSession, type VideoMetadata } from './youtube-uploads.js';

/**
 * Google OAuth (authorize, /token, /revoke) and the YouTube Data API v3 parts Herald uses:
 * channels (mine), resumable videos.insert, videos.list and playlistItems.list. Mounted at
 * /youtube. googleapis resolves its paths (/youtube/v3/...) against the rootUrl's origin, so Data
 * API calls arrive here as /v3/...; uploads keep the real /upload/youtube/v3/videos path.
 */

const ACCESS_TTL = 3599;
const UPLOAD_PATH = '/upload/youtube/v3/videos';

const faults: FaultResponses = {
  rateLimited(res, fault) {
    if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    googleError(res, fault.status ?? 429, 'RESOURCE_EXHAUSTED', 'The request cannot be completed because you have exceeded your rate limit.', { domain: 'youtube.quota', reason: 'rateLimitExceeded' });
  },
  expiredToken(res) {
    unauthenticated(res);
  },
  serverError(res, fault) {
    googleError(res, fault.status ?? 503, 'UNAVAILABLE', 'The service is currently unavailable.', { domain: 'global', reason: 'backendError' });
  },
};

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function tokenRoute(state: EmulatorState, book: YouTubeBook) {
  return (req: Request, res: Response) => {
    const clientId = param(req, 'client_id');
    if (!clientId || !param(req, 'client_secret')) return oauthError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    if (param(req, 'grant_type') === 'refresh_token') {
      const old = state.findByRefreshToken('youtube', param(req, 'refresh_token') ?? '');
      if (!old) return oauthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
      const fresh = state.issueToken('youtube', old.accountExternalId, old.scopes, ACCESS_TTL);
      fresh.refreshToken = old.refreshToken;
      // Google answers a refresh without a refresh_token: the old one stays valid.
      return void res.json({ access_token: fresh.accessToken, expires_in: ACCESS_TTL, scope: fresh.scopes.join(' '), token_type: 'Bearer' });
    }
    const redeemed = redeemCode(state, 'youtube', { code: param(req, 'code'), clientId, redirectUri: param(req, 'redirect_uri'), codeVerifier: param(req, 'code_verifier') });
    if ('error' in redeemed) return oauthError(res, 400, 'invalid_grant', redeemed.error);
    const key = `${clientId}:${redeemed.accountExternalId}`;
    const withRefresh = !book.consented.has(key) || book.forcedConsent.has(key);
    book.consented.add(key);
    book.forcedConsent.delete(key);
    const token = state.issueToken('youtube', redeemed.accountExternalId, redeemed.scopes, ACCESS_TTL);
    res.json({ access_token: token.accessToken, expires_in: ACCESS_TTL, ...(withRefresh ? { refresh_token: token.refreshToken } : {}), scope: token.scopes.join(' '), token_type: 'Bearer' });
  };
}

function oauthRoutes(router: Router, book: YouTubeBook): void {
  const state = book.state;
  router.get('/o/oauth2/v2/auth', (req, res) => {
    const clientId = param(req, 'client_id');
    if (req.query.approve === '1' && clientId) {
      const account = typeof req.query.account === 'string' && req.query.account ? req.query.account : 'sandbox-youtube-1';
      if (param(req, 'prompt')?.includes('consent')) book.forcedConsent.add(`${clientId}:${account}`);
    }
    if (param(req, 'code_challenge') && param(req, 'code_challenge_method') !== 'S256') return oauthError(res, 400, 'invalid_request', 'code_challenge_method must be S256 here.');
    answerAuthorize(state, 'youtube', req, res, {
      clientId,
      redirectUri: param(req, 'redirect_uri'),
      scopes: (param(req, 'scope') ?? '').split(' ').filter(Boolean),
      state: param(req, 'state'),
      codeChallenge: param(req, 'code_challenge'),
    });
  });
  router.post('/token', tokenRoute(state, book));
  router.post('/o/oauth2/token', tokenRoute(state, book));
  router.post('/revoke', (req, res) => {
    const token = state.tokens.get(param(req, 'token') ?? '') ?? state.findByRefreshToken('youtube', param(req, 'token') ?? '');
    if (!token || token.platform !== 'youtube') return oauthError(res, 400, 'invalid_token', 'Token expired or revoked');
    state.revokeAccount('youtube', token.accountExternalId);
    res.json({});
  });
}

function requireToken(state: EmulatorState, req: Request, res: Response): IssuedToken | undefined {
  const token = state.validToken('youtube', bearer(req));
  if (!token) unauthenticated(res);
  return token;
}

function uploadRoutes(router: Router, book: YouTubeBook, baseUrl: () => string): void {
  const state = book.state;
  router.post(UPLOAD_PATH, (req, res) => {
    const token = requireToken(state, req, res);
    if (!token) return;
    if (req.query.uploadType !== 'resumable') return googleError(res, 400, 'INVALID_ARGUMENT', 'Only resumable uploads are emulated.', { domain: 'global', reason: 'badRequest' });
    const limit = book.uploadLimit(token.accountExternalId);
    if (limit === 'quotaExceeded') return googleError(res, 403, 'PERMISSION_DENIED', 'The request cannot be completed because you have exceeded your quota.', { domain: 'youtube.quota', reason: 'quotaExceeded' });
    if (limit) return googleError(res, 400, 'INVALID_ARGUMENT', 'The user has exceeded the number of videos they may upload.', { domain: 'youtube.video', reason: 'uploadLimitExceeded' });
    const metadata = (req.body ?? {}) as VideoMetadata;
    const problem = metadataProblem(metadata);
    if (problem) return googleError(res, 400, 'INVALID_ARGUMENT', problem[1], { domain: 'youtube.video', reason: problem[0] });
    const total = Number(req.header('x-upload-content-length'));
    const session = book.newSession(token.accountExternalId, metadata, req.header('x-upload-content-type') ?? 'video/*', Number.isFinite(total) ? total : 0);
    res.setHeader('Location', `${baseUrl()}${UPLOAD_PATH}?uploadType=resumable&upload_id=${session.id}`);
    res.setHeader('X-GUploader-UploadID', session.id);
    res.status(200).end();
  });

  router.put(UPLOAD_PATH, express.raw({ type: () => true, limit: '200mb' }), (req, res) => {
    const session = book.sessions.get(String(req.query.upload_id ?? ''));
    if (!session) return googleError(res, 404, 'NOT_FOUND', 'Upload session not found.', { domain: 'global', reason: 'notFound' });
    const range = req.header('content-range') ?? '';
    if (session.video) return void res.status(200).json(session.video);
    const query = /^bytes \*\/(\d+|\*)$/.exec(range);
    if (query) return resumeIncomplete(res, session);
    const chunk = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const whole = !range && bytes.byteLength > 0;
    const first = chunk ? Number(chunk[1]) : 0;
    if (!whole && (!chunk || first !== session.received || Number(chunk[2]) - first + 1 !== bytes.byteLength)) return resumeIncomplete(res, session);
    if (chunk && chunk[3] !== '*') session.totalBytes = Number(chunk[3]);
    if (whole) session.totalBytes = bytes.byteLength;
    if (first === 0) session.firstBytes = bytes.subarray(0, 16);
    session.received = first + bytes.byteLength;
    if (session.received < session.totalBytes) return resumeIncomplete(res, session);
    res.status(200).json(book.finish(session));
  });
}

function resumeIncomplete(res: Response, session: UploadSession): void {
  if (session.received > 0) res.setHeader('Range', `bytes=0-${session.received - 1}`);
  res.status(308).end();
}

/** Data API routes, as /v3/... under the /youtube mount (see the header). */
function dataRoutes(router: Router, book: YouTubeBook): void {
  const state = book.state;
  const parts = (req: Request) => String(req.query.part ?? '').split(',');
  router.use('/v3', (_req, res, next) => {
    if (book.spendUnits(1)) return next();
    googleError(res, 403, 'PERMISSION_DENIED', 'The request cannot be completed because you have exceeded your quota.', { domain: 'youtube.quota', reason: 'quotaExceeded' });
  });
  router.get('/v3/channels', (req, res) => {
    const token = requireToken(state, req, res);
    if (!token) return;
    if (req.query.mine !== 'true') return googleError(res, 400, 'INVALID_ARGUMENT', 'Only mine=true is emulated.', { domain: 'youtube.parameter', reason: 'missingRequiredParameter' });
    const id = token.accountExternalId;
    const handle = id.replace(/[^\w.-]/g, '');
    res.json({
      kind: 'youtube#channelListResponse',
      pageInfo: { totalResults: 1, resultsPerPage: 5 },
      items: [{
        kind: 'youtube#channel',
        id,
        snippet: { title: `Sandbox ${handle}`, description: '', customUrl: `@${handle}`, thumbnails: { default: { url: `https://sandbox.invalid/yt/${handle}.jpg`, width: 88, height: 88 } } },
        contentDetails: { relatedPlaylists: { likes: '', uploads: `UU${id}` } },
        ...(String(req.query.part ?? '').includes('statistics')
          ? { statistics: { viewCount: '0', subscriberCount: String(state.accountFigures('youtube', id).followers), hiddenSubscriberCount: false, videoCount: String(state.postsOn('youtube').filter((p) => p.accountExternalId === id).length) } }
          : {}),
      }],
    });
  });
  router.get('/v3/videos', (req, res) => {
    const token = requireToken(state, req, res);
    if (!token) return;
    const ids = String(req.query.id ?? '').split(',').filter(Boolean);
    const posts = state.postsOn('youtube').filter((p) => ids.includes(p.id));
    const items = posts.map((p) => videoResource(p, parts(req), metricsAt(p, state.now())));
    res.json({ kind: 'youtube#videoListResponse', pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });
  });
  router.get('/v3/playlistItems', (req, res) => {
    const token = requireToken(state, req, res);
    if (!token) return;
    const owner = String(req.query.playlistId ?? '').replace(/^UU/, '');
    if (owner !== token.accountExternalId) return googleError(res, 404, 'NOT_FOUND', 'The playlist identified with the request\'s playlistId parameter cannot be found.', { domain: 'youtube.playlistItem', reason: 'playlistNotFound' });
    const max = Math.min(Number(req.query.maxResults ?? 5), 50);
    const uploads = state.postsOn('youtube').filter((p) => p.accountExternalId === owner).reverse().slice(0, max);
    const items = uploads.map((p, position) => ({
      kind: 'youtube#playlistItem',
      id: `PLI${p.id}`,
      snippet: { publishedAt: new Date(p.createdAt).toISOString(), channelId: owner, title: p.extra?.title, description: p.extra?.description, playlistId: `UU${owner}`, position, resourceId: { kind: 'youtube#video', videoId: p.id } },
      contentDetails: { videoId: p.id, videoPublishedAt: new Date(p.createdAt).toISOString() },
    }));
    res.json({ kind: 'youtube#playlistItemListResponse', pageInfo: { totalResults: items.length, resultsPerPage: max }, items });
  });
}

registerPlatformRoutes('youtube', (state, baseUrl) => {
  const router = Router();
  const book = new YouTubeBook(state);
  const resetShared = state.reset.bind(state);
  state.reset = () => {
    resetShared();
    book.clear();
  };
  // Sandbox-only knobs: project audit state and daily limits.
  router.post('/_emulator/project', (req, res) => {
    const body = req.body as { audited?: boolean; projectUploadsPerDay?: number; channelUploadsPerDay?: number; projectUnitsPerDay?: number };
    if (body.projectUnitsPerDay !== undefined) book.projectUnitsPerDay = body.projectUnitsPerDay;
    if (body.audited !== undefined) book.audited = body.audited;
    if (body.projectUploadsPerDay !== undefined) book.projectUploadsPerDay = body.projectUploadsPerDay;
    if (body.channelUploadsPerDay !== undefined) book.channelUploadsPerDay = body.channelUploadsPerDay;
    res.json({ audited: book.audited, projectUploadsPerDay: book.projectUploadsPerDay, channelUploadsPerDay: book.channelUploadsPerDay, projectUnitsPerDay: book.projectUnitsPerDay });
  });
  router.use(faultInjector('youtube', state, faults));
  oauthRoutes(router, book);
  uploadRoutes(router, book, baseUrl);
  dataRoutes(router, book);
  return router;
});
