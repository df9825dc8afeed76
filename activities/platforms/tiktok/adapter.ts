import { randomBytes } from 'node:crypto';
import { publishedText } from '../../../core/platform-rules/index.js';
import { expiresIn, mergeRefreshedTokens, sameText, splitScopes, validateContent, refreshRefused } from '../common.js';
import {
  METRICS_UNAVAILABLE,
  PlatformError,
  type AccountIdentity,
  type AccountSession,
  type AccountTokens,
  type AdapterConfig,
  type AdapterDeps,
  type AuthorizationRequest,
  type PlatformAdapter,
  type PostMetrics,
  type AccountMetrics,
  type PublishContent,
  type PublishedPost,
  type PublishOptions,
  type ValidationResult,
} from '../types.js';
import { TikTokClient } from './client.js';
import { memoryCallWindows } from '../../../db/call-windows.js';
import { creatorInfo, isPublishId, publishStatus, publishToTikTok, tiktokPost, type TikTokPublishSettings } from './publish.js';

/**
 * TikTok through Login Kit (web, state without PKCE) and the Content Posting API (direct post).
 * Access tokens last 24 h, refresh tokens a year. Reconciling asks status/fetch about the stored
 * publish_id; metrics read the Display API's video query (public videos only), hence video.list.
 */

export const TIKTOK_DEFAULTS = {
  apiBaseUrl: 'https://open.tiktokapis.com',
  authBaseUrl: 'https://www.tiktok.com',
} as const;

export const TIKTOK_SCOPES = ['user.info.basic', 'user.info.stats', 'video.publish', 'video.list'] as const;

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
  open_id: string;
  refresh_token?: string;
  refresh_expires_in?: number;
  scope?: string;
}

interface VideoSummary {
  id: string;
  title?: string;
  video_description?: string;
  create_time?: number;
  share_url?: string;
  view_count?: number;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
}

export class TikTokAdapter implements PlatformAdapter {
  readonly platform = 'tiktok' as const;
  readonly scopes = TIKTOK_SCOPES;
  private readonly client: TikTokClient;
  private readonly settings: TikTokPublishSettings;

  constructor(
    private readonly config: AdapterConfig,
    deps: AdapterDeps = {},
  ) {
    const timeoutMs = config.timeoutMs ?? 30_000;
    this.client = new TikTokClient(config.apiBaseUrl, timeoutMs);
    this.settings = {
      source: config.options?.tiktokSource === 'PULL_FROM_URL' ? 'PULL_FROM_URL' : 'FILE_UPLOAD',
      pollIntervalMs: Number(config.options?.pollIntervalMs ?? 5_000),
      maxProcessingMs: Number(config.options?.maxProcessingMs ?? 10 * 60_000),
      timeoutMs,
      // TikTok's documented 6 inits per minute per user; tests shrink the window.
      inits: (deps.callWindows ?? memoryCallWindows)('tiktok:video-init', Number(config.options?.initLimit ?? 6), Number(config.options?.initWindowMs ?? 60_000), 'video inits per minute'),
    };
  }

  authorizationUrl(input: { redirectUri: string; state?: string }): AuthorizationRequest {
    const state = input.state ?? randomBytes(16).toString('base64url');
    const url = new URL(`${this.config.authBaseUrl.replace(/\/$/, '')}/v2/auth/authorize/`);
    url.searchParams.set('client_key', this.config.clientId);
    url.searchParams.set('scope', this.scopes.join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', state);
    return { url: url.toString(), state };
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<{ tokens: AccountTokens; identity: AccountIdentity }> {
    const answer = await this.token({ grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri }, 'the authorization code');
    const tokens = this.toTokens(answer);
    const info = await this.client.call<{ user: { open_id: string; display_name?: string; avatar_url?: string } }>({
      method: 'GET',
      path: '/v2/user/info/',
      query: { fields: 'open_id,union_id,avatar_url,display_name' },
      token: tokens.accessToken,
      what: 'the account profile',
    });
    return { tokens, identity: { externalId: info.user.open_id, displayName: info.user.display_name ?? info.user.open_id, avatarUrl: info.user.avatar_url } };
  }

  async refresh(tokens: AccountTokens): Promise<AccountTokens> {
    if (!tokens.refreshToken) throw new PlatformError('needs_reconnect', 'tiktok', 'There is no TikTok refresh token stored; reconnect the account.', { code: 'refresh_failed' });
    try {
      const answer = await this.token({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, 'the token refresh');
      return mergeRefreshedTokens(tokens, this.toTokens(answer));
    } catch (err) {
      refreshRefused('tiktok', 'TikTok would not renew the access token; reconnect the account.', err);
    }
  }

  validate(content: PublishContent): ValidationResult {
    return validateContent('tiktok', content);
  }

  /** The creator's own privacy levels, from creator_info: what the approver may choose from. */
  async privacyOptions(session: AccountSession): Promise<string[]> {
    return (await creatorInfo(this.client, session.tokens.accessToken)).privacy_level_options;
  }

  publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    return publishToTikTok(this.client, session, content, options, this.settings);
  }

  /**
   * Asks status/fetch about the publish_ids this target's attempts stored at init. The video list
   * cannot answer: it shows only public videos, and a public one only after moderation (hours).
   */
  async findExisting(session: AccountSession, query: { content: PublishContent; since: Date; knownIds?: string[] }): Promise<PublishedPost | undefined> {
    const token = session.tokens.accessToken;
    const publishIds = (query.knownIds ?? []).filter(isPublishId);
    for (const publishId of publishIds) {
      const status = await publishStatus(this.client, token, publishId);
      if (status.status === 'FAILED') continue;
      if (status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX') {
        const creator = await creatorInfo(this.client, token);
        return tiktokPost(creator.creator_username, publishId, status.publicaly_available_post_id?.[0]);
      }
      // Not one byte arrived: the attempt died before its upload, and nobody will send the rest.
      if (status.status === 'PROCESSING_UPLOAD' && !status.uploaded_bytes) continue;
      throw new PlatformError('retryable', 'tiktok', `TikTok is still processing publish ${publishId}; it is asked again before anything is posted.`, { code: 'still_processing', retryAfterMs: 10_000 });
    }
    // A FILE_UPLOAD init makes no post by itself, so an attempt without a publish_id posted nothing.
    if (publishIds.length > 0 || this.settings.source === 'FILE_UPLOAD') return undefined;
    return this.findListed(session, query);
  }

  /** A PULL_FROM_URL init whose answer was lost left no publish_id: only a public, moderated video can be found. */
  private async findListed(session: AccountSession, query: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    const title = publishedText('tiktok', query.content);
    const list = await this.client.call<{ videos: VideoSummary[] }>({
      method: 'POST',
      path: '/v2/video/list/',
      query: { fields: 'id,title,video_description,create_time,share_url' },
      json: { max_count: 20 },
      token: session.tokens.accessToken,
      what: 'the recent videos',
    });
    const sinceSeconds = Math.floor(query.since.getTime() / 1000);
    const match = list.videos.find((v) => sameText(v.video_description ?? v.title ?? '', title) && (v.create_time ?? Infinity) >= sinceSeconds);
    if (!match) return undefined;
    return { platformPostId: match.id, url: match.share_url ?? 'https://www.tiktok.com/', publishedAt: match.create_time ? new Date(match.create_time * 1000) : new Date() };
  }

  /** A post recorded by its publish_id is looked up again: moderation may have named its public video since. */
  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const videoId = isPublishId(platformPostId) ? await this.publicVideoOf(session, platformPostId) : platformPostId;
    const result = await this.client.call<{ videos: VideoSummary[] }>({
      method: 'POST',
      path: '/v2/video/query/',
      query: { fields: 'id,view_count,like_count,comment_count,share_count' },
      json: { filters: { video_ids: [videoId] } },
      token: session.tokens.accessToken,
      what: 'the video metrics',
    });
    const video = result.videos.find((v) => v.id === videoId);
    if (!video) throw new PlatformError('permanent', 'tiktok', `TikTok has no video ${videoId} on this account (deleted, or not public yet).`, { code: 'not_found' });
    return { views: video.view_count, likes: video.like_count, comments: video.comment_count, shares: video.share_count, fetchedAt: new Date() };
  }

  /** The creator's follower count (user.info.stats); TikTok has no account-level reach. */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    if (!session.tokens.scopes.includes('user.info.stats')) {
      throw new PlatformError('permanent', 'tiktok', 'TikTok gives follower counts only with the user.info.stats permission, which this account was connected without; reconnect it.', { code: METRICS_UNAVAILABLE });
    }
    const result = await this.client.call<{ user: { follower_count?: number } }>({ method: 'GET', path: '/v2/user/info/', query: { fields: 'follower_count' }, token: session.tokens.accessToken, what: 'the follower count' });
    return { followers: result.user.follower_count, fetchedAt: new Date() };
  }

  private async publicVideoOf(session: AccountSession, publishId: string): Promise<string> {
    const status = await publishStatus(this.client, session.tokens.accessToken, publishId);
    const videoId = status.publicaly_available_post_id?.[0];
    if (videoId) return videoId;
    if (status.status === 'FAILED') throw new PlatformError('permanent', 'tiktok', `TikTok did not publish this video (${status.fail_reason || 'failed'}), so it has no metrics.`, { code: 'not_found' });
    throw new PlatformError('permanent', 'tiktok', 'Metrics are not available for private TikTok posts: TikTok names no public video for one posted "Only me" (SELF_ONLY), nor for a public one still in moderation.', { code: METRICS_UNAVAILABLE });
  }

  private token(grant: Record<string, string>, what: string): Promise<TokenAnswer> {
    return this.client.call<TokenAnswer>({
      method: 'POST',
      path: '/v2/oauth/token/',
      form: { client_key: this.config.clientId, client_secret: this.config.clientSecret, ...grant },
      what,
    });
  }

  private toTokens(answer: TokenAnswer): AccountTokens {
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      accessTokenExpiresAt: expiresIn(answer.expires_in),
      refreshTokenExpiresAt: expiresIn(answer.refresh_expires_in),
      scopes: splitScopes(answer.scope, this.scopes),
    };
  }
}

export function createTikTokAdapter(config: AdapterConfig, deps: AdapterDeps = {}): TikTokAdapter {
  return new TikTokAdapter(config, deps);
}
