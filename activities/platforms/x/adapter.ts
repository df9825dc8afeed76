import http from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin, type TweetV2PostTweetResult } from 'twitter-api-v2';
import { publishedText, type RuleContext } from '../../../core/platform-rules/index.js';
import { assertPublishable } from '../content-rules.js';
import { expiresIn, mergeRefreshedTokens, sameText, splitScopes, validateContent } from '../common.js';
import { errorForStatus, tokenRejected, transportError } from '../errors.js';
import { downloadMedia } from '../http.js';
import { rateLimitFromHeaders } from '../rate-limits.js';
import {
  PlatformError,
  type AccountSession,
  type AccountTokens,
  type AdapterConfig,
  type AuthorizationRequest,
  type PlatformAdapter,
  type PostMetrics,
  type AccountMetrics,
  type PublishContent,
  type PublishedPost,
  type PublishOptions,
  type ValidationResult,
} from '../types.js';

/**
 * X through the twitter-api-v2 SDK. The SDK hard-codes api.x.com; a request plugin rebases every
 * call onto the configured API base (the emulator in tests and sandbox) and applies the timeout.
 */

/** `offline.access` is what makes X issue a refresh token; `media.write` allows v2 media upload. */
export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'] as const;

const X_HOSTS = /^(api|upload)\.(x|twitter)\.com$/;

function rebasePlugin(config: AdapterConfig): ITwitterApiClientPlugin {
  const base = config.apiBaseUrl.replace(/\/$/, '');
  return {
    onBeforeRequestConfig({ params }) {
      const original = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      // The SDK picks JSON bodies by looking for a /2/ path; keep that choice once the path moves.
      if (!params.forceBodyMode && original.pathname.startsWith('/2/')) params.forceBodyMode = 'json';
      if (X_HOSTS.test(original.hostname)) params.url = `${base}${original.pathname}${original.search}`;
      params.timeout ??= config.timeoutMs ?? 30_000;
    },
  };
}

/** Maps an SDK failure onto the four kinds; `mutating` says whether losing the answer is "unconfirmed". */
function mapXError(err: unknown, what: string, mutating: boolean): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof ApiResponseError) {
    const data = err.data as { detail?: string; title?: string; errors?: { message?: string }[] } | undefined;
    const detail = data?.errors?.[0]?.message ?? data?.detail ?? data?.title ?? err.message;
    return errorForStatus('x', err.code, err.headers, detail);
  }
  if (err instanceof ApiRequestError) return transportError('x', err.requestError, mutating, what);
  if (err instanceof ApiPartialResponseError) return transportError('x', err.responseError, mutating, what);
  return transportError('x', err, mutating, what);
}

async function call<T>(what: string, mutating: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapXError(err, what, mutating);
  }
}

const postUrl = (id: string) => `https://x.com/i/web/status/${id}`;

/**
 * X answered STATUS with `failed`: processing is over and the same file will fail again. The SDK
 * reports it as a plain Error, which would otherwise read as a lost answer and be retried.
 */
function rethrowProcessingFailure(err: unknown): never {
  if (err instanceof Error && err.message.startsWith('Media processing failed')) {
    const reason = err.message.replace(/^Media processing failed:\s*/, '');
    throw new PlatformError('permanent', 'x', `X could not process the media (${reason || 'no reason given'}); use an MP4 (H.264/AAC) video or a JPEG/PNG image.`, { code: 'media_processing_failed', cause: err });
  }
  throw err;
}

export class XAdapter implements PlatformAdapter {
  readonly platform = 'x' as const;
  readonly scopes = X_SCOPES;
  private readonly settings: ConstructorParameters<typeof TwitterApi>[1];
  private readonly timeoutMs: number;

  constructor(private readonly config: AdapterConfig) {
    // The SDK sends through https.request; an http agent lets it speak plain HTTP to the emulator.
    const httpAgent = config.apiBaseUrl.startsWith('http:') ? new http.Agent() : undefined;
    this.settings = { plugins: [rebasePlugin(config)], ...(httpAgent ? { httpAgent } : {}) };
    this.timeoutMs = config.timeoutMs ?? 30_000;
  }

  private appClient(): TwitterApi {
    return new TwitterApi({ clientId: this.config.clientId, clientSecret: this.config.clientSecret }, this.settings);
  }

  private userClient(session: AccountSession) {
    return new TwitterApi(session.tokens.accessToken, this.settings).v2;
  }

  authorizationUrl({ redirectUri, state }: { redirectUri: string; state?: string }): AuthorizationRequest {
    const link = this.appClient().generateOAuth2AuthLink(redirectUri, { scope: [...X_SCOPES], state });
    const url = new URL(link.url);
    const auth = new URL(this.config.authBaseUrl.replace(/\/$/, '') + url.pathname);
    auth.search = url.search;
    return { url: auth.toString(), state: link.state, codeVerifier: link.codeVerifier };
  }

  async exchangeCode({ code, redirectUri, codeVerifier }: { code: string; redirectUri: string; codeVerifier?: string }) {
    if (!codeVerifier) throw new PlatformError('permanent', 'x', 'X needs the PKCE verifier from the start of the connect flow; start connecting again.');
    const login = await call('the code exchange', false, () => this.appClient().loginWithOAuth2({ code, codeVerifier, redirectUri }));
    const me = await call('the account lookup', false, () => login.client.v2.me({ 'user.fields': ['profile_image_url'] }));
    return {
      tokens: { accessToken: login.accessToken, refreshToken: login.refreshToken, accessTokenExpiresAt: expiresIn(login.expiresIn), scopes: login.scope },
      identity: { externalId: me.data.id, displayName: `${me.data.name} (@${me.data.username})`, avatarUrl: me.data.profile_image_url },
    };
  }

  async refresh(tokens: AccountTokens): Promise<AccountTokens> {
    if (!tokens.refreshToken) throw tokenRejected('x', 'no refresh token was issued (offline.access missing)');
    try {
      const next = await this.appClient().refreshOAuth2Token(tokens.refreshToken);
      return mergeRefreshedTokens(tokens, {
        accessToken: next.accessToken,
        refreshToken: next.refreshToken,
        accessTokenExpiresAt: expiresIn(next.expiresIn),
        scopes: splitScopes(next.scope.join(' '), tokens.scopes),
      });
    } catch (err) {
      // 400 invalid_grant: the refresh token was revoked, rotated away or expired.
      if (err instanceof ApiResponseError && (err.code === 400 || err.code === 401)) throw tokenRejected('x', 'the refresh token was refused', err.code);
      throw mapXError(err, 'the token refresh', false);
    }
  }

  validate(content: PublishContent, target?: RuleContext): ValidationResult {
    return validateContent('x', content, target);
  }

  async publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    assertPublishable('x', content);
    const mediaIds = await this.uploadMedia(session, content);
    if (mediaIds.length > 0) await options.onProgress?.({ step: 'media_uploaded', detail: { mediaIds } });
    const text = publishedText('x', content);
    const media = mediaIds.length > 0 ? { media_ids: mediaIds as [string] } : undefined;
    // The full response carries the rate-limit headers: what is left of the account's posting windows.
    const result = await call('the post', true, () =>
      this.userClient(session).post<TweetV2PostTweetResult>('tweets', { text, ...(media ? { media } : {}) }, { fullResponse: true }),
    );
    const id = result.data.data.id;
    await options.onProgress?.({ step: 'published', platformPostId: id });
    return { platformPostId: id, url: postUrl(id), publishedAt: new Date(), rateLimit: rateLimitFromHeaders(result.headers) };
  }

  async findExisting(session: AccountSession, { content, since }: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    const timeline = await call('the timeline lookup', false, () =>
      this.userClient(session).userTimeline(session.externalId, { start_time: since.toISOString(), max_results: 100, 'tweet.fields': ['created_at'] }),
    );
    const text = publishedText('x', content);
    const found = timeline.tweets.find((t) => sameText(t.text, text));
    return found ? { platformPostId: found.id, url: postUrl(found.id), publishedAt: new Date(found.created_at ?? Date.now()) } : undefined;
  }

  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const result = await call('the metrics lookup', false, () => this.userClient(session).singleTweet(platformPostId, { 'tweet.fields': ['public_metrics'] }));
    const m = result.data?.public_metrics;
    if (!m) throw new PlatformError('permanent', 'x', `X has no post ${platformPostId} any more (deleted?).`);
    return {
      impressions: m.impression_count,
      likes: m.like_count,
      comments: m.reply_count,
      shares: m.retweet_count + m.quote_count,
      saves: m.bookmark_count,
      fetchedAt: new Date(),
    };
  }

  /** Followers from the user's public_metrics; X has no account-level reach in its API. */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    const me = await call('the follower count', false, () => this.userClient(session).me({ 'user.fields': ['public_metrics'] }));
    return { followers: me.data.public_metrics?.followers_count, fetchedAt: new Date() };
  }

  /** X media upload (initialize, append, finalize, status); an orphaned upload is harmless, so not "unconfirmed". */
  private async uploadMedia(session: AccountSession, content: PublishContent): Promise<string[]> {
    const ids: string[] = [];
    for (const media of content.media) {
      const bytes = await downloadMedia('x', media.url, this.timeoutMs);
      const upload = () => this.userClient(session).uploadMedia(Buffer.from(bytes), { media_type: media.mimeType as never }).catch(rethrowProcessingFailure);
      ids.push(await call('the media upload', false, upload));
    }
    return ids;
  }
}

export const createXAdapter = (config: AdapterConfig): PlatformAdapter => new XAdapter(config);
