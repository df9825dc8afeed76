import { createHash, randomBytes } from 'node:crypto';
import { auth, youtube, type youtube_v3 } from '@googleapis/youtube';
import { expiresIn, mergeRefreshedTokens, splitScopes, validateContent, refreshRefused } from '../common.js';
import { assertPublishable } from '../content-rules.js';
import { transportError } from '../errors.js';
import {
  PlatformError,
  type AccountIdentity,
  type AccountSession,
  type AccountTokens,
  type AdapterConfig,
  type AuthorizationRequest,
  type PlatformAdapter,
  type PostMetrics,
  type AccountMetrics,
  METRICS_UNAVAILABLE,
  type PublishContent,
  type PublishedPost,
  type PublishOptions,
  type ValidationResult,
} from '../types.js';
import { googleFailure, viaSdk, type GoogleErrorBody } from './errors.js';
import { videoMetadata } from './metadata.js';
import { uploadVideo, type UploadedVideo } from './resumable.js';

/**
 * YouTube through Google OAuth (PKCE, offline access) and the Data API v3 via googleapis with a
 * configurable rootUrl. Uploads use the resumable protocol directly, which the SDK does not
 * offer. Google sends a refresh token only on first consent: callers must keep the stored one
 * when a reconnect or a refresh returns none.
 */

export const YOUTUBE_DEFAULTS = {
  apiBaseUrl: 'https://www.googleapis.com',
  authBaseUrl: 'https://accounts.google.com',
  options: { tokenUrl: 'https://oauth2.googleapis.com/token' },
} as const;

export const YOUTUBE_SCOPES = ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'] as const;

export class YouTubeAdapter implements PlatformAdapter {
  readonly platform = 'youtube' as const;
  readonly scopes = YOUTUBE_SCOPES;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: AdapterConfig) {
    this.base = config.apiBaseUrl.replace(/\/$/, '');
    this.timeoutMs = config.timeoutMs ?? 60_000;
  }

  authorizationUrl(input: { redirectUri: string; state?: string }): AuthorizationRequest {
    const state = input.state ?? randomBytes(16).toString('base64url');
    const codeVerifier = randomBytes(48).toString('base64url');
    const url = this.oauth(input.redirectUri).generateAuthUrl({
      access_type: 'offline',
      include_granted_scopes: true,
      scope: [...this.scopes],
      state,
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      code_challenge_method: 'S256' as never,
      // Ask again only when the stored refresh token was lost: Google then issues a new one.
      prompt: this.config.options?.forceConsent === 'true' ? 'consent' : undefined,
    });
    return { url, state, codeVerifier };
  }

  async exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<{ tokens: AccountTokens; identity: AccountIdentity }> {
    const client = this.oauth(input.redirectUri);
    const answer = await this.oauthCall('the authorization code', () => client.getToken({ code: input.code, codeVerifier: input.codeVerifier, redirect_uri: input.redirectUri }));
    const tokens: AccountTokens = {
      accessToken: answer.tokens.access_token ?? '',
      refreshToken: answer.tokens.refresh_token ?? undefined,
      accessTokenExpiresAt: answer.tokens.expiry_date ? new Date(answer.tokens.expiry_date) : undefined,
      scopes: splitScopes(answer.tokens.scope ?? undefined, this.scopes),
    };
    return { tokens, identity: await this.channel(tokens.accessToken) };
  }

  async refresh(tokens: AccountTokens): Promise<AccountTokens> {
    if (!tokens.refreshToken) throw new PlatformError('needs_reconnect', 'youtube', 'No YouTube refresh token is stored; reconnect the account.', { code: 'refresh_failed' });
    const client = this.oauth();
    client.setCredentials({ refresh_token: tokens.refreshToken });
    try {
      const answer = await this.oauthCall('the token refresh', () => client.getAccessToken());
      const data = (answer.res?.data ?? {}) as { expires_in?: number; scope?: string; refresh_token?: string };
      const fresh: AccountTokens = {
        accessToken: answer.token ?? '',
        refreshToken: data.refresh_token,
        accessTokenExpiresAt: expiresIn(data.expires_in) ?? (client.credentials.expiry_date ? new Date(client.credentials.expiry_date) : undefined),
        scopes: splitScopes(data.scope ?? client.credentials.scope ?? undefined, tokens.scopes),
      };
      return mergeRefreshedTokens(tokens, fresh);
    } catch (err) {
      refreshRefused('youtube', 'Google would not renew the access token (revoked or expired); reconnect the account.', err);
    }
  }

  validate(content: PublishContent): ValidationResult {
    return validateContent('youtube', content);
  }

  async publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    assertPublishable('youtube', content);
    const video = content.media.find((m) => m.kind === 'video')!;
    const uploaded = await uploadVideo(
      {
        apiBaseUrl: this.base,
        accessToken: session.tokens.accessToken,
        metadata: videoMetadata(content, this.config.options),
        mediaUrl: video.url,
        chunkBytes: Number(this.config.options?.uploadChunkBytes ?? 8 * 1024 * 1024),
        timeoutMs: this.timeoutMs,
      },
      options,
    );
    await options.onProgress?.({ step: 'uploaded', platformPostId: uploaded.id, detail: { privacyStatus: uploaded.status?.privacyStatus } });
    const refusal = uploadRefusal(uploaded);
    if (refusal) throw new PlatformError('permanent', 'youtube', refusal, { code: uploaded.status?.failureReason ?? uploaded.status?.rejectionReason });
    return { platformPostId: uploaded.id, url: `https://www.youtube.com/watch?v=${uploaded.id}`, publishedAt: new Date(uploaded.snippet?.publishedAt ?? Date.now()) };
  }

  async findExisting(session: AccountSession, query: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    const api = this.api(session.tokens.accessToken);
    const channels = await viaSdk('the channel', () => api.channels.list({ part: ['contentDetails'], mine: true }, { retry: false }));
    const uploads = channels.items?.[0]?.contentDetails?.relatedPlaylists?.uploads;
    if (!uploads) return undefined;
    const recent = await viaSdk('the recent uploads', () => api.playlistItems.list({ part: ['snippet'], playlistId: uploads, maxResults: 25 }, { retry: false }));
    const match = (recent.items ?? []).find((item) => {
      const s = item.snippet;
      return s?.title === query.content.title?.trim() && new Date(s?.publishedAt ?? 0) >= query.since;
    });
    const videoId = match?.snippet?.resourceId?.videoId;
    if (!videoId) return undefined;
    return { platformPostId: videoId, url: `https://www.youtube.com/watch?v=${videoId}`, publishedAt: new Date(match.snippet?.publishedAt ?? Date.now()) };
  }

  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const api = this.api(session.tokens.accessToken);
    const list = await viaSdk('the video statistics', () => api.videos.list({ part: ['statistics'], id: [platformPostId] }, { retry: false }));
    const stats = list.items?.[0]?.statistics;
    if (!stats) throw new PlatformError('permanent', 'youtube', `YouTube has no video ${platformPostId} (deleted or never finished uploading).`, { code: 'not_found' });
    const count = (value: string | null | undefined) => (value === null || value === undefined ? undefined : Number(value));
    return { views: count(stats.viewCount), likes: count(stats.likeCount), comments: count(stats.commentCount), fetchedAt: new Date() };
  }

  /** Subscribers from the channel's statistics (none when the channel hides them); reach needs YouTube Analytics, which Herald does not use. */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    const api = this.api(session.tokens.accessToken);
    const list = await viaSdk('the channel statistics', () => api.channels.list({ part: ['statistics'], mine: true }, { retry: false }));
    const stats = list.items?.[0]?.statistics;
    if (!stats || stats.hiddenSubscriberCount) {
      throw new PlatformError('permanent', 'youtube', 'This YouTube channel hides its subscriber count, so Herald cannot read it.', { code: METRICS_UNAVAILABLE });
    }
    return { followers: stats.subscriberCount ? Number(stats.subscriberCount) : undefined, fetchedAt: new Date() };
  }

  private oauth(redirectUri?: string) {
    const authBase = this.config.authBaseUrl.replace(/\/$/, '');
    return new auth.OAuth2({
      clientId: this.config.clientId,
      clientSecret: this.config.clientSecret,
      redirectUri,
      endpoints: { oauth2AuthBaseUrl: `${authBase}/o/oauth2/v2/auth`, oauth2TokenUrl: this.config.options?.tokenUrl ?? `${authBase}/token` },
    });
  }

  private api(accessToken: string): youtube_v3.Youtube {
    const client = this.oauth();
    client.setCredentials({ access_token: accessToken });
    return youtube({ version: 'v3', auth: client, rootUrl: `${this.base}/`, timeout: this.timeoutMs } as youtube_v3.Options);
  }

  private async channel(accessToken: string): Promise<AccountIdentity> {
    const api = this.api(accessToken);
    const channels = await viaSdk('the channel', () => api.channels.list({ part: ['snippet'], mine: true }, { retry: false }));
    const channel = channels.items?.[0];
    if (!channel?.id) throw new PlatformError('permanent', 'youtube', 'This Google account has no YouTube channel; create one on YouTube and connect again.', { code: 'no_channel' });
    return { externalId: channel.id, displayName: channel.snippet?.customUrl ?? channel.snippet?.title ?? channel.id, avatarUrl: channel.snippet?.thumbnails?.default?.url ?? undefined };
  }

  /** Token endpoint calls: OAuth error bodies mapped like the API's. */
  private async oauthCall<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const response = (err as { response?: { status: number; data?: unknown; headers?: Headers } }).response;
      if (!response) throw transportError('youtube', err, false, what);
      throw googleFailure(response.status, response.data as GoogleErrorBody, response.headers instanceof Headers ? response.headers : new Headers(), what);
    }
  }
}

const FAILURES: Record<string, string> = {
  invalidFile: 'YouTube could not read the video file; export it as MP4 (H.264/AAC) and upload it again.',
  emptyFile: 'YouTube received an empty video file; upload it again.',
  codec: 'YouTube does not support the video codec; export it as MP4 (H.264/AAC).',
  conversion: 'YouTube could not convert the video; export it again and retry.',
  tooSmall: 'YouTube found the video file too small to be a video.',
  duplicate: 'YouTube rejected the video as a duplicate of one already on the channel.',
};

/** A video YouTube took but failed or rejected: a sentence for the user, else undefined. */
function uploadRefusal(video: UploadedVideo): string | undefined {
  const status = video.status?.uploadStatus;
  if (status !== 'failed' && status !== 'rejected') return undefined;
  const reason = video.status?.failureReason ?? video.status?.rejectionReason ?? 'unknown';
  return FAILURES[reason] ?? `YouTube ${status} the video (${reason}).`;
}

export function createYouTubeAdapter(config: AdapterConfig): YouTubeAdapter {
  return new YouTubeAdapter(config);
}
