import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublishContent } from '../../../activities/platforms/types.js';
import { expectKind, platformErrorOf, platformHarness, type PlatformHarness } from '../../support/platforms.js';

let h: PlatformHarness;
let accountId: string;
let n = 0;

beforeAll(async () => {
  // An app LinkedIn granted r_member_social: metrics and reconciling work (linkedin-member-social.test.ts covers one without).
  h = await platformHarness({ LINKEDIN_MEMBER_SOCIAL_READ: '1' });
});
afterAll(() => h?.close());
beforeEach(async () => {
  n += 1;
  accountId = await h.connect('linkedin', `li-member-${n}`);
});

const text = (words: string): PublishContent => ({ text: `${words} ${n}`, hashtags: ['herald'], media: [] });
const publish = (content: PublishContent) => h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content, { idempotencyKey: `t:${n}` }));
const logged = async (id: string) => (await h.posts('linkedin')).find((p) => p.id === id);
const image = (i: number) => ({ kind: 'image' as const, url: h.media(`li${i}.jpg`), mimeType: 'image/jpeg', width: 1200, height: 1200 });

describe('LinkedIn: connecting', () => {
  it('connects a member through the OAuth pages and reads who they are from userinfo', async () => {
    const row = await h.accountRow(accountId);
    expect(row).toMatchObject({ platform: 'linkedin', externalId: `li-member-${n}`, displayName: `Sandbox LinkedIn (li-member-${n})`, sandbox: true, status: 'connected' });
    expect(row.scopes).toContain('w_member_social');
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
  });
});

describe('LinkedIn: publishing through the Posts API', () => {
  it('publishes text with its hashtags and returns the share URN from x-restli-id', async () => {
    const post = await publish(text('Quarterly update'));
    expect(post.platformPostId).toMatch(/^urn:li:share:\d+$/);
    expect(post.url).toBe(`https://www.linkedin.com/feed/update/${post.platformPostId}/`);
    expect((await logged(post.platformPostId))?.text).toBe(`Quarterly update ${n}\n\n#herald`);
  });

  it('escapes LinkedIn\'s reserved characters so parentheses and @ arrive intact', async () => {
    const post = await publish({ text: `Launch (beta) for @everyone [now] ${n}`, hashtags: [], media: [] });
    expect((await logged(post.platformPostId))?.text).toBe(`Launch (beta) for @everyone [now] ${n}`);
  });

  it('uploads one image through the Images API and attaches it', async () => {
    const post = await publish({ ...text('One image'), media: [image(1)] });
    expect((await logged(post.platformPostId))?.mediaCount).toBe(1);
  });

  it('publishes several images as a multiImage post', async () => {
    const post = await publish({ ...text('Three images'), media: [image(1), image(2), image(3)] });
    expect((await logged(post.platformPostId))?.mediaCount).toBe(3);
  });

  it('uploads a video in 4 MiB parts (initialize, PUT each, finalize with the ETags, wait until AVAILABLE)', async () => {
    const video = { kind: 'video' as const, url: h.media('li.mp4', 9_000_000), mimeType: 'video/mp4', width: 1920, height: 1080, durationSeconds: 20 };
    const post = await publish({ ...text('Video'), media: [video] });
    expect((await logged(post.platformPostId))?.mediaCount).toBe(1);
  });

  it('shares a link as an article, keeping the URL out of the commentary', async () => {
    const post = await publish({ ...text('Worth reading'), link: 'https://example.com/post' });
    const entry = await logged(post.platformPostId);
    expect(entry?.extra).toMatchObject({ article: 'https://example.com/post' });
    expect(entry?.text).not.toContain('https://');
  });

  it('puts the link in the commentary of a post with media, which cannot also be an article', async () => {
    const post = await publish({ ...text('Photo and link'), media: [image(1)], link: 'https://example.com/with-image' });
    const entry = await logged(post.platformPostId);
    expect(entry?.mediaCount).toBe(1);
    expect(entry?.text).toContain('https://example.com/with-image');
  });

  it('shows an article with the title, description and thumbnail the caller set, since LinkedIn does not scrape the page', async () => {
    const linkPreview = { title: 'Why sourdough rises', description: 'A baker explains the starter.', thumbnail: image(7) };
    const post = await publish({ ...text('Article'), link: 'https://example.com/sourdough', linkPreview });
    const entry = await logged(post.platformPostId);
    expect(entry?.extra).toMatchObject({ article: 'https://example.com/sourdough', articleTitle: 'Why sourdough rises', articleDescription: 'A baker explains the starter.' });
    expect(entry?.extra?.articleThumbnail).toMatch(/^urn:li:image:/);
  });

  it('refuses 3,001 characters before sending', async () => {
    const err = expectKind(await platformErrorOf(() => publish({ text: 'a'.repeat(3001), hashtags: [], media: [] })), 'permanent');
    expect(err.message).toBe('LinkedIn allows 3000 characters; this post has 3001.');
  });
});

describe('LinkedIn: metrics and reconciling', () => {
  it('reports likes and comments that grow over time', async () => {
    const post = await publish(text('Measure me'));
    const first = await h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, post.platformPostId));
    const later = await h.withClockAhead(24 * 3_600_000, () => h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, post.platformPostId)));
    expect(later.likes!).toBeGreaterThan(first.likes!);
    expect(later.comments).toEqual(expect.any(Number));
  });

  it('finds an existing post by its commentary', async () => {
    const since = new Date(Date.now() - 60_000);
    const content = { text: `Find (me) ${n}`, hashtags: [], media: [] };
    const post = await publish(content);
    const found = await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content, since }));
    expect(found?.platformPostId).toBe(post.platformPostId);
    expect(await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: text('never'), since }))).toBeUndefined();
  });
});

describe('LinkedIn: errors', () => {
  it('turns a 429, which carries no retry header, into retryable at the next midnight UTC when the daily limits reset', async () => {
    await h.fault({ platform: 'linkedin', route: 'POST /rest/posts', kind: 'rate_limit' });
    const before = Date.now();
    const err = expectKind(await platformErrorOf(() => publish(text('Throttled'))), 'retryable');
    const midnight = (at: number) => Math.ceil(at / 86_400_000) * 86_400_000;
    expect(before + err.options.retryAfterMs!).toBeGreaterThanOrEqual(midnight(before) - 5_000);
    expect(before + err.options.retryAfterMs!).toBeLessThanOrEqual(midnight(Date.now()) + 5_000);
  });

  it('refreshes on a 401 and then publishes once', async () => {
    const before = await h.accountRow(accountId);
    await h.fault({ platform: 'linkedin', route: 'POST /rest/posts', kind: 'expired_token' });
    await publish(text('After refresh'));
    expect((await h.accountRow(accountId)).accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect((await h.posts('linkedin')).filter((p) => p.text.startsWith(`After refresh ${n}`))).toHaveLength(1);
  });

  it('renews an expired access token with the stored refresh token, which stays usable', async () => {
    const before = await h.accountRow(accountId);
    await h.database.pool.query(`update social_accounts set access_token_expires_at = now() where id = $1`, [accountId]);
    await publish(text('Renewed'));
    const after = await h.accountRow(accountId);
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    const opened = await h.platforms.sessions.open(accountId);
    const issued = [...h.emulator.state.tokens.values()].find((t) => t.accessToken === opened.session.tokens.accessToken)!;
    expect(opened.session.tokens.refreshToken).toBe(issued.refreshToken);
  });

  it('marks the account needs_reconnect when the member revoked the app', async () => {
    await h.revoke('linkedin', `li-member-${n}`);
    expectKind(await platformErrorOf(() => publish(text('Revoked'))), 'needs_reconnect');
    expect((await h.accountRow(accountId)).status).toBe('needs_reconnect');
  });

  it('turns a 500 into retryable', async () => {
    await h.fault({ platform: 'linkedin', route: 'POST /rest/posts', kind: 'server_error', status: 500 });
    expectKind(await platformErrorOf(() => publish(text('Down'))), 'retryable');
  });

  it('reports LinkedIn\'s duplicate refusal as permanent with a readable reason', async () => {
    await publish(text('Twice'));
    const err = expectKind(await platformErrorOf(() => publish(text('Twice'))), 'permanent');
    expect(err.message).toContain('duplicate');
  });

  it('reports a dropped response as unconfirmed while the post exists', async () => {
    await h.fault({ platform: 'linkedin', route: 'POST /rest/posts', kind: 'drop_response' });
    expectKind(await platformErrorOf(() => publish(text('Lost'))), 'unconfirmed');
    expect((await h.posts('linkedin')).filter((p) => p.text.startsWith(`Lost ${n}`))).toHaveLength(1);
  });
});
