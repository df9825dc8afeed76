import { describe, expect, it } from 'vitest';
import { InstagramAdapter } from '../../../activities/platforms/instagram/adapter.js';
import { graphFailure as sharedGraphFailure } from '../../../activities/platforms/graph.js';
import { refineInstagramError } from '../../../activities/platforms/instagram/graph-client.js';
import type { MediaRef, PublishContent } from '../../../activities/platforms/types.js';

const adapter = new InstagramAdapter({ apiBaseUrl: 'https://graph.example', authBaseUrl: 'https://www.example', clientId: 'c', clientSecret: 's' });
const jpeg = (width = 1080, height = 1080): MediaRef => ({ kind: 'image', url: 'https://m/x.jpg', mimeType: 'image/jpeg', width, height });
const content = (over: Partial<PublishContent> = {}): PublishContent => ({ text: 'Morning', hashtags: [], media: [jpeg()], ...over });
const messages = (c: PublishContent) => adapter.validate(c).problems.map((p) => p.message).join(' | ');

describe('Instagram validate', () => {
  it('accepts a caption of exactly 2200 characters and refuses 2201', () => {
    expect(adapter.validate(content({ text: 'a'.repeat(2200) })).ok).toBe(true);
    expect(messages(content({ text: 'a'.repeat(2201) }))).toContain('2200');
  });

  it('counts hashtags in the text and in the hashtag list together against the cap of 30', () => {
    const inText = Array.from({ length: 20 }, (_, i) => `#t${i}`).join(' ');
    const listed = Array.from({ length: 10 }, (_, i) => `l${i}`);
    expect(adapter.validate(content({ text: inText, hashtags: listed })).ok).toBe(true);
    expect(messages(content({ text: inText, hashtags: [...listed, 'one_more'] }))).toContain('31');
  });

  it('refuses a 21st @-mention', () => {
    const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@friend${i}`).join(' ');
    expect(adapter.validate(content({ text: mentions(20) })).ok).toBe(true);
    expect(messages(content({ text: mentions(21) }))).toMatch(/20 @-mentions/);
  });

  it('refuses an image wider than 1.91:1 or taller than 4:5 and accepts both edges', () => {
    expect(adapter.validate(content({ media: [jpeg(1080, 1350)] })).ok).toBe(true);
    expect(adapter.validate(content({ media: [jpeg(1910, 1000)] })).ok).toBe(true);
    expect(messages(content({ media: [jpeg(1080, 1440)] }))).toMatch(/4:5/);
    expect(messages(content({ media: [jpeg(2000, 1000)] }))).toMatch(/1\.91:1/);
  });

  it('refuses an eleventh carousel item', () => {
    expect(messages(content({ media: Array.from({ length: 11 }, () => jpeg()) }))).toContain('10 images');
  });
});

describe('Graph errors as the four kinds, as Instagram reads them', () => {
  const graphFailure = (status: number, body: Parameters<typeof sharedGraphFailure>[2], h: Headers, what: string) => refineInstagramError(sharedGraphFailure('instagram', status, body, h, what));
  const headers = (values: Record<string, string> = {}) => new Headers(values);

  it('code 190 is token_expired whatever the HTTP status', () => {
    expect(graphFailure(400, { error: { code: 190, error_subcode: 463, message: 'Session has expired' } }, headers(), 'x')).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired' } });
  });

  it('rate limit codes wait for estimated_time_to_regain_access (minutes)', () => {
    const usage = JSON.stringify({ '1784': [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 7 }] });
    const err = graphFailure(400, { error: { code: 4, message: 'Application request limit reached' } }, headers({ 'x-business-use-case-usage': usage }), 'x');
    expect(err).toMatchObject({ kind: 'retryable', options: { retryAfterMs: 7 * 60_000 } });
  });

  it('the daily publishing cap (9 / 2207042) is retryable, a bad parameter is permanent with the user message', () => {
    expect(graphFailure(400, { error: { code: 9, error_subcode: 2207042, message: 'cap' } }, headers(), 'x')).toMatchObject({ kind: 'retryable', options: { code: 'publishing_cap' } });
    const refused = graphFailure(400, { error: { code: 100, message: 'Invalid parameter', error_user_msg: 'The caption has 31 hashtags; the limit is 30.' } }, headers(), 'the media container');
    expect((refused as Error & { kind: string }).kind).toBe('permanent');
    expect((refused as Error).message).toBe('Instagram refused the media container: The caption has 31 hashtags; the limit is 30.');
  });

  it('transient and 5xx answers are retryable', () => {
    expect(graphFailure(500, undefined, headers(), 'x')).toMatchObject({ kind: 'retryable' });
    expect(graphFailure(400, { error: { code: -2, error_subcode: 2207003, message: 'It takes too long to download the media.' } }, headers(), 'x')).toMatchObject({ kind: 'retryable' });
  });
});
