import { describe, expect, it } from 'vitest';
import { YouTubeAdapter } from '../../../activities/platforms/youtube/adapter.js';
import { googleFailure, msUntilQuotaReset } from '../../../activities/platforms/youtube/errors.js';
import { isShort, videoMetadata } from '../../../activities/platforms/youtube/metadata.js';
import type { MediaRef, PublishContent } from '../../../activities/platforms/types.js';

const video: MediaRef = { kind: 'video', url: 'https://m/v.mp4', mimeType: 'video/mp4', width: 1920, height: 1080, durationSeconds: 300 };
const content = (over: Partial<PublishContent> = {}): PublishContent => ({ title: 'A film', text: 'About bread', hashtags: [], media: [video], ...over });

describe('YouTube quota reset', () => {
  it('waits until midnight Pacific (PST, UTC-8, in winter)', () => {
    const now = Date.parse('2026-01-15T20:00:00Z'); // 12:00 PST
    expect(msUntilQuotaReset(now)).toBe(12 * 3_600_000);
  });

  it('waits until midnight Pacific (PDT, UTC-7, in summer)', () => {
    const now = Date.parse('2026-07-01T06:30:00Z'); // 23:30 PDT
    expect(msUntilQuotaReset(now)).toBe(30 * 60_000);
  });
});

describe('Google errors as the four kinds', () => {
  const body = (code: number, reason: string) => ({ error: { code, message: reason, errors: [{ reason, message: reason }] } });
  const none = new Headers();

  it('maps 401, quota, rate limit, upload limit, permission and 5xx', () => {
    expect(googleFailure(401, body(401, 'authError'), none, 'x')).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired' } });
    expect(googleFailure(403, body(403, 'quotaExceeded'), none, 'x', Date.parse('2026-01-15T20:00:00Z'))).toMatchObject({ kind: 'retryable', options: { retryAfterMs: 12 * 3_600_000 } });
    expect(googleFailure(403, body(403, 'userRateLimitExceeded'), new Headers({ 'retry-after': '7' }), 'x')).toMatchObject({ kind: 'retryable', options: { retryAfterMs: 7000 } });
    expect(googleFailure(400, body(400, 'uploadLimitExceeded'), none, 'x')).toMatchObject({ kind: 'retryable', options: { code: 'uploadLimitExceeded', retryAfterMs: 3_600_000 } });
    expect(googleFailure(403, body(403, 'insufficientPermissions'), none, 'x')).toMatchObject({ kind: 'needs_reconnect', options: { code: 'missing_permission' } });
    expect(googleFailure(500, body(500, 'backendError'), none, 'x').kind).toBe('retryable');
  });

  it('reads OAuth token endpoint errors', () => {
    expect(googleFailure(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, none, 'the token refresh')).toMatchObject({
      kind: 'permanent',
      options: { code: 'invalid_grant' },
      message: 'YouTube refused the token refresh: Token has been expired or revoked.',
    });
  });
});

describe('YouTube video metadata', () => {
  it('puts hashtags in the description and as tags, and uses the chosen privacy', () => {
    const meta = videoMetadata(content({ hashtags: ['#bread', 'bakery'], privacyLevel: 'unlisted' }));
    expect(meta.snippet).toMatchObject({ title: 'A film', description: 'About bread\n\n#bread #bakery', tags: ['bread', 'bakery'] });
    expect(meta.status.privacyStatus).toBe('unlisted');
  });

  it('treats a vertical or square video of at most 3 minutes as a Short, and a landscape one never', () => {
    expect(isShort(content({ media: [{ ...video, width: 1080, height: 1920, durationSeconds: 180 }] }))).toBe(true);
    expect(isShort(content({ media: [{ ...video, width: 1080, height: 1080, durationSeconds: 180 }] }))).toBe(true);
    expect(isShort(content({ media: [{ ...video, width: 1920, height: 1080, durationSeconds: 30 }] }))).toBe(false);
    expect(isShort(content({ media: [{ ...video, width: 1080, height: 1920, durationSeconds: 181 }] }))).toBe(false);
    expect(isShort(content())).toBe(false);
  });
});

describe('YouTube validate', () => {
  const adapter = new YouTubeAdapter({ apiBaseUrl: 'https://y.example', authBaseUrl: 'https://a.example', clientId: 'c', clientSecret: 's' });
  const fields = (c: PublishContent) => adapter.validate(c).problems.map((p) => p.field);

  it('needs a title of at most 100 characters without < or >', () => {
    expect(fields(content({ title: undefined }))).toEqual(['title']);
    expect(adapter.validate(content({ title: 't'.repeat(100) })).ok).toBe(true);
    expect(fields(content({ title: 't'.repeat(101) }))).toEqual(['title']);
    expect(fields(content({ title: 'a <tag>' }))).toContain('title');
  });

  it('counts the description in UTF-8 bytes against 5000', () => {
    expect(adapter.validate(content({ text: 'é'.repeat(2500) })).ok).toBe(true);
    expect(fields(content({ text: 'é'.repeat(2501) }))).toEqual(['text']);
  });

  it('needs a video and refuses images', () => {
    expect(fields(content({ media: [] }))).toEqual(['media']);
    expect(fields(content({ media: [video, { kind: 'image', url: 'https://m/i.jpg', mimeType: 'image/jpeg' }] }))).toContain('media');
  });
});
