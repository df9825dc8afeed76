import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkedInAdapter } from '../../../activities/platforms/linkedin/adapter.js';
import { METRICS_UNAVAILABLE, type AccountSession, type PublishContent } from '../../../activities/platforms/types.js';
import { expectKind, platformErrorOf, platformHarness, type PlatformHarness } from '../../support/platforms.js';

/**
 * r_member_social is restricted (Community Management API): LinkedIn answers 403 to the posts author
 * finder and to socialActions without it. Herald asks for it only when LINKEDIN_MEMBER_SOCIAL_READ=1.
 */

let h: PlatformHarness;

beforeAll(async () => {
  h = await platformHarness();
});
afterAll(() => h?.close());

const content = (text: string): PublishContent => ({ text, hashtags: [], media: [] });
const sessionOf = (accountId: string) => h.platforms.sessions.run(accountId, async (session) => session);

async function liGet(session: AccountSession, path: string): Promise<number> {
  const res = await fetch(`${h.emulator.url}/linkedin${path}`, { headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'linkedin-version': '202510', 'x-restli-protocol-version': '2.0.0' } });
  return res.status;
}

describe('LinkedIn for an app without r_member_social', () => {
  it('asks only for the scopes it has; LinkedIn refuses its token the author finder and socialActions with 403', async () => {
    const accountId = await h.connect('linkedin', 'no-member-social');
    const session = await sessionOf(accountId);
    expect(session.tokens.scopes).not.toContain('r_member_social');
    const post = await h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content('Plain member post'), { idempotencyKey: 'm:1' }));
    expect(await liGet(session, `/rest/posts?q=author&author=${encodeURIComponent(`urn:li:person:${session.externalId}`)}`)).toBe(403);
    expect(await liGet(session, `/rest/socialActions/${encodeURIComponent(post.platformPostId)}`)).toBe(403);
  });

  it('metrics are "not available for this app", not a failure', async () => {
    const accountId = await h.connect('linkedin', 'no-member-social-metrics');
    const post = await h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content('Measure me if you can'), { idempotencyKey: 'm:2' }));
    const err = expectKind(await platformErrorOf(() => h.platforms.sessions.run(accountId, (s, a) => a.fetchMetrics(s, post.platformPostId))), 'permanent');
    expect(err.options.code).toBe(METRICS_UNAVAILABLE);
    expect(err.message).toContain('not available for this app');
    expect(err.message).toContain('LINKEDIN_MEMBER_SOCIAL_READ=1');
  });

  it('reconcile says it cannot check instead of reporting the post absent', async () => {
    const accountId = await h.connect('linkedin', 'no-member-social-reconcile');
    await h.platforms.sessions.run(accountId, (s, a) => a.publish(s, content('Did it go out?'), { idempotencyKey: 'm:3' }));
    const err = expectKind(await platformErrorOf(() => h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: content('Did it go out?'), since: new Date(Date.now() - 60_000) }))), 'permanent');
    expect(err.options.code).toBe('cannot_check');
    expect(err.message).toContain('cannot check on LinkedIn');
  });

  it('once the app has the permission, an account connected before must reconnect to read', async () => {
    const accountId = await h.connect('linkedin', 'connected-before-grant');
    const session = await sessionOf(accountId);
    const granted = new LinkedInAdapter({ ...h.platforms.config.platforms.linkedin!.adapter, options: { ...h.platforms.config.platforms.linkedin!.adapter.options, memberSocialRead: '1' } });
    expect(new URL(granted.authorizationUrl({ redirectUri: 'https://herald.test/cb' }).url).searchParams.get('scope')).toBe('openid profile w_member_social r_member_social');
    const err = await platformErrorOf(() => granted.fetchMetrics(session, 'urn:li:share:1'));
    expect(err.options.code).toBe(METRICS_UNAVAILABLE);
    expect(err.message).toContain('reconnect');
  });
});
