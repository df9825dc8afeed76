import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublishContent } from '../../../activities/platforms/types.js';
import { expectKind, platformErrorOf, platformHarness, type PlatformHarness } from '../../support/platforms.js';

let h: PlatformHarness;
let accountId: string;
let page: string;
let n = 0;

beforeAll(async () => {
  h = await platformHarness();
});
afterAll(() => h?.close());
beforeEach(async () => {
  n += 1;
  page = `10000${n}`;
  accountId = await h.connect('facebook', page);
});

const text = (words: string): PublishContent => ({ text: `${words} ${n}`, hashtags: [], media: [] });
const publish = (content: PublishContent) => h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content, { idempotencyKey: `t:${n}` }));
const logged = async (id: string) => (await h.posts('facebook')).find((p) => p.id === id);
const photo = (i: number) => ({ kind: 'image' as const, url: h.media(`fb${i}.jpg`), mimeType: 'image/jpeg' });

describe('Facebook: connecting a Page', () => {
  it('connects the Page with a non-expiring Page token and keeps the long-lived user token to renew it', async () => {
    const row = await h.accountRow(accountId);
    expect(row).toMatchObject({ platform: 'facebook', externalId: page, displayName: `Sandbox Page (${page})`, sandbox: true, status: 'connected' });
    expect(row.accessTokenExpiresAt).toBeNull();
    expect(row.refreshTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(row.scopes).toEqual(expect.arrayContaining(['pages_manage_posts', 'pages_read_engagement', 'pages_show_list']));
  });

  it('opens Facebook Login for Business with the saved configuration (config_id), not a scope list', () => {
    const url = new URL(h.platforms.registry.adapter('facebook').authorizationUrl({ redirectUri: 'https://herald.test/cb', state: 's' }).url);
    expect(url.searchParams.get('config_id')).toBe('herald-sandbox-config');
    expect(url.searchParams.has('scope')).toBe(false);
  });

  it('gets Meta\'s "app isn\'t available" page, and no code, from a dialog without config_id', async () => {
    const url = new URL(h.platforms.registry.adapter('facebook').authorizationUrl({ redirectUri: 'https://herald.test/cb', state: 's' }).url);
    url.searchParams.delete('config_id');
    url.searchParams.set('scope', 'pages_show_list,pages_manage_posts');
    url.searchParams.set('approve', '1');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).not.toBe(302);
    expect(await res.text()).toContain("It looks like this app isn't available");
  });
});

describe('Facebook: publishing', () => {
  it('publishes a text post to the Page feed', async () => {
    const post = await publish(text('Open on Sunday'));
    expect(post.platformPostId).toMatch(new RegExp(`^${page}_\\d+$`));
    expect(post.url).toBe(`https://www.facebook.com/${post.platformPostId}`);
    expect((await logged(post.platformPostId))?.text).toBe(`Open on Sunday ${n}`);
  });

  it('reports Meta\'s usage headers as what is left of the Graph call budget', async () => {
    const post = await publish(text('Fresh rolls'));
    expect(post.rateLimit).toMatchObject({ limit: 100, resetAt: undefined });
    expect(post.rateLimit!.remaining).toBeGreaterThan(0);
    expect(post.rateLimit!.remaining).toBeLessThan(100);
  });

  it('publishes a link post with the link as Graph\'s link field', async () => {
    const post = await publish({ ...text('Our menu'), link: 'https://example.com/menu' });
    expect((await logged(post.platformPostId))?.extra).toMatchObject({ link: 'https://example.com/menu' });
  });

  it('publishes a single photo with its caption', async () => {
    const post = await publish({ ...text('A photo'), media: [photo(1)] });
    expect(await logged(post.platformPostId)).toMatchObject({ mediaCount: 1, text: `A photo ${n}` });
  });

  it('puts the link in the caption of a photo post, which has no link field', async () => {
    const post = await publish({ ...text('Photo and link'), media: [photo(1)], link: 'https://example.com/with-photo' });
    expect((await logged(post.platformPostId))?.text).toContain('https://example.com/with-photo');
  });

  it('publishes several photos as one post with attached_media', async () => {
    const post = await publish({ ...text('An album'), media: [photo(1), photo(2), photo(3)] });
    expect((await logged(post.platformPostId))?.mediaCount).toBe(3);
  });

  it('publishes a video by URL', async () => {
    const post = await publish({ ...text('A video'), title: 'Tour', media: [{ kind: 'video', url: h.media('fb.mp4'), mimeType: 'video/mp4', width: 1080, height: 1920, durationSeconds: 30 }] });
    expect(post.url).toBe(`https://www.facebook.com/${page}/videos/${post.platformPostId}`);
    expect((await logged(post.platformPostId))?.extra).toMatchObject({ title: 'Tour' });
  });
});

describe('Facebook: metrics and reconciling', () => {
  it('reads reactions, comments, shares and insights that grow over time', async () => {
    const post = await publish(text('Measure'));
    const first = await h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, post.platformPostId));
    const later = await h.withClockAhead(6 * 3_600_000, () => h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, post.platformPostId)));
    expect(later.impressions!).toBeGreaterThan(first.impressions!);
    expect(later.reach!).toBeLessThan(later.impressions!);
    expect(later).toEqual(expect.objectContaining({ likes: expect.any(Number), comments: expect.any(Number), shares: expect.any(Number), clicks: expect.any(Number) }));
  });

  it('answers a request for the metrics retired in November 2025 with Graph\'s invalid-metric error (#100)', async () => {
    const post = await publish(text('Retired metrics'));
    const row = await h.accountRow(accountId);
    const pageToken = h.platforms.vault.open(row.accessTokenEnc!, `${row.orgId}:facebook:${row.externalId}:access`);
    const res = await fetch(`${h.emulator.url}/facebook/v23.0/${post.platformPostId}/insights?metric=post_impressions,post_clicks`, { headers: { authorization: `Bearer ${pageToken}` } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 100, message: '(#100) The value must be a valid insights metric' });
  });

  it('finds an existing Page post by its message', async () => {
    const since = new Date(Date.now() - 60_000);
    const post = await publish(text('Reconcile me'));
    const found = await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: text('Reconcile me'), since }));
    expect(found?.platformPostId).toBe(post.platformPostId);
    expect(await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: text('Not there'), since }))).toBeUndefined();
  });
});

describe('Facebook: errors', () => {
  it('turns Graph\'s rate-limit code 4 into retryable, waiting as long as X-Business-Use-Case-Usage says', async () => {
    await h.fault({ platform: 'facebook', route: `POST /v23.0/${page}/feed`, kind: 'rate_limit', retryAfterSeconds: 180 });
    const err = expectKind(await platformErrorOf(() => publish(text('Throttled'))), 'retryable');
    expect(err.options.retryAfterMs).toBe(180_000);
    expect(err.options.code).toBe('graph_4');
  });

  it('on code 190 reads a fresh Page token with the user token and publishes', async () => {
    const before = await h.accountRow(accountId);
    await h.fault({ platform: 'facebook', route: `POST /v23.0/${page}/feed`, kind: 'expired_token' });
    await publish(text('Renewed'));
    const after = await h.accountRow(accountId);
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.refreshTokenEnc).not.toBeNull();
    expect((await h.posts('facebook')).filter((p) => p.text === `Renewed ${n}`)).toHaveLength(1);
  });

  it('marks the Page needs_reconnect when the user token is dead too', async () => {
    await h.revoke('facebook', page);
    const err = expectKind(await platformErrorOf(() => publish(text('Dead'))), 'needs_reconnect');
    expect(err.message).toContain('reconnect');
    expect((await h.accountRow(accountId)).status).toBe('needs_reconnect');
  });

  it('turns a 500 into retryable', async () => {
    await h.fault({ platform: 'facebook', route: `POST /v23.0/${page}/feed`, kind: 'server_error' });
    expectKind(await platformErrorOf(() => publish(text('Down'))), 'retryable');
  });

  it('reports a duplicate status message as permanent', async () => {
    await publish(text('Same'));
    const err = expectKind(await platformErrorOf(() => publish(text('Same'))), 'permanent');
    expect(err.message).toBe('Facebook refused the post as a duplicate of a post already on the Page.');
  });

  it('reports a dropped response as unconfirmed while the post exists', async () => {
    await h.fault({ platform: 'facebook', route: `POST /v23.0/${page}/photos`, kind: 'drop_response' });
    expectKind(await platformErrorOf(() => publish({ ...text('Lost photo'), media: [photo(9)] })), 'unconfirmed');
    expect((await h.posts('facebook')).filter((p) => p.text === `Lost photo ${n}`)).toHaveLength(1);
  });
});
