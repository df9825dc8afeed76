import { randomBytes } from 'node:crypto';
import { publishedText, type RuleContext } from '../../../core/platform-rules/index.js';
import { assertPublishable } from '../content-rules.js';
import { expiresIn, mergeRefreshedTokens, sameText, splitScopes, validateContent } from '../common.js';
import { tokenRejected } from '../errors.js';
import {
  METRICS_UNAVAILABLE,
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
import { escapeCommentary, linkedInApi, unescapeCommentary, urnPath, type LinkedInApi } from './api.js';
import { uploadImage, uploadVideo, type UploadContext } from './media.js';

/**
 * LinkedIn member posting through the Posts API. Scopes: `openid profile` for who the member is,
 * `w_member_social` to post, and `r_member_social` (restricted: only apps LinkedIn granted it,
 * `LINKEDIN_MEMBER_SOCIAL_READ=1`) to read likes and comments and find the member's posts.
 * Refresh tokens exist only for approved partner apps; everyone else reconnects every 60 days.
 */

export const LINKEDIN_SCOPES = ['openid', 'profile', 'w_member_social'] as const;
export const MEMBER_SOCIAL_READ = 'r_member_social';
const MEMBER_FOLLOWERS_READ = 'r_member_followers';

const NO_MEMBER_SOCIAL_READ = `LinkedIn lets only apps it granted the restricted ${MEMBER_SOCIAL_READ} permission (Community Management API) read a member's posts, likes and comments`;

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}

const personUrn = (externalId: string) => `urn:li:person:${externalId}`;
const postUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

function toTokens(answer: TokenAnswer, scopes: readonly string[]): AccountTokens {
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token || undefined,
    accessTokenExpiresAt: expiresIn(answer.expires_in),
    refreshTokenExpiresAt: answer.refresh_token ? expiresIn(answer.refresh_token_expires_in) : undefined,
    scopes: splitScopes(answer.scope, scopes),
  };
}

async function postContent(ctx: UploadContext, content: PublishContent): Promise<Record<string, unknown> | undefined> {
  const images = content.media.filter((m) => m.kind === 'image');
  const video = content.media.find((m) => m.kind === 'video');
  if (video) return { media: { id: await uploadVideo(ctx, video), ...(content.title ? { title: content.title } : {}) } };
  if (images.length === 1) return { media: { id: await uploadImage(ctx, images[0]!), ...(images[0]!.altText ? { altText: images[0]!.altText } : {}) } };
  if (images.length > 1) {
    const uploaded = [];
    for (const image of images) uploaded.push({ id: await uploadImage(ctx, image), ...(image.altText ? { altText: image.altText } : {}) });
    return { multiImage: { images: uploaded } };
  }
  if (content.link) return { article: await articleContent(ctx, content, content.link) };
  return undefined;
}

/** An article shows only what the post states: LinkedIn's Posts API does not scrape the page. */
async function articleContent(ctx: UploadContext, content: PublishContent, source: string): Promise<Record<string, string>> {
  const preview = content.linkPreview ?? {};
  const thumbnail = preview.thumbnail ? await uploadImage(ctx, preview.thumbnail) : undefined;
  return {
    source,
    title: preview.title ?? content.title ?? source,
    ...(preview.description ? { description: preview.description } : {}),
    ...(thumbnail ? { thumbnail } : {}),
  };
}

export class LinkedInAdapter implements PlatformAdapter {
  readonly platform = 'linkedin' as const;
  readonly scopes: readonly string[];
  private readonly api: LinkedInApi;
  private readonly timeoutMs: number;

  constructor(private readonly config: AdapterConfig) {
    this.api = linkedInApi(config);
    this.timeoutMs = config.timeoutMs ?? 30_000;
    this.scopes = config.options?.memberSocialRead === '1' ? [...LINKEDIN_SCOPES, MEMBER_SOCIAL_READ] : LINKEDIN_SCOPES;
  }

  /** Whether LinkedIn will let this account's token read posts and social actions (else it answers 403). */
  private mayReadMemberSocial(session: AccountSession): boolean {
    return this.scopes.includes(MEMBER_SOCIAL_READ) && session.tokens.scopes.includes(MEMBER_SOCIAL_READ);
  }

  private static withoutMemberSocialRead(session: AccountSession, app: boolean): string {
    return app ? `this account was connected before the app had ${MEMBER_SOCIAL_READ}; reconnect it` : `set LINKEDIN_MEMBER_SOCIAL_READ=1 once LinkedIn grants it, then reconnect (account ${session.externalId})`;
  }

  authorizationUrl({ redirectUri, state }: { redirectUri: string; state?: string }): AuthorizationRequest {
    const url = new URL(`${this.config.authBaseUrl.replace(/\/$/, '')}/oauth/v2/authorization`);
    const chosenState = state ?? randomBytes(16).toString('base64url');
    url.search = new URLSearchParams({ response_type: 'code', client_id: this.config.clientId, redirect_uri: redirectUri, state: chosenState, scope: this.scopes.join(' ') }).toString();
    return { url: url.toString(), state: chosenState };
  }

  async exchangeCode({ code, redirectUri }: { code: string; redirectUri: string }) {
    const answer = await this.api.oauth<TokenAnswer>({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, 'the code exchange');
    const me = await this.api.rest<{ sub: string; name?: string; picture?: string }>({ method: 'GET', path: '/v2/userinfo', token: answer.access_token, what: 'the member lookup' });
    return { tokens: toTokens(answer, this.scopes), identity: { externalId: me.body.sub, displayName: me.body.name ?? me.body.sub, avatarUrl: me.body.picture } };
  }

  async refresh(tokens: AccountTokens): Promise<AccountTokens> {
    if (!tokens.refreshToken) throw tokenRejected('linkedin', 'the access token expired and LinkedIn issues refresh tokens only to partner apps', 401);
    const answer = await this.api.oauth<TokenAnswer>({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, 'the token refresh');
    return mergeRefreshedTokens(tokens, toTokens(answer, this.scopes));
  }

  validate(content: PublishContent, target?: RuleContext): ValidationResult {
    return validateContent('linkedin', content, target);
  }

  async publish(session: AccountSession, content: PublishContent, options: PublishOptions): Promise<PublishedPost> {
    assertPublishable('linkedin', content);
    const author = personUrn(session.externalId);
    const token = session.tokens.accessToken;
    const media = await postContent({ api: this.api, token, owner: author, timeoutMs: this.timeoutMs }, content);
    if (media) await options.onProgress?.({ step: 'media_uploaded', detail: { content: Object.keys(media)[0] } });
    const res = await this.api.rest({
      method: 'POST',
      path: '/rest/posts',
      token,
      mutating: true,
      what: 'the post',
      json: {
        author,
        commentary: escapeCommentary(publishedText('linkedin', content)),
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
        ...(media ? { content: media } : {}),
      },
    });
    const urn = res.headers.get('x-restli-id');
    if (!urn) throw new PlatformError('unconfirmed', 'linkedin', 'LinkedIn accepted the post but did not say its id; it will be looked up before any retry.');
    await options.onProgress?.({ step: 'published', platformPostId: urn });
    return { platformPostId: urn, url: postUrl(urn), publishedAt: new Date() };
  }

  /** Without r_member_social LinkedIn answers 403: the reconcile cannot check, and says so rather than guess "absent". */
  async findExisting(session: AccountSession, { content, since }: { content: PublishContent; since: Date }): Promise<PublishedPost | undefined> {
    if (!this.mayReadMemberSocial(session)) {
      const how = LinkedInAdapter.withoutMemberSocialRead(session, this.scopes.includes(MEMBER_SOCIAL_READ));
      throw new PlatformError('permanent', 'linkedin', `Herald cannot check on LinkedIn whether the post went out: ${NO_MEMBER_SOCIAL_READ}; ${how}. Look at the member's feed before replaying.`, { code: 'cannot_check' });
    }
    const author = encodeURIComponent(personUrn(session.externalId));
    const res = await this.api.rest<{ elements?: { id: string; commentary?: string; createdAt?: number; publishedAt?: number }[] }>({
      method: 'GET',
      path: `/rest/posts?author=${author}&q=author&count=50&sortBy=LAST_MODIFIED`,
      token: session.tokens.accessToken,
      headers: { 'x-restli-method': 'FINDER' },
      what: 'the post lookup',
    });
    const text = publishedText('linkedin', content);
    const found = (res.body.elements ?? []).find(
      (p) => (p.publishedAt ?? p.createdAt ?? 0) >= since.getTime() && sameText(unescapeCommentary(p.commentary ?? ''), text),
    );
    return found ? { platformPostId: found.id, url: postUrl(found.id), publishedAt: new Date(found.publishedAt ?? found.createdAt ?? Date.now()) } : undefined;
  }

  async fetchMetrics(session: AccountSession, platformPostId: string): Promise<PostMetrics> {
    const unavailable = (how: string) => new PlatformError('permanent', 'linkedin', `LinkedIn metrics are not available for this app: ${NO_MEMBER_SOCIAL_READ}; ${how}.`, { code: METRICS_UNAVAILABLE });
    if (!this.mayReadMemberSocial(session)) throw unavailable(LinkedInAdapter.withoutMemberSocialRead(session, this.scopes.includes(MEMBER_SOCIAL_READ)));
    const res = await this.api
      .rest<{ likesSummary?: { totalLikes?: number }; commentsSummary?: { aggregatedTotalComments?: number } }>({
        method: 'GET',
        path: `/rest/socialActions/${urnPath(platformPostId)}`,
        token: session.tokens.accessToken,
        what: 'the metrics lookup',
      })
      .catch((err: unknown) => {
        // LinkedIn took the permission back (or never gave it to this token).
        throw err instanceof PlatformError && err.options.status === 403 ? unavailable(`LinkedIn refused with 403 (${err.message})`) : err;
      });
    return { likes: res.body.likesSummary?.totalLikes, comments: res.body.commentsSummary?.aggregatedTotalComments, fetchedAt: new Date() };
  }

  /** A member's follower count (memberFollowersCount, restricted to r_member_followers); LinkedIn has no account-level reach for members. */
  async fetchAccountMetrics(session: AccountSession): Promise<AccountMetrics> {
    const unavailable = (how: string) =>
      new PlatformError('permanent', 'linkedin', `LinkedIn gives a member's follower count only to apps it granted the restricted ${MEMBER_FOLLOWERS_READ} permission (Community Management API); ${how}.`, { code: METRICS_UNAVAILABLE });
    if (!session.tokens.scopes.includes(MEMBER_FOLLOWERS_READ)) throw unavailable(`this account's token does not carry it (account ${session.externalId})`);
    const res = await this.api
      .rest<{ elements?: { memberFollowersCount?: number }[] }>({ method: 'GET', path: '/rest/memberFollowersCount?q=me', token: session.tokens.accessToken, what: 'the follower count' })
      .catch((err: unknown) => {
        throw err instanceof PlatformError && err.options.status === 403 ? unavailable(`LinkedIn refused with 403 (${err.message})`) : err;
      });
    return { followers: res.body.elements?.[0]?.memberFollowersCount, fetchedAt: new Date() };
  }
}

export const createLinkedInAdapter = (config: AdapterConfig): PlatformAdapter => new LinkedInAdapter(config);
