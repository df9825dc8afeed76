import { randomBytes } from 'node:crypto';
import { publishedText, type RuleContext } from '../../../core/platform-rules/index.js';
import { expiresIn, sameText, validateContent } from '../common.js';
import { assertPublishable } from '../content-rules.js';
import { GraphApi, latestDailyValue, loginForBusinessUrl } from '../graph.js';
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
 * Facebook Pages through the Graph API. The connected account is a Page: its Page token (which
 * does not expire when read with a long-lived user token) is the access token, and the long-lived
 * user token is kept as the "refresh token", used to read a fresh Page token when the old one dies.
 */

export const FACEBOOK_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'publish_video', 'read_insights'] as const;
export const DEFAULT_GRAPH_VERSION = 'v23.0';
/** Views replaced impressions in November 2025; asking for a retired metric fails the whole call. */
const INSIGHT_METRICS = ['post_media_view', 'post_total_media_view_unique', 'post_clicks'] as const;

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

interface PageAccount {
  id: string;
  name: string;
  access_token: string;
  picture?: { data?: { url?: string } };
}

const postUrl = (id: string) => `https://www.facebook.com/${id}`;

/** Photos and video: one photo with its caption, several as attached_media on one feed post, video by URL. */
async function publishMedia(page: GraphApi, pageId: string, content: PublishContent, message: string): Promise<{ id: string; url: string }> {
  const video = content.media.find((m) => m.kind === 'video');
  if (video) {
    const res = await page.post<{ id: string }>(`/${pageId}/videos`, { file_url: video.url, description: message, title: content.title }, { what: 'the video post', mutating: true });
    return { id: res.id, url: `https://www.facebook.com/${pageId}/videos/${res.id}` };
  }
  const images = content.media.filter((m) => m.kind === 'image');
  if (images.length === 1) {
    const res = await page.post<{ id: string; post_id?: string }>(`/${pageId}/photos`, { url: images[0]!.url, message, alt_text_custom: images[0]!.altText }, { what: 'the photo post', mutating: true });
    const id = res.post_id ?? res.id;
    return { id, url: postUrl(id) };
  }
  // Several photos: upload each unpublished (harmless if orphaned), then one feed post with all.
  const attached: { media_fbid: string }[] = [];
  for (const image of images) {
    const res = await page.post<{ id: string }>(`/${pageId}/photos`, { url: image.url, published: false, alt_text_custom: image.altText }, { what: 'the photo upload', mutating: false });
    attached.push({ media_fbid: res.id });
  }
  const res = await page.post<{ id: string }>(`/${pageId}/feed`, { message, attached_media: JSON.stringify(attached) }, { what: 'the post', mutating: true });
  return { id: res.id, url: postUrl(res.id) };
}

export class FacebookAdapter implements PlatformAdapter {
  readonly platform = 'facebook' as const;
  readonly scopes = FACEBOOK_SCOPES;
  private readonly version: string;
  private readonly graph: GraphApi;
  private readonly app: { client_id: string; client_secret: string };

  constructor(private readonly config: AdapterConfig) {
    this.version = config.options?.graphVersion ?? DEFAULT_GRAPH_VERSION;
    this.graph = new GraphApi('facebook', { apiBaseUrl: config.apiBaseUrl, version: this.version, timeoutMs: config.timeoutMs ?? 30_000 });
    this.app = { client_id: config.clientId, client_secret: config.clientSecret };
  }

  authorizationUrl({ redirectUri, state }: { redirectUri: string; state?: string }): AuthorizationRequest {
    const chosenState = state ?? randomBytes(16).toString('base64url');
    return { url: loginForBusinessUrl('facebook', this.config, this.version, { redirectUri, state: chosenState }), state: chosenState };
  }

  async exchangeCode({ code, redirectUri }: { code: string; redirectUri: string }) {
    const short = await this.graph.get<TokenAnswer>('/oauth/access_token', { code, redirect_uri: redirectUri, ...this.app }, 'the code exchange');
    const user = await this.graph.get<TokenAnswer>('/oauth/access_token', { grant_type: 'fb_exchange_token', fb_exchange_token: short.access_token, ...this.app }, 'the token exchange');
    const [page] = await this.pagesOf(user.access_token);
    if (!page) throw new PlatformError('permanent', 'facebook', 'This Facebook login manages no Page (or did not grant pages_show_list); choose a Page when connecting.');
    return {
      tokens: { accessToken: page.access_token, refreshToken: user.access_token, refreshTokenExpiresAt: expiresIn(user.expires_in), scopes: [...FACEBOOK_SCOPES] },
      identity: { externalId: page.id, displayName: page.name, avatarUrl: page.picture?.data?.url },
    };
  }

  /** Reads the Page's current token with the long-lived user token kept as the "refresh token". */
  async refresh(tokens: AccountTokens, account?: { externalId: string }): Promise<AccountTokens> {
    if (!tokens.refreshToken || !account) throw new PlatformError('needs_reconnect', 'facebook', 'Facebook needs the Page to be reconnected (no user token to renew it with).');
    const page = (await this.pagesOf(tokens.refreshToken)).find((p) => p.id === account.externalId);
    if (!page) throw new PlatformError('needs_reconnect', 'facebook', `The Facebook login no longer manages Page ${account.externalId}; reconnect it.`);
    return { ...tokens, accessToken: page.access_token, accessTokenExpiresAt: undefined };
  }

  validate(content: PublishContent, target?: RuleContext): ValidationResult {
    return validateContent('facebook', content, target);
  }

  async publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    assertPublishable('facebook', content);
    const page = this.graph.withToken(session.tokens.accessToken);
    const message = publishedText('facebook', content);
    const posted =
      content.media.length > 0
        ? await publishMedia(page, session.externalId, content, message)
        : await page
            .post<{ id: string }>(`/${session.externalId}/feed`, { message, link: content.link }, { what: 'the post', mutating: true })
            .then((res) => ({ id: res.id, url: postUrl(res.id) }));
    await options.onProgress?.({ step: 'published', platformPostId: posted.id });
    return { platformPostId: posted.id, url: posted.url, publishedAt: new Date(), rateLimit: page.lastRateLimit };
  }

  async findExisting(session: AccountSession, { content, since }: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    const posts = await this.graph
      .withToken(session.tokens.accessToken)
      .get<{ data?: { id: string; message?: string; created_time?: string; permalink_url?: string }[] }>(
        `/${session.externalId}/posts`,
        { fields: 'id,message,created_time,permalink_url', since: Math.floor(since.getTime() / 1000), limit: 50 },
        'the post lookup',
      );
    const text = publishedText('facebook', content);
    const found = (posts.data ?? []).find((p) => sameText(p.message ?? '', text));
    return found ? { platformPostId: found.id, url: found.permalink_url ?? postUrl(found.id), publishedAt: new Date(found.created_time ?? Date.now()) } : undefined;
  }

  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const page = this.graph.withToken(session.tokens.accessToken);
    const counts = await page.get<{ reactions?: { summary?: { total_count?: number } }; comments?: { summary?: { total_count?: number } }; shares?: { count?: number } }>(
      `/${platformPostId}`,
      { fields: 'reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares' },
      'the metrics lookup',
    );
    const insights = await page.get<{ data?: { name: string; values?: { value: number }[] }[] }>(
      `/${platformPostId}/insights`,
      { metric: INSIGHT_METRICS.join(',') },
      'the insights lookup',
    );
    const metric = (name: string) => insights.data?.find((d) => d.name === name)?.values?.[0]?.value;
    return {
      impressions: metric('post_media_view'),
      reach: metric('post_total_media_view_unique'),
      clicks: metric('post_clicks'),
      likes: counts.reactions?.summary?.total_count,
      comments: counts.comments?.summary?.total_count,
      shares: counts.shares?.count ?? 0,
      fetchedAt: new Date(),
    };
  }

  /** The Page's followers, and the people its content reached today (page_total_media_view_unique replaced page_impressions_unique). */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    const page = this.graph.withToken(session.tokens.accessToken);
    const fields = await page.get<{ followers_count?: number }>(`/${session.externalId}`, { fields: 'followers_count' }, 'the Page followers');
    const insights = await page.get<{ data?: { values?: { value?: number }[] }[] }>(`/${session.externalId}/insights`, { metric: 'page_total_media_view_unique', period: 'day' }, 'the Page insights');
    return { followers: fields.followers_count, reach: latestDailyValue(insights), fetchedAt: new Date() };
  }

  private async pagesOf(userToken: string): Promise<PageAccount[]> {
    const pages = await this.graph.withToken(userToken).get<{ data?: PageAccount[] }>('/me/accounts', { fields: 'id,name,access_token,picture{url}' }, 'the Page lookup');
    return pages.data ?? [];
  }
}

export const createFacebookAdapter = (config: AdapterConfig): PlatformAdapter => new FacebookAdapter(config);
