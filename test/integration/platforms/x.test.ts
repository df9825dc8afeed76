import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPlatformServices } from '../../../activities/platforms/services.js';
import type { PublishContent } from '../../../activities/platforms/types.js';
import { loadPlatformConfig } from '../../../config/platforms.js';
import { expectKind, platformErrorOf, platformHarness, SHORT_TIMEOUT_MS, TEST_ENCRYPTION_KEYS, withTimeout, type PlatformHarness } from '../../support/platforms.js';

let h: PlatformHarness;
let accountId: string;
let n = 0;

beforeAll(async () => {
  h = await platformHarness();
});
afterAll(() => h?.close());
beforeEach(async () => {
  n += 1;
  accountId = await h.connect('x', `x-user-${n}`);
});

const text = (words: string): PublishContent => ({ text: `${words} #${n}`, hashtags: [], media: [] });
const publish = (content: PublishContent) => h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content, { idempotencyKey: `t:${n}` }));
const limits = async (body: { postsPerWindow?: number; postWindowMs?: number; appPostsPerWindow?: number; appWindowMs?: number }) => {
  const res = await fetch(`${h.emulator.url}/x/_emulator/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
};
const metrics = (id: string) => h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, id));

describe('X: connecting', () => {
  it('connects a sandbox account through the OAuth pages with PKCE and labels it sandbox', async () => {
    const row = await h.accountRow(accountId);
    expect(row).toMatchObject({ platform: 'x', externalId: `x-user-${n}`, status: 'connected', sandbox: true });
    expect(row.displayName).toContain('@');
    expect(row.scopes).toEqual(expect.arrayContaining(['tweet.write', 'offline.access']));
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('stores tokens only encrypted: the raw columns do not contain them', async () => {
    const row = await h.accountRow(accountId);
    const issued = [...h.emulator.state.tokens.values()].find((t) => t.accountExternalId === `x-user-${n}` && !t.revoked)!;
    expect(row.accessTokenEnc).not.toContain(issued.accessToken);
    expect(row.refreshTokenEnc).not.toContain(issued.refreshToken);
    expect(row.tokenKeyId).toBe('t1');
    const raw = await h.database.pool.query('select access_token_enc, refresh_token_enc from social_accounts where id = $1', [accountId]);
    expect(JSON.stringify(raw.rows)).not.toContain(issued.accessToken.slice(5));
  });
});

describe('X: publishing', () => {
  it('publishes a text post and returns its id and URL', async () => {
    const post = await publish(text('Hello from Herald'));
    expect(post.url).toBe(`https://x.com/i/web/status/${post.platformPostId}`);
    const log = await h.posts('x');
    expect(log.filter((p) => p.id === post.platformPostId)).toEqual([expect.objectContaining({ text: `Hello from Herald #${n}`, mediaCount: 0 })]);
  });

  it('uploads images through initialize/append/finalize and attaches them', async () => {
    const image = (i: number) => ({ kind: 'image' as const, url: h.media(`p${i}.jpg`, 3 * 1024 * 1024), mimeType: 'image/jpeg' });
    const post = await publish({ ...text('Two photos'), media: [image(1), image(2)] });
    expect((await h.posts('x')).find((p) => p.id === post.platformPostId)?.mediaCount).toBe(2);
  });

  it('uploads a video and waits for processing before posting', async () => {
    const post = await publish({ ...text('A clip'), media: [{ kind: 'video', url: h.media('clip.mp4', 100_000), mimeType: 'video/mp4', durationSeconds: 10 }] });
    expect((await h.posts('x')).find((p) => p.id === post.platformPostId)?.mediaCount).toBe(1);
  });

  it('a video X fails to process (STATUS answers failed) is permanent, and nothing is posted', async () => {
    const notMp4 = { kind: 'video' as const, url: h.media('not-a-video.jpg', 100_000), mimeType: 'video/mp4', durationSeconds: 10 };
    const before = (await h.posts('x')).length;
    const err = expectKind(await platformErrorOf(() => publish({ ...text('Broken clip'), media: [notMp4] })), 'permanent');
    expect(err.options.code).toBe('media_processing_failed');
    expect(err.message).toContain('Unsupported video format');
    expect(await h.posts('x')).toHaveLength(before);
  });

  it('puts the link into the text, since X has no link field', async () => {
    const post = await publish({ ...text('Read this'), link: 'https://example.com/article' });
    expect((await h.posts('x')).find((p) => p.id === post.platformPostId)?.text).toContain('https://example.com/article');
  });

  it('refuses a post over 280 weighted characters before sending anything', async () => {
    const before = (await h.posts('x')).length;
    const err = expectKind(await platformErrorOf(() => publish({ text: '字'.repeat(141), hashtags: [], media: [] })), 'permanent');
    expect(err.message).toContain('X allows 280 characters');
    expect((await h.posts('x')).length).toBe(before);
  });
});

describe('X: metrics and reconciling', () => {
  it('reports metrics that grow over time, and more for a viral post than a flop', async () => {
    await h.nextCurve('x', 'viral');
    const viral = await publish(text('Going viral'));
    await h.nextCurve('x', 'flop');
    const flop = await publish(text('Nobody cares'));
    const early = await metrics(viral.platformPostId);
    const [later, flopLater] = await h.withClockAhead(12 * 3_600_000, () => Promise.all([metrics(viral.platformPostId), metrics(flop.platformPostId)]));
    expect(later.impressions!).toBeGreaterThan(early.impressions!);
    expect(later.likes!).toBeGreaterThan(flopLater.likes!);
    expect(later).toEqual(expect.objectContaining({ comments: expect.any(Number), shares: expect.any(Number), saves: expect.any(Number) }));
  });

  it('finds a post that already exists and nothing for content never posted', async () => {
    const since = new Date(Date.now() - 60_000);
    const post = await publish({ ...text('Find me'), link: 'https://example.com/x' });
    const found = await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: { ...text('Find me'), link: 'https://example.com/x' }, since }));
    expect(found?.platformPostId).toBe(post.platformPostId);
    const missing = await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: text('Never posted'), since }));
    expect(missing).toBeUndefined();
  });
});

describe('X: errors', () => {
  it('turns a 429 into retryable with the delay from x-rate-limit-reset', async () => {
    await h.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'rate_limit', retryAfterSeconds: 120 });
    const err = expectKind(await platformErrorOf(() => publish(text('Rate limited'))), 'retryable');
    expect(err.options.retryAfterMs).toBeGreaterThan(118_000);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('reports on a successful post what is left of the 15-minute window, from its headers', async () => {
    const post = await publish(text('Counting down'));
    expect(post.rateLimit).toMatchObject({ remaining: 99, limit: 100, scope: 'requests in the current rate-limit window' });
    expect(post.rateLimit!.resetAt!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('the post that uses up the app\'s 24-hour window reports none left until it resets; the next is refused until then, whoever posts it', async () => {
    await limits({ appPostsPerWindow: 2 });
    try {
      const first = await publish(text('First of two'));
      expect(first.rateLimit).toMatchObject({ remaining: 1, limit: 2, scope: "Herald's app-wide requests per 24 hours" });
      const second = await publish(text('Second of two'));
      expect(second.rateLimit).toMatchObject({ remaining: 0, limit: 2 });
      expect(second.rateLimit!.resetAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
      accountId = await h.connect('x', `x-other-user-${n}`);
      const err = expectKind(await platformErrorOf(() => publish(text('A third'))), 'retryable');
      expect(err.options.retryAfterMs).toBeGreaterThan(23 * 3_600_000);
      expect(err.options.retryAfterMs).toBeLessThanOrEqual(24 * 3_600_000 + 1_000);
    } finally {
      await limits({ appPostsPerWindow: 10_000 });
    }
  });

  it('hits X\'s 100-posts-per-15-minutes window per user on the 101st post and waits for its reset', async () => {
    for (let i = 0; i < 100; i += 1) await publish(text(`Post number ${i}`));
    const err = expectKind(await platformErrorOf(() => publish(text('One too many'))), 'retryable');
    expect(err.options.retryAfterMs).toBeGreaterThan(14 * 60_000);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(15 * 60_000 + 1_000);
  });

  it('refreshes on a 401 and succeeds, storing the rotated tokens', async () => {
    const before = await h.accountRow(accountId);
    await h.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'expired_token' });
    const post = await publish(text('After refresh'));
    expect(post.platformPostId).toBeTruthy();
    const after = await h.accountRow(accountId);
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    expect(after.status).toBe('connected');
    expect((await h.posts('x')).filter((p) => p.text === `After refresh #${n}`)).toHaveLength(1);
  });

  it('survives two calls rejected at once: one refresh, the other uses its rotated token', async () => {
    // X's clock runs 3 h ahead: the stored token is dead there although our expiry says otherwise.
    await h.withClockAhead(3 * 3_600_000, async () => {
      // A slow token endpoint makes the two refreshes overlap unless they are serialised.
      await h.fault({ platform: 'x', route: 'POST /2/oauth2/token', kind: 'delay', delayMs: 300 });
      const [a, b] = await Promise.all([publish(text('Racing one')), publish(text('Racing two'))]);
      expect(a.platformPostId).not.toBe(b.platformPostId);
    });
    expect((await h.accountRow(accountId)).status).toBe('connected');
  });

  it('after a key rotation still opens old tokens and re-seals them with the new key on refresh', async () => {
    const rotated = createPlatformServices(h.database.db, loadPlatformConfig({
      HERALD_ENCRYPTION_KEYS: `t2:${randomBytes(32).toString('base64')},${TEST_ENCRYPTION_KEYS}`,
      PLATFORM_EMULATOR_URL: h.emulator.url,
    }));
    const before = await publish(text('Before rotation'));
    await rotated.sessions.run(accountId, (s, a) => a.fetchMetrics(s, before.platformPostId));
    expect((await h.accountRow(accountId)).tokenKeyId).toBe('t1');
    await h.database.pool.query(`update social_accounts set access_token_expires_at = now() where id = $1`, [accountId]);
    await rotated.sessions.run(accountId, (s, a) => a.publish(s, text('After rotation'), { idempotencyKey: 'rot' }));
    const row = await h.accountRow(accountId);
    expect(row.tokenKeyId).toBe('t2');
    expect(row.accessTokenEnc).toMatch(/^v1\.t2\./);
    expect(row.refreshTokenEnc).toMatch(/^v1\.t2\./);
  });

  it('refreshes ahead of expiry without waiting for a 401', async () => {
    await h.database.pool.query(`update social_accounts set access_token_expires_at = now() + interval '1 minute' where id = $1`, [accountId]);
    const before = await h.accountRow(accountId);
    await publish(text('Fresh token'));
    const after = await h.accountRow(accountId);
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('marks the account needs_reconnect when the refresh is refused, then fails fast', async () => {
    await h.revoke('x', `x-user-${n}`);
    expectKind(await platformErrorOf(() => publish(text('Revoked'))), 'needs_reconnect');
    expect((await h.accountRow(accountId)).status).toBe('needs_reconnect');
    const err = expectKind(await platformErrorOf(() => publish(text('Still revoked'))), 'needs_reconnect');
    expect(err.message).toContain('needs to be reconnected');
  });

  it('turns a 503 into retryable', async () => {
    await h.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'server_error', status: 503 });
    expect(expectKind(await platformErrorOf(() => publish(text('Server down'))), 'retryable').options.status).toBe(503);
  });

  it('reports a duplicate refused by X as permanent with X\'s reason', async () => {
    await publish(text('Same words'));
    const err = expectKind(await platformErrorOf(() => publish(text('Same words'))), 'permanent');
    expect(err.message).toContain('duplicate content');
  });

  it('reports a dropped response as unconfirmed, and reconciling finds the post that did go through', async () => {
    const since = new Date(Date.now() - 60_000);
    await h.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'drop_response' });
    expectKind(await platformErrorOf(() => publish(text('Lost answer'))), 'unconfirmed');
    const landed = (await h.posts('x')).filter((p) => p.text === `Lost answer #${n}`);
    expect(landed).toHaveLength(1);
    const found = await h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: text('Lost answer'), since }));
    expect(found).toMatchObject({ platformPostId: landed[0]!.id, url: `https://x.com/i/web/status/${landed[0]!.id}` });
  });

  it('reports a post that outlives the timeout as unconfirmed', async () => {
    const impatient = createPlatformServices(h.database.db, withTimeout(h.platforms.config, SHORT_TIMEOUT_MS));
    await h.fault({ platform: 'x', route: 'POST /2/tweets', kind: 'delay', delayMs: SHORT_TIMEOUT_MS + 1_000 });
    const slow = () => impatient.sessions.run(accountId, (s, a) => a.publish(s, text('Slow'), { idempotencyKey: `t:${n}` }));
    expectKind(await platformErrorOf(slow), 'unconfirmed');
  });
});
