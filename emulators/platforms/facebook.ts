import { randomInt } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { param, redeemCode } from './consent.js';
import { faultInjector } from './faults.js';
import { answerLoginForBusiness, dailyInsight, graphError, graphFaults, requireGraphToken, usageHeaders } from './graph.js';
import { registerPlatformRoutes } from './server.js';
import { metricsAt, type AcceptedPost, type EmulatorState, type IssuedToken } from './state.js';

/**
 * Facebook Pages on the Graph API: the OAuth dialog, code and fb_exchange_token exchanges,
 * /me/accounts (Page tokens), Page feed/photos/videos publishing, post fields and insights.
 * Mounted at /facebook. The sandbox account chosen at consent is the Page; the user behind it
 * holds user tokens, the Page holds a Page token that never expires.
 */

/** What the sandbox app's Login for Business configuration grants. */
const CONFIG_PERMISSIONS = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'publish_video', 'read_insights'];
const SHORT_LIVED = 2 * 3600;
const LONG_LIVED = 60 * 86400;
const PAGE_TOKEN_TTL = 10 * 365 * 86400;
const MAX_MESSAGE = PLATFORM_LIMITS.facebook.maxTextLength;
const PAGE_POSTS_PER_DAY = 200;
/** App-level Graph budget per rolling hour in the sandbox; usage headers report the share used. */
const APP_CALLS_PER_HOUR = 600;

interface Book {
  /** Access tokens that are Page tokens (the rest are user tokens). */
  pageTokens: Set<string>;
  /** Unpublished photos waiting to be attached to a feed post. */
  photos: Map<string, { pageId: string; url: string }>;
}

const objectId = () => `${randomInt(100_000, 999_999)}${randomInt(100_000_000, 999_999_999)}`;

function pageName(pageId: string): string {
  return `Sandbox Page (${pageId})`;
}

function oauthRoutes(router: Router, state: EmulatorState, book: Book): void {
  router.get('/:version/dialog/oauth', (req, res) => {
    answerLoginForBusiness(state, 'facebook', req, res, CONFIG_PERMISSIONS);
  });
  router.get('/:version/oauth/access_token', (req, res) => {
    if (!param(req, 'client_id') || !param(req, 'client_secret')) {
      return graphError(res, 400, { message: 'Missing client_id or client_secret parameter.', code: 101 });
    }
    if (param(req, 'grant_type') === 'fb_exchange_token') {
      const current = state.validToken('facebook', param(req, 'fb_exchange_token'));
      if (!current || book.pageTokens.has(current.accessToken)) {
        return graphError(res, 400, { message: 'Error validating access token: The session has been invalidated.', code: 190, error_subcode: 460 });
      }
      const token = state.issueToken('facebook', current.accountExternalId, current.scopes, LONG_LIVED);
      return res.json({ access_token: token.accessToken, token_type: 'bearer', expires_in: LONG_LIVED });
    }
    const redeemed = redeemCode(state, 'facebook', { code: param(req, 'code'), clientId: param(req, 'client_id'), redirectUri: param(req, 'redirect_uri') });
    if ('error' in redeemed) return graphError(res, 400, { message: `Error validating verification code. ${redeemed.error}`, code: 100, error_subcode: 36008 });
    const token = state.issueToken('facebook', redeemed.accountExternalId, redeemed.scopes, SHORT_LIVED);
    res.json({ access_token: token.accessToken, token_type: 'bearer', expires_in: SHORT_LIVED });
  });
  router.get('/:version/me/accounts', (req, res) => {
    const user = requireGraphToken(state, 'facebook', req, res);
    if (!user) return;
    if (book.pageTokens.has(user.accessToken)) return graphError(res, 400, { message: '(#100) Tried accessing nonexisting field (accounts) on node type (Page)', code: 100 });
    if (!user.scopes.includes('pages_show_list')) return res.json({ data: [] });
    const page = state.issueToken('facebook', user.accountExternalId, user.scopes, PAGE_TOKEN_TTL);
    book.pageTokens.add(page.accessToken);
    const id = user.accountExternalId;
    res.json({ data: [{ id, name: pageName(id), access_token: page.accessToken, category: 'Brand', tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MODERATE', 'MANAGE'], picture: { data: { url: `https://sandbox.invalid/facebook/${id}.png` } } }] });
  });
}

/** The Page token for a Page-scoped call, or an answer like Graph's and undefined. */
function pageToken(state: EmulatorState, book: Book, req: Request, res: Response): IssuedToken | undefined {
  const token = requireGraphToken(state, 'facebook', req, res);
  if (!token) return undefined;
  const pageId = String(req.params.pageId);
  if (!book.pageTokens.has(token.accessToken) || token.accountExternalId !== pageId) {
    graphError(res, 403, { message: '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission', code: 200 });
    return undefined;
  }
  if (!token.scopes.includes('pages_manage_posts') && req.method === 'POST') {
    graphError(res, 403, { message: '(#200) The user hasn\'t authorized the application to perform this action (pages_manage_posts)', code: 200 });
    return undefined;
  }
  return token;
}

function refused(state: EmulatorState, pageId: string, message: string, res: Response): boolean {
  if (message.length > MAX_MESSAGE) {
    graphError(res, 400, { message: `(#100) Param message must be at most ${MAX_MESSAGE} characters long.`, code: 100, error_user_msg: `The post is longer than ${MAX_MESSAGE} characters.` });
    return true;
  }
  if (message && state.postsOn('facebook').some((p) => p.accountExternalId === pageId && p.text === message)) {
    graphError(res, 400, { message: 'Duplicate status message', code: 506, error_subcode: 1455006 });
    return true;
  }
  if (state.recentPostCount('facebook', pageId, 86_400_000) >= PAGE_POSTS_PER_DAY) {
    graphError(res, 400, { message: '(#368) The action attempted has been deemed abusive or is otherwise disallowed', code: 368, error_subcode: 1390008 });
    return true;
  }
  return false;
}

function accept(state: EmulatorState, pageId: string, id: string, text: string, mediaCount: number, extra: Record<string, unknown>): AcceptedPost {
  return state.acceptPost({ platform: 'facebook', accountExternalId: pageId, id, url: `https://www.facebook.com/${id}`, text, mediaCount, extra });
}

function publishRoutes(router: Router, state: EmulatorState, book: Book): void {
  router.post('/:version/:pageId/feed', (req, res) => {
    const pageId = String(req.params.pageId);
    if (!pageToken(state, book, req, res)) return;
    const message = param(req, 'message') ?? '';
    const attached = JSON.parse(param(req, 'attached_media') ?? '[]') as { media_fbid: string }[];
    if (!message && !param(req, 'link') && attached.length === 0) return graphError(res, 400, { message: '(#100) Missing message or attachment', code: 100 });
    if (attached.some((a) => book.photos.get(a.media_fbid)?.pageId !== pageId)) return graphError(res, 400, { message: '(#100) Invalid media_fbid in attached_media', code: 100 });
    if (refused(state, pageId, message, res)) return;
    const id = `${pageId}_${objectId()}`;
    accept(state, pageId, id, message, attached.length, { link: param(req, 'link') });
    res.json({ id });
  });
  router.post('/:version/:pageId/photos', (req, res) => {
    const pageId = String(req.params.pageId);
    if (!pageToken(state, book, req, res)) return;
    const url = param(req, 'url');
    if (!url) return graphError(res, 400, { message: '(#324) Requires upload file', code: 324 });
    const photoId = objectId();
    if (param(req, 'published') === 'false') {
      book.photos.set(photoId, { pageId, url });
      return res.json({ id: photoId });
    }
    const message = param(req, 'message') ?? '';
    if (refused(state, pageId, message, res)) return;
    const postId = `${pageId}_${photoId}`;
    accept(state, pageId, postId, message, 1, { photo: url });
    res.json({ id: photoId, post_id: postId });
  });
  router.post('/:version/:pageId/videos', (req, res) => {
    const pageId = String(req.params.pageId);
    if (!pageToken(state, book, req, res)) return;
    if (!param(req, 'file_url')) return graphError(res, 400, { message: '(#100) Missing file_url or source', code: 100 });
    const description = param(req, 'description') ?? '';
    if (refused(state, pageId, description, res)) return;
    const id = objectId();
    accept(state, pageId, id, description, 1, { video: param(req, 'file_url'), title: param(req, 'title') });
    res.json({ id });
  });
}

/** A Page's daily insights; the metrics retired in November 2025 (page_impressions*) fail the call as Graph does. */
function pageInsights(state: EmulatorState, pageId: string, req: Request, res: Response): void {
  const wanted = String(req.query.metric ?? '').split(',').filter(Boolean);
  const invalid = wanted.find((name) => name !== 'page_total_media_view_unique');
  if (invalid || wanted.length === 0) return graphError(res, 400, { message: '(#100) The value must be a valid insights metric', code: 100, error_user_msg: `${invalid ?? 'metric'} is not a valid insights metric` });
  if (req.query.period !== 'day') return graphError(res, 400, { message: '(#100) period must be one of day, week, days_28', code: 100 });
  res.json({ data: [dailyInsight(pageId, 'page_total_media_view_unique', state.accountFigures('facebook', pageId).reachLastDay, state.now())] });
}

function readRoutes(router: Router, state: EmulatorState, book: Book): void {
  router.get('/:version/:pageId/posts', (req, res) => {
    const pageId = String(req.params.pageId);
    if (!requireGraphToken(state, 'facebook', req, res)) return;
    const since = Number(req.query.since ?? 0) * 1000;
    const posts = state.postsOn('facebook').filter((p) => p.accountExternalId === pageId && p.createdAt >= since).reverse().slice(0, Number(req.query.limit ?? 25));
    res.json({ data: posts.map((p) => ({ id: p.id, message: p.text, created_time: new Date(p.createdAt).toISOString().replace('Z', '+0000'), permalink_url: p.url })) });
  });
  router.get('/:version/:objectId/insights', (req, res) => {
    const token = requireGraphToken(state, 'facebook', req, res);
    if (!token) return;
    if (req.params.objectId === token.accountExternalId) return pageInsights(state, token.accountExternalId, req, res);
    const post = state.postsOn('facebook').find((p) => p.id === req.params.objectId);
    if (!post) return graphError(res, 400, { message: `(#100) Unsupported get request. Object with ID '${req.params.objectId}' does not exist`, code: 100, error_subcode: 33 });
    const m = metricsAt(post, state.now());
    const values: Record<string, number> = { post_media_view: m.views, post_total_media_view_unique: m.reach, post_clicks: m.clicks };
    const wanted = String(req.query.metric ?? '').split(',').filter(Boolean);
    const invalid = wanted.find((name) => !(name in values));
    // Graph fails the whole read on one unknown or retired metric (post_impressions* since November 2025).
    if (invalid) return graphError(res, 400, { message: `(#100) The value must be a valid insights metric`, code: 100, error_user_msg: `${invalid} is not a valid insights metric` });
    res.json({ data: wanted.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }], id: `${post.id}/insights/${name}/lifetime` })) });
  });
  router.get('/:version/:objectId', (req, res) => {
    const token = requireGraphToken(state, 'facebook', req, res);
    if (!token) return;
    if (req.params.objectId === token.accountExternalId) {
      const { followers } = state.accountFigures('facebook', token.accountExternalId);
      return void res.json({ id: token.accountExternalId, name: pageName(token.accountExternalId), followers_count: followers, fan_count: followers });
    }
    const post = state.postsOn('facebook').find((p) => p.id === req.params.objectId);
    if (!post) return graphError(res, 400, { message: `(#100) Unsupported get request. Object with ID '${req.params.objectId}' does not exist`, code: 100, error_subcode: 33 });
    const m = metricsAt(post, state.now());
    res.json({
      id: post.id,
      message: post.text,
      reactions: { data: [], summary: { total_count: m.likes, viewer_reaction: 'NONE' } },
      comments: { data: [], summary: { order: 'ranked', total_count: m.comments, can_comment: true } },
      shares: { count: m.shares },
    });
  });
}

registerPlatformRoutes('facebook', (state) => {
  const router = Router();
  const book: Book = { pageTokens: new Set(), photos: new Map() };
  router.use(faultInjector('facebook', state, graphFaults));
  router.use((_req, res, next) => {
    const window = state.hitRateWindow('facebook:app', APP_CALLS_PER_HOUR, 3_600_000);
    const regainMinutes = Math.ceil((window.resetAt - state.now()) / 60_000);
    usageHeaders(res, 'app', Math.min(100, Math.round(((window.limit - window.remaining) / window.limit) * 100)), window.exceeded ? regainMinutes : 0);
    if (window.exceeded) return graphError(res, 400, { message: '(#4) Application request limit reached', code: 4, is_transient: true });
    next();
  });
  oauthRoutes(router, state, book);
  publishRoutes(router, state, book);
  readRoutes(router, state, book);
  return router;
});
