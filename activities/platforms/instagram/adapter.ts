import { randomBytes } from 'node:crypto';
import { publishedText } from '../../../core/platform-rules/index.js';
import { expiresIn, mergeRefreshedTokens, sameText, validateContent, refreshRefused } from '../common.js';
import { assertPublishable } from '../content-rules.js';
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
  type PublishContent,
  type PublishedPost,
  type PublishOptions,
  type ValidationResult,
} from '../types.js';
import { latestDailyValue, loginForBusinessUrl } from '../graph.js';
import { InstagramGraph } from './graph-client.js';
import { publishToInstagram, type PublishTiming } from './publish.js';

/**
 * Instagram professional accounts through the Graph API with Facebook Login for Business.
 * Meta issues no refresh token: a long-lived user token (60 days) is renewed by exchanging it
 * while it is still valid, so the session renews it in its last week (renewAheadMs) and
 * refresh() fails once the token has expired or been revoked.
 */

export const INSTAGRAM_DEFAULTS = {
  apiBaseUrl: 'https://graph.facebook.com',
  authBaseUrl: 'https://www.facebook.com',
  graphVersion: 'v23.0',
} as const;

export const INSTAGRAM_SCOPES = [
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_insights',
  'pages_show_list',
  'pages_read_engagement',
  'business_management',
] as const;

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

interface PageAccounts {
  data: { id: string; name?: string; instagram_business_account?: { id: string; username?: string; name?: string; profile_picture_url?: string } }[];
}

/** Long-lived tokens are renewed in their last week: once expired they can only be replaced by reconnecting. */
const RENEW_AHEAD_MS = 7 * 86_400_000;

export class InstagramAdapter implements PlatformAdapter {
  readonly platform = 'instagram' as const;
  readonly scopes = INSTAGRAM_SCOPES;
  readonly renewAheadMs = RENEW_AHEAD_MS;
  private readonly graph: InstagramGraph;
  private readonly version: string;
  private readonly timing: PublishTiming;

  constructor(private readonly config: AdapterConfig) {
    this.version = config.options?.graphVersion ?? INSTAGRAM_DEFAULTS.graphVersion;
    this.graph = InstagramGraph.create({ apiBaseUrl: config.apiBaseUrl, version: this.version, timeoutMs: config.timeoutMs ?? 30_000 });
    this.timing = {
      pollIntervalMs: Number(config.options?.pollIntervalMs ?? 5_000),
      maxProcessingMs: Number(config.options?.maxProcessingMs ?? 10 * 60_000),
    };
  }

  authorizationUrl(input: { redirectUri: string; state?: string }): AuthorizationRequest {
    const state = input.state ?? randomBytes(16).toString('base64url');
    return { url: loginForBusinessUrl('instagram', this.config, this.version, { redirectUri: input.redirectUri, state }), state };
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<{ tokens: AccountTokens; identity: AccountIdentity }> {
    const shortLived = await this.graph.get<TokenAnswer>(
      '/oauth/access_token',
      { client_id: this.config.clientId, client_secret: this.config.clientSecret, redirect_uri: input.redirectUri, code: input.code },
      'the authorization code',
    );
    const tokens = await this.longLived(shortLived.access_token);
    return { tokens, identity: await this.identity(tokens.accessToken) };
  }

  async refresh(tokens: AccountTokens): Promise<AccountTokens> {
    try {
      return mergeRefreshedTokens(tokens, await this.longLived(tokens.accessToken));
    } catch (err) {
      refreshRefused('instagram', 'Instagram would not renew the access token; reconnect the account.', err);
    }
  }

  validate(content: PublishContent): ValidationResult {
    return validateContent('instagram', content);
  }

  async publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    assertPublishable('instagram', content);
    return publishToInstagram(this.graph.withToken(session.tokens.accessToken), session.externalId, content, options, this.timing);
  }

  async findExisting(session: AccountSession, query: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    const caption = publishedText('instagram', query.content);
    const media = await this.graph.withToken(session.tokens.accessToken).get<{ data: { id: string; caption?: string; permalink?: string; timestamp?: string }[] }>(
      `/${session.externalId}/media`,
      { fields: 'id,caption,permalink,timestamp', since: Math.floor(query.since.getTime() / 1000), limit: 50 },
      'the recent posts',
    );
    const match = media.data.find((m) => sameText(m.caption ?? '', caption) && (!m.timestamp || new Date(m.timestamp) >= query.since));
    if (!match) return undefined;
    return { platformPostId: match.id, url: match.permalink ?? 'https://www.instagram.com/', publishedAt: match.timestamp ? new Date(match.timestamp) : new Date() };
  }

  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const insights = await this.graph.withToken(session.tokens.accessToken).get<{ data: { name: string; values?: { value: number }[] }[] }>(
      `/${platformPostId}/insights`,
      { metric: 'reach,likes,comments,shares,saved,views' },
      'the post insights',
    );
    const value = (name: string) => insights.data.find((d) => d.name === name)?.values?.[0]?.value;
    return { reach: value('reach'), likes: value('likes'), comments: value('comments'), shares: value('shares'), saves: value('saved'), views: value('views'), fetchedAt: new Date() };
  }

  /** The professional account's followers and its reach today (User Insights, period=day). */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    const graph = this.graph.withToken(session.tokens.accessToken);
    const user = await graph.get<{ followers_count?: number }>(`/${session.externalId}`, { fields: 'followers_count' }, 'the account followers');
    const insights = await graph.get<{ data?: { values?: { value?: number }[] }[] }>(`/${session.externalId}/insights`, { metric: 'reach', period: 'day' }, 'the account insights');
    return { followers: user.followers_count, reach: latestDailyValue(insights), fetchedAt: new Date() };
  }

  private async longLived(accessToken: string): Promise<AccountTokens> {
    const answer = await this.graph.get<TokenAnswer>(
      '/oauth/access_token',
      { grant_type: 'fb_exchange_token', client_id: this.config.clientId, client_secret: this.config.clientSecret, fb_exchange_token: accessToken },
      'the long-lived token exchange',
    );
    return {
      accessToken: answer.access_token,
      accessTokenExpiresAt: expiresIn(answer.expires_in),
      scopes: [...this.scopes],
    };
  }

  private async identity(accessToken: string): Promise<AccountIdentity> {
    const pages = await this.graph.withToken(accessToken).get<PageAccounts>(
      '/me/accounts',
      { fields: 'id,name,instagram_business_account{id,username,name,profile_picture_url}' },
      'the linked accounts',
    );
    const linked = pages.data.find((p) => p.instagram_business_account)?.instagram_business_account;
    if (!linked) {
      throw new PlatformError('permanent', 'instagram', 'No Instagram professional account is linked to a Facebook Page you manage; link one in Meta Business Suite and connect again.', { code: 'no_professional_account' });
    }
    return { externalId: linked.id, displayName: linked.username ? `@${linked.username}` : linked.name ?? linked.id, avatarUrl: linked.profile_picture_url };
  }
}

export function createInstagramAdapter(config: AdapterConfig): InstagramAdapter {
  return new InstagramAdapter(config);
}
