import { Router, type Request, type Response } from 'express';
import { param, redeemCode } from './consent.js';
import { faultInjector } from './faults.js';
import { answerLoginForBusiness, dailyInsight, graphError, graphFaults, requireGraphToken, usageHeaders, type GraphErrorBody } from './graph.js';
import {
  captionError,
  containerStatus,
  fetchMedia,
  graphTime,
  InstagramBook,
  permalinkFor,
  type Container,
  type ContainerKind,
} from './instagram-containers.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type EmulatorState, type IssuedToken } from './state.js';

/**
 * Instagram Graph API (Facebook Login for Business): OAuth dialog and token exchange, the
 * Facebook Page that links the professional account, media containers, media_publish,
 * content_publishing_limit, media listing and insights. Mounted at /instagram.
 */

/** What the sandbox app's Login for Business configuration grants. */
const CONFIG_PERMISSIONS = ['instagram_basic', 'instagram_content_publish', 'instagram_manage_insights', 'pages_show_list', 'pages_read_engagement', 'business_management'];
const LONG_LIVED_SECONDS = 60 * 86400;
const SHORT_LIVED_SECONDS = 2 * 3600;
// Business use case limit per Instagram account and hour (sandbox figure).
const CALLS_PER_HOUR = 200;
const INSIGHT_METRICS = ['reach', 'likes', 'comments', 'shares', 'saved', 'views', 'total_interactions'] as const;

function oauthRoutes(router: Router, state: EmulatorState): void {
  router.get('/:version/dialog/oauth', (req, res) => {
    answerLoginForBusiness(state, 'instagram', req, res, CONFIG_PERMISSIONS);
  });

  router.get('/:version/oauth/access_token', (req, res) => {
    if (param(req, 'grant_type') === 'fb_exchange_token') {
      const presented = state.tokens.get(param(req, 'fb_exchange_token') ?? '');
      // An expired long-lived token cannot be exchanged for a new one: only a new login helps.
      if (presented?.platform === 'instagram' && !presented.revoked && presented.accessExpiresAt <= state.now()) {
        graphError(res, 400, { message: `Error validating access token: Session has expired on ${new Date(presented.accessExpiresAt).toUTCString()}.`, code: 190, error_subcode: 463 });
        return;
      }
      const current = state.validToken('instagram', param(req, 'fb_exchange_token'));
      if (!current || !param(req, 'client_secret')) {
        graphError(res, 400, { message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.', code: 190, error_subcode: 460 });
        return;
      }
      const token = state.issueToken('instagram', current.accountExternalId, current.scopes, LONG_LIVED_SECONDS);
      res.json({ access_token: token.accessToken, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS });
      return;
    }
    const redeemed = redeemCode(state, 'instagram', {
      code: param(req, 'code'),
      clientId: param(req, 'client_id'),
      redirectUri: param(req, 'redirect_uri'),
      codeVerifier: param(req, 'code_verifier'),
    });
    if ('error' in redeemed || !param(req, 'client_secret')) {
      graphError(res, 400, { message: `Error validating verification code. ${'error' in redeemed ? redeemed.error : 'client_secret is missing.'}`, code: 100, error_subcode: 36008 });
      return;
    }
    const token = state.issueToken('instagram', redeemed.accountExternalId, redeemed.scopes, SHORT_LIVED_SECONDS);
    res.json({ access_token: token.accessToken, token_type: 'bearer', expires_in: SHORT_LIVED_SECONDS });
  });

  // Removing the app's permissions revokes every token of that user (the "revoked grant" case).
  router.delete('/:version/me/permissions', (req, res) => {
    const token = requireGraphToken(state, 'instagram', req, res);
    if (!token) return;
    state.revokeAccount('instagram', token.accountExternalId);
    res.json({ success: true });
  });
}

function pageOf(token: IssuedToken) {
  const handle = token.accountExternalId.replace(/[^\w.]/g, '_');
  return {
    id: `page-${token.accountExternalId}`,
    name: `Sandbox page of ${handle}`,
    access_token: `page-${token.accessToken}`,
    instagram_business_account: {
      id: token.accountExternalId,
      username: handle,
      name: `Sandbox ${handle}`,
      profile_picture_url: `https://sandbox.invalid/avatars/${encodeURIComponent(handle)}.jpg`,
    },
  };
}

function accountRoutes(router: Router, state: EmulatorState): void {
  router.get('/:version/me', (req, res) => {
    const token = requireGraphToken(state, 'instagram', req, res);
    if (token) res.json({ id: `user-${token.accountExternalId}`, name: `Sandbox user ${token.accountExternalId}` });
  });
  router.get('/:version/me/accounts', (req, res) => {
    const token = requireGraphToken(state, 'instagram', req, res);
    if (token) res.json({ data: [pageOf(token)], paging: { cursors: { before: 'MA', after: 'MA' } } });
  });
}

/** The token, if it belongs to the Instagram account in the path; otherwise answers an error. */
function ownerToken(state: EmulatorState, req: Request, res: Response): IssuedToken | undefined {
  const token = requireGraphToken(state, 'instagram', req, res);
  if (token && token.accountExternalId !== req.params.igUserId) {
    graphError(res, 400, { message: '(#10) Application does not have permission for this action', code: 10 });
    return undefined;
  }
  if (!token) return undefined;
  const window = state.hitRateWindow(`instagram:${token.accountExternalId}`, CALLS_PER_HOUR, 3_600_000);
  const regainMinutes = window.exceeded ? Math.ceil((window.resetAt - state.now()) / 60_000) : 0;
  usageHeaders(res, token.accountExternalId, Math.min(100, Math.round(((window.limit - window.remaining) / window.limit) * 100)), regainMinutes);
  if (window.exceeded) {
    graphError(res, 400, { message: 'There have been too many calls to this Instagram account. Wait a bit and try again.', code: 80002, is_transient: true });
    return undefined;
  }
  return token;
}

interface Refusal {
  refused: true;
  status: number;
  error: GraphErrorBody;
}

async function createContainer(book: InstagramBook, owner: string, req: Request): Promise<Container | Refusal> {
  const caption = param(req, 'caption') ?? '';
  const isCarouselItem = param(req, 'is_carousel_item') === 'true';
  const mediaType = param(req, 'media_type');
  const captionProblem = isCarouselItem ? undefined : captionError(caption);
  if (captionProblem) return { refused: true, status: 400, error: captionProblem };
  const now = book.state.now();
  const base = { owner, caption, isCarouselItem, children: [] as string[], createdAt: now, readyAt: now };
  if (mediaType === 'CAROUSEL') {
    const children = (param(req, 'children') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    const bad = children.find((id) => {
      const child = book.containers.get(id);
      return !child || !child.isCarouselItem || child.owner !== owner || containerStatus(child, now) !== 'FINISHED';
    });
    if (children.length < 2 || children.length > 10 || bad) {
      return { refused: true, status: 400, error: { message: 'Invalid parameter', code: 100, error_subcode: 2207028, error_user_msg: bad ? `Carousel item ${bad} is not a finished carousel item of this account.` : `A carousel needs 2 to 10 items; got ${children.length}.` } };
    }
    return { ...base, id: book.nextId('1790'), kind: 'CAROUSEL', children };
  }
  const video = mediaType === 'REELS' || mediaType === 'VIDEO';
  const mediaUrl = video ? param(req, 'video_url') : param(req, 'image_url');
  if (!mediaUrl) return { refused: true, status: 400, error: { message: `(#100) The parameter ${video ? 'video_url' : 'image_url'} is required`, code: 100 } };
  const fetched = await fetchMedia(mediaUrl, video ? 'video' : 'image');
  if (!video && !fetched.ok) return { refused: true, status: 400, error: { message: 'Media download has failed.', code: 9004, error_subcode: 2207052, error_user_msg: fetched.problem } };
  const kind: ContainerKind = video ? 'REELS' : 'IMAGE';
  return { ...base, id: book.nextId('1790'), kind, mediaUrl, readyAt: video ? now + book.processingMs : now, error: fetched.ok ? undefined : fetched.problem };
}

function publishContainer(book: InstagramBook, owner: string, creationId: string | undefined, res: Response): void {
  const state = book.state;
  const container = creationId ? book.containers.get(creationId) : undefined;
  if (!container || container.owner !== owner || container.isCarouselItem) {
    graphError(res, 400, { message: 'Invalid parameter', code: 100, error_subcode: 33, error_user_msg: `No publishable container ${creationId ?? ''} for this account.` });
    return;
  }
  const status = containerStatus(container, state.now());
  if (status === 'PUBLISHED') return void graphError(res, 400, { message: 'The media has already been published.', code: 9007, error_subcode: 2207025 });
  if (status === 'EXPIRED') return void graphError(res, 400, { message: 'The media you are trying to access has expired. Please try to upload again.', code: -2, error_subcode: 2207020 });
  if (status === 'ERROR') return void graphError(res, 400, { message: container.error ?? 'Media processing failed.', code: -1, error_subcode: 2207053 });
  if (status === 'IN_PROGRESS') return void graphError(res, 400, { message: 'Media ID is not available', code: 9007, error_subcode: 2207027, error_user_msg: 'The media is not ready for publishing, please wait for a moment.' });
  if (book.quotaUsage(owner) >= book.quotaTotal) {
    graphError(res, 400, { message: 'Application request limit reached', code: 9, error_subcode: 2207042, error_user_msg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.' });
    return;
  }
  const mediaId = book.nextId('1789');
  container.publishedMediaId = mediaId;
  state.acceptPost({
    platform: 'instagram',
    accountExternalId: owner,
    id: mediaId,
    url: permalinkFor(mediaId),
    text: container.caption,
    mediaCount: container.kind === 'CAROUSEL' ? container.children.length : 1,
    extra: { containerId: container.id, mediaType: container.kind === 'REELS' ? 'VIDEO' : container.kind === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE' },
  });
  if (book.publishErrorsAfterAccept > 0) {
    book.publishErrorsAfterAccept -= 1;
    return void graphError(res, 500, { message: 'An unexpected error has occurred. Please retry your request later.', code: 2, is_transient: true });
  }
  res.json({ id: mediaId });
}

function publishingRoutes(router: Router, book: InstagramBook): void {
  const state = book.state;
  router.post('/:version/:igUserId/media', async (req, res) => {
    const token = ownerToken(state, req, res);
    if (!token) return;
    const created = await createContainer(book, token.accountExternalId, req);
    if ('refused' in created) return graphError(res, created.status, created.error);
    book.containers.set(created.id, created);
    res.json({ id: created.id });
  });
  router.post('/:version/:igUserId/media_publish', (req, res) => {
    const token = ownerToken(state, req, res);
    if (token) publishContainer(book, token.accountExternalId, param(req, 'creation_id'), res);
  });
  router.get('/:version/:igUserId/content_publishing_limit', (req, res) => {
    const token = ownerToken(state, req, res);
    if (!token) return;
    res.json({ data: [{ config: { quota_total: book.quotaTotal, quota_duration: 86400 }, quota_usage: book.quotaUsage(token.accountExternalId) }] });
  });
  router.get('/:version/:igUserId/media', (req, res) => {
    const token = ownerToken(state, req, res);
    if (!token) return;
    const since = Number(param(req, 'since') ?? 0) * 1000;
    const limit = Math.min(Number(param(req, 'limit') ?? 25), 100);
    const posts = state.postsOn('instagram').filter((p) => p.accountExternalId === token.accountExternalId && p.createdAt >= since);
    const data = posts.reverse().slice(0, limit).map((p) => ({ id: p.id, caption: p.text, permalink: p.url, timestamp: graphTime(p.createdAt), media_type: p.extra?.mediaType }));
    res.json({ data, paging: { cursors: { before: 'QVFI', after: 'QVFI' } } });
  });
}

/** The professional account's daily reach (period=day), as the User Insights endpoint answers it. */
function userInsights(state: EmulatorState, igUserId: string, req: Request, res: Response): void {
  const asked = (param(req, 'metric') ?? '').split(',').filter(Boolean);
  if (asked.length !== 1 || asked[0] !== 'reach') return graphError(res, 400, { message: '(#100) metric[0] must be one of the following values: reach, follower_count, online_followers, ...', code: 100 });
  if (param(req, 'period') !== 'day') return graphError(res, 400, { message: '(#100) Param period must be one of {day, lifetime}', code: 100 });
  res.json({ data: [dailyInsight(igUserId, 'reach', state.accountFigures('instagram', igUserId).reachLastDay, state.now())] });
}

function objectRoutes(router: Router, book: InstagramBook): void {
  const state = book.state;
  router.get('/:version/:objectId/insights', (req, res) => {
    const token = requireGraphToken(state, 'instagram', req, res);
    if (!token) return;
    if (req.params.objectId === token.accountExternalId) return userInsights(state, token.accountExternalId, req, res);
    const post = state.postsOn('instagram').find((p) => p.id === req.params.objectId && p.accountExternalId === token.accountExternalId);
    if (!post) return graphError(res, 400, { message: `Unsupported get request. Object with ID '${req.params.objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, code: 100, error_subcode: 33 });
    const asked = (param(req, 'metric') ?? '').split(',').filter(Boolean);
    const unknown = asked.find((m) => !(INSIGHT_METRICS as readonly string[]).includes(m));
    if (unknown || asked.length === 0) return graphError(res, 400, { message: `(#100) metric[0] must be one of the following values: ${INSIGHT_METRICS.join(', ')}`, code: 100 });
    const m = metricsAt(post, state.now());
    const values: Record<string, number> = { reach: m.reach, likes: m.likes, comments: m.comments, shares: m.shares, saved: m.saves, views: m.views, total_interactions: m.likes + m.comments + m.shares + m.saves };
    res.json({ data: asked.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }], title: name, id: `${post.id}/insights/${name}/lifetime` })) });
  });
  router.get('/:version/:objectId', (req, res) => {
    const token = requireGraphToken(state, 'instagram', req, res);
    if (!token) return;
    if (req.params.objectId === token.accountExternalId) {
      const { followers } = state.accountFigures('instagram', token.accountExternalId);
      return void res.json({ id: token.accountExternalId, followers_count: followers, follows_count: 50, media_count: state.postsOn('instagram').filter((p) => p.accountExternalId === token.accountExternalId).length });
    }
    const container = book.containers.get(req.params.objectId!);
    if (container && container.owner === token.accountExternalId) {
      const status = containerStatus(container, state.now());
      return void res.json({ id: container.id, status_code: status, status: status === 'ERROR' ? `Error: ${container.error}` : status });
    }
    const post = state.postsOn('instagram').find((p) => p.id === req.params.objectId && p.accountExternalId === token.accountExternalId);
    if (!post) return graphError(res, 400, { message: `Unsupported get request. Object with ID '${req.params.objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, code: 100, error_subcode: 33 });
    const m = metricsAt(post, state.now());
    res.json({ id: post.id, caption: post.text, permalink: post.url, timestamp: graphTime(post.createdAt), media_type: post.extra?.mediaType, like_count: m.likes, comments_count: m.comments });
  });
}

registerPlatformRoutes('instagram', (state) => {
  const router = Router();
  const book = new InstagramBook(state);
  // A sandbox reset also forgets containers and the limits set below.
  const resetShared = state.reset.bind(state);
  state.reset = () => {
    resetShared();
    book.clear();
  };
  // Sandbox-only knobs: the daily publishing cap, video processing time, and media_publish calls
  // that publish but answer an error (Meta's documented reason to check the container).
  router.post('/_emulator/limits', (req, res) => {
    const body = req.body as { quotaTotal?: number; processingMs?: number; publishErrorsAfterAccept?: number };
    if (body.quotaTotal !== undefined) book.quotaTotal = body.quotaTotal;
    if (body.processingMs !== undefined) book.processingMs = body.processingMs;
    if (body.publishErrorsAfterAccept !== undefined) book.publishErrorsAfterAccept = body.publishErrorsAfterAccept;
    res.json({ quotaTotal: book.quotaTotal, processingMs: book.processingMs, publishErrorsAfterAccept: book.publishErrorsAfterAccept });
  });
  router.use(faultInjector('instagram', state, graphFaults));
  oauthRoutes(router, state);
  accountRoutes(router, state);
  publishingRoutes(router, book);
  objectRoutes(router, book);
  return router;
});
