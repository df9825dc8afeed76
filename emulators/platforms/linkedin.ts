import { randomInt } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { answerAuthorize, param } from './consent.js';
import { bearer, faultInjector, type FaultResponses } from './faults.js';
import { grantFailed, tokenGrant, type GrantPolicy } from './oauth-grants.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type EmulatorState, type IssuedToken } from './state.js';

/**
 * LinkedIn: OAuth (www.linkedin.com/oauth/v2), OpenID userinfo, the versioned Posts, Images and
 * Videos APIs, socialActions for metrics. Mounted at /linkedin; /rest calls must carry
 * LinkedIn-Version and X-Restli-Protocol-Version like the real API demands.
 */

const GRANTS: GrantPolicy = { accessTtlSeconds: 60 * 86400, refreshTtlSeconds: 365 * 86400, rotateRefreshToken: false, scopeSeparator: ',' };
/** Posts a member may publish in 24 hours; a benchmark lifts it through /_emulator/limits. */
const DAILY_POSTS = 150;
const MAX_COMMENTARY = PLATFORM_LIMITS.linkedin.maxTextLength;

/** LinkedIn stores commentary with its little-text-format escapes removed. */
const unescapeCommentary = (text: string) => text.replace(/\\([\\|{}@[\]()<>*_~#])/g, '$1');

/** LinkedIn's Videos API hands out one upload URL per 4 MiB part. */
const VIDEO_PART_BYTES = 4 * 1024 * 1024;

interface Asset {
  urn: string;
  owner: string;
  kind: 'image' | 'video';
  /** ETags of the parts received, by part index; an image has one part. */
  parts: (string | undefined)[];
  uploaded: boolean;
  finalized: boolean;
  statusChecks: number;
}

function videoInstructions(uploadUrl: string, size: number) {
  const count = Math.max(1, Math.ceil(size / VIDEO_PART_BYTES));
  return Array.from({ length: count }, (_, i) => ({
    uploadUrl: `${uploadUrl}?part=${i}`,
    firstByte: i * VIDEO_PART_BYTES,
    lastByte: Math.min(size, (i + 1) * VIDEO_PART_BYTES) - 1,
  }));
}

function liError(res: Response, status: number, message: string, code?: string, serviceErrorCode?: number): void {
  res.status(status).json({ status, message, ...(code ? { code } : {}), ...(serviceErrorCode ? { serviceErrorCode } : {}) });
}

const faults: FaultResponses = {
  // LinkedIn's limits are daily (reset at midnight UTC) and its 429 names no retry time.
  rateLimited(res, fault) {
    liError(res, fault.status ?? 429, 'Resource level throttle DAY limit for calls to this resource is reached.', 'TOO_MANY_REQUESTS');
  },
  expiredToken(res) {
    liError(res, 401, 'The token used in the request has expired', 'EXPIRED_ACCESS_TOKEN', 65601);
  },
  serverError(res, fault) {
    liError(res, fault.status ?? 500, 'Internal Server Error', 'INTERNAL_SERVER_ERROR');
  },
};

const numericId = () => `7${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;

function member(state: EmulatorState, req: Request, res: Response): IssuedToken | undefined {
  const token = state.validToken('linkedin', bearer(req));
  if (!token) liError(res, 401, 'Invalid access token', 'INVALID_ACCESS_TOKEN', 65600);
  return token;
}

/**
 * Reading a member's posts and their likes and comments needs r_member_social, a restricted scope
 * LinkedIn grants only to some apps (Community Management API); without it the answer is 403.
 */
function memberReader(state: EmulatorState, req: Request, res: Response, resource: string): IssuedToken | undefined {
  const token = member(state, req, res);
  if (token && !token.scopes.includes('r_member_social')) return void liError(res, 403, `Not enough permissions to access: ${resource}`, 'ACCESS_DENIED', 100);
  return token;
}

/** The versioned API refuses calls without a LinkedIn-Version it knows. */
function versioned(req: Request, res: Response, next: () => void): void {
  const version = req.header('linkedin-version');
  if (!version || !/^\d{6}(\.\d{2})?$/.test(version)) {
    liError(res, 400, `A version header (LinkedIn-Version: YYYYMM) is required; got ${version ?? 'none'}.`, 'VERSION_MISSING');
    return;
  }
  if (req.header('x-restli-protocol-version') !== '2.0.0') {
    liError(res, 400, 'X-Restli-Protocol-Version: 2.0.0 is required.', 'INVALID_PROTOCOL_VERSION');
    return;
  }
  next();
}

function oauthRoutes(router: Router, state: EmulatorState): void {
  router.get('/oauth/v2/authorization', (req, res) => {
    answerAuthorize(state, 'linkedin', req, res, {
      clientId: param(req, 'client_id'),
      redirectUri: param(req, 'redirect_uri'),
      scopes: (param(req, 'scope') ?? '').split(/[ ,]+/).filter(Boolean),
      state: param(req, 'state'),
    });
  });
  router.post('/oauth/v2/accessToken', (req, res) => {
    const result = tokenGrant(state, 'linkedin', req, GRANTS);
    if ('error' in result) return grantFailed(res, result);
    res.json(result);
  });
  router.get('/v2/userinfo', (req, res) => {
    const token = member(state, req, res);
    if (!token) return;
    const id = token.accountExternalId;
    res.json({ sub: id, name: `Sandbox LinkedIn (${id})`, given_name: 'Sandbox', family_name: 'Member', picture: `https://sandbox.invalid/linkedin/${id}.png`, locale: { country: 'US', language: 'en' } });
  });
}

function assetRoutes(router: Router, state: EmulatorState, assets: Map<string, Asset>, baseUrl: () => string): void {
  const initialize = (kind: Asset['kind']) => (req: Request, res: Response) => {
    const token = member(state, req, res);
    if (!token) return;
    if (req.query.action !== 'initializeUpload') return liError(res, 400, 'Unsupported action.', 'ILLEGAL_ARGUMENT');
    const owner = (req.body as { initializeUploadRequest?: { owner?: string } }).initializeUploadRequest?.owner;
    if (owner !== `urn:li:person:${token.accountExternalId}`) return liError(res, 403, `Not enough permissions to upload for ${owner}.`, 'ACCESS_DENIED');
    const urn = `urn:li:${kind}:C${numericId()}`;
    const uploadUrl = `${baseUrl()}/dms-uploads/${encodeURIComponent(urn)}`;
    if (kind === 'image') {
      assets.set(urn, { urn, owner, kind, parts: [undefined], uploaded: false, finalized: false, statusChecks: 0 });
      return res.json({ value: { uploadUrlExpiresAt: state.now() + 86_400_000, uploadUrl, image: urn } });
    }
    const size = Number((req.body as { initializeUploadRequest: { fileSizeBytes?: number } }).initializeUploadRequest.fileSizeBytes ?? 0);
    if (!(size > 0)) return liError(res, 400, '/initializeUploadRequest/fileSizeBytes :: must be a positive number', 'ILLEGAL_ARGUMENT');
    const uploadInstructions = videoInstructions(uploadUrl, size);
    assets.set(urn, { urn, owner, kind, parts: uploadInstructions.map(() => undefined), uploaded: false, finalized: false, statusChecks: 0 });
    res.json({ value: { uploadUrlsExpireAt: state.now() + 86_400_000, video: urn, uploadInstructions, uploadToken: '' } });
  };
  router.post('/rest/images', versioned, initialize('image'));
  router.post('/rest/videos', versioned, (req, res) => {
    if (req.query.action !== 'finalizeUpload') return initialize('video')(req, res);
    if (!member(state, req, res)) return;
    const request = (req.body as { finalizeUploadRequest?: { video?: string; uploadedPartIds?: string[] } }).finalizeUploadRequest;
    const asset = assets.get(String(request?.video));
    if (!asset || !asset.uploaded) return liError(res, 400, 'The video has not been uploaded.', 'ILLEGAL_ARGUMENT');
    if (JSON.stringify(request?.uploadedPartIds ?? []) !== JSON.stringify(asset.parts)) {
      return liError(res, 400, '/finalizeUploadRequest/uploadedPartIds :: must list every part\'s ETag in order', 'ILLEGAL_ARGUMENT');
    }
    asset.finalized = true;
    res.status(200).end();
  });
  router.put('/dms-uploads/:urn', express.raw({ type: () => true, limit: '100mb' }), (req, res) => {
    if (!member(state, req, res)) return;
    const asset = assets.get(String(req.params.urn));
    const index = Number(req.query.part ?? 0);
    if (!asset || !Buffer.isBuffer(req.body) || req.body.length === 0 || !(index in asset.parts)) return liError(res, 400, 'Upload refused: unknown asset or part, or empty body.');
    const etag = `/ambry-video/${asset.urn}/part-${index}-${req.body.length}`;
    asset.parts[index] = etag;
    asset.uploaded = asset.parts.every(Boolean);
    res.setHeader('etag', etag);
    res.status(201).end();
  });
  router.get('/rest/videos/:urn', versioned, (req, res) => {
    if (!member(state, req, res)) return;
    const asset = assets.get(String(req.params.urn));
    if (!asset) return liError(res, 404, 'Not found', 'NOT_FOUND');
    asset.statusChecks += 1;
    res.json({ id: asset.urn, owner: asset.owner, status: asset.finalized && asset.statusChecks > 1 ? 'AVAILABLE' : 'PROCESSING' });
  });
}

/** Refuses content the way LinkedIn does; undefined when the post is acceptable. */
function refusal(state: EmulatorState, token: IssuedToken, body: PostBody, assets: Map<string, Asset>, limits: { dailyPosts: number }): [number, string] | undefined {
  const text = unescapeCommentary(body.commentary ?? '');
  if (body.author !== `urn:li:person:${token.accountExternalId}`) return [403, `Not enough permissions to post as ${body.author}.`];
  if (!token.scopes.includes('w_member_social')) return [403, 'Not enough permissions to access: partnerApiPostsExternal.CREATE (scope w_member_social).'];
  if (text.length > MAX_COMMENTARY) return [422, `/commentary :: length of commentary ${text.length} exceeds ${MAX_COMMENTARY}`];
  const ids = [body.content?.media?.id, ...(body.content?.multiImage?.images ?? []).map((i) => i.id)].filter((id): id is string => Boolean(id));
  const article = body.content?.article;
  if (article && !article.title) return [422, '/content/article/title :: field is required (the Posts API does not scrape the link for a title)'];
  if (article?.thumbnail) ids.push(article.thumbnail);
  const bad = ids.find((id) => !assets.get(id)?.uploaded || (assets.get(id)!.kind === 'video' && !assets.get(id)!.finalized));
  if (bad) return [422, `/content :: ${bad} is not available (upload it first).`];
  const duplicate = state.postsOn('linkedin').find((p) => p.accountExternalId === token.accountExternalId && p.text === text && text !== '');
  if (duplicate) return [422, `Content is a duplicate of ${duplicate.id}`];
  if (state.recentPostCount('linkedin', token.accountExternalId, 86_400_000) >= limits.dailyPosts) return [429, 'Daily post limit reached for this member.'];
  return undefined;
}

interface PostBody {
  author?: string;
  commentary?: string;
  content?: { media?: { id?: string }; multiImage?: { images?: { id: string }[] }; article?: { source?: string; title?: string; description?: string; thumbnail?: string } };
}

function postRoutes(router: Router, state: EmulatorState, assets: Map<string, Asset>, limits: { dailyPosts: number }): void {
  router.post('/rest/posts', versioned, (req, res) => {
    const token = member(state, req, res);
    if (!token) return;
    const body = req.body as PostBody;
    const refused = refusal(state, token, body, assets, limits);
    if (refused) return liError(res, refused[0], refused[1], refused[0] === 429 ? 'TOO_MANY_REQUESTS' : undefined);
    const urn = `urn:li:share:${numericId()}`;
    const mediaCount = (body.content?.media ? 1 : 0) + (body.content?.multiImage?.images?.length ?? 0);
    const article = body.content?.article;
    // Shown exactly as sent: LinkedIn fetches nothing from the linked page.
    const extra = { article: article?.source, articleTitle: article?.title, articleDescription: article?.description, articleThumbnail: article?.thumbnail };
    state.acceptPost({ platform: 'linkedin', accountExternalId: token.accountExternalId, id: urn, url: `https://www.linkedin.com/feed/update/${urn}/`, text: unescapeCommentary(body.commentary ?? ''), mediaCount, extra });
    res.setHeader('x-restli-id', urn);
    res.status(201).end();
  });
  router.get('/rest/posts', versioned, (req, res) => {
    const token = memberReader(state, req, res, 'partnerApiPostsExternal.FINDER-author');
    if (!token) return;
    if (req.query.q !== 'author' || req.query.author !== `urn:li:person:${token.accountExternalId}`) return liError(res, 403, 'Not enough permissions to read these posts.', 'ACCESS_DENIED');
    const posts = state.postsOn('linkedin').filter((p) => p.accountExternalId === token.accountExternalId).reverse().slice(0, Number(req.query.count ?? 10));
    res.json({ paging: { start: 0, count: posts.length }, elements: posts.map((p) => ({ id: p.id, author: req.query.author, commentary: p.text, createdAt: p.createdAt, publishedAt: p.createdAt, lifecycleState: 'PUBLISHED' })) });
  });
  // Community Management API: a member's follower count needs the restricted r_member_followers.
  router.get('/rest/memberFollowersCount', versioned, (req, res) => {
    const token = member(state, req, res);
    if (!token) return;
    if (!token.scopes.includes('r_member_followers')) return liError(res, 403, 'Not enough permissions to access: memberFollowersCount.FINDER-me', 'ACCESS_DENIED', 100);
    if (req.query.q !== 'me') return liError(res, 400, 'Only q=me is supported.', 'ILLEGAL_ARGUMENT');
    res.json({ paging: { start: 0, count: 10, links: [] }, elements: [{ memberFollowersCount: state.accountFigures('linkedin', token.accountExternalId).followers }] });
  });
  router.get('/rest/socialActions/:urn', versioned, (req, res) => {
    if (!memberReader(state, req, res, 'partnerApiSocialActions.GET')) return;
    const post = state.postsOn('linkedin').find((p) => p.id === req.params.urn);
    if (!post) return liError(res, 404, `Not found: ${req.params.urn}`, 'NOT_FOUND');
    const m = metricsAt(post, state.now());
    res.json({ target: post.id, likesSummary: { totalLikes: m.likes, likedByCurrentUser: false }, commentsSummary: { totalFirstLevelComments: m.comments, aggregatedTotalComments: m.comments } });
  });
}

registerPlatformRoutes('linkedin', (state, baseUrl) => {
  const router = Router();
  const assets = new Map<string, Asset>();
  const limits = { dailyPosts: DAILY_POSTS };
  const resetShared = state.reset.bind(state);
  state.reset = () => {
    resetShared();
    limits.dailyPosts = DAILY_POSTS;
  };
  // Sandbox-only knob: a member's daily post cap (a benchmark's single big org posts more than 150 a day).
  router.post('/_emulator/limits', (req, res) => {
    const body = req.body as { dailyPosts?: number };
    if (body.dailyPosts !== undefined) limits.dailyPosts = body.dailyPosts;
    res.json(limits);
  });
  router.use(faultInjector('linkedin', state, faults));
  oauthRoutes(router, state);
  assetRoutes(router, state, assets, baseUrl);
  postRoutes(router, state, assets, limits);
  return router;
});
