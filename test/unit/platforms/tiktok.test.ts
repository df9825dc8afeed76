import { describe, expect, it } from 'vitest';
import { TikTokAdapter } from '../../../activities/platforms/tiktok/adapter.js';
import { chunkRange, planChunks, planPieces } from '../../../activities/platforms/tiktok/chunks.js';
import { parseTikTokJson, tiktokFailure } from '../../../activities/platforms/tiktok/client.js';
import type { MediaRef, PublishContent } from '../../../activities/platforms/types.js';

const MB = 1024 * 1024;

describe('TikTok chunk plan', () => {
  it('sends a video under 5 MB as one chunk of its full size', () => {
    expect(planChunks(4 * MB)).toEqual({ videoSize: 4 * MB, chunkSize: 4 * MB, totalChunkCount: 1 });
  });

  it('uses floor(size / chunk) chunks and gives the remainder to the last one', () => {
    const plan = planChunks(25 * MB + 3);
    expect(plan).toEqual({ videoSize: 25 * MB + 3, chunkSize: 10 * MB, totalChunkCount: 2 });
    expect(chunkRange(plan, 0)).toEqual({ first: 0, last: 10 * MB - 1 });
    expect(chunkRange(plan, 1)).toEqual({ first: 10 * MB, last: 25 * MB + 2 });
  });

  it('keeps the chunk size within 5-64 MB whatever is preferred', () => {
    expect(planChunks(200 * MB, 1 * MB).chunkSize).toBe(5 * MB);
    expect(planChunks(200 * MB, 100 * MB).chunkSize).toBe(64 * MB);
    expect(planChunks(5 * MB + 10).totalChunkCount).toBe(1);
  });

  it('regroups streamed pieces into the plan, the remainder joining the last chunk', async () => {
    const plan = { videoSize: 25, chunkSize: 10, totalChunkCount: 2 };
    async function* pieces() {
      for (let i = 0; i < 25; i += 10) yield Buffer.alloc(Math.min(10, 25 - i), i);
    }
    const out: number[] = [];
    for await (const { bytes } of planPieces(plan, pieces())) out.push(bytes.byteLength);
    expect(out).toEqual([10, 15]);
  });
});

describe('TikTok wire details', () => {
  it('reads int64 post ids without losing digits', () => {
    const parsed = parseTikTokJson<{ data: { publicaly_available_post_id: string[] } }>('{"data":{"publicaly_available_post_id":[7310000000000000123]}}');
    expect(parsed?.data.publicaly_available_post_id).toEqual(['7310000000000000123']);
  });

  it('maps TikTok error codes onto the four kinds', () => {
    const env = (code: string) => ({ error: { code, message: code } });
    const h = new Headers();
    expect(tiktokFailure(401, env('access_token_invalid'), h, 'x')).toMatchObject({ kind: 'needs_reconnect', options: { code: 'token_expired' } });
    expect(tiktokFailure(401, env('scope_not_authorized'), h, 'x')).toMatchObject({ kind: 'needs_reconnect', options: { code: 'missing_permission' } });
    expect(tiktokFailure(403, env('spam_risk_too_many_posts'), h, 'x')).toMatchObject({ kind: 'retryable', options: { retryAfterMs: 3_600_000 } });
    expect(tiktokFailure(400, env('privacy_level_option_mismatch'), h, 'x').kind).toBe('permanent');
    expect(tiktokFailure(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid' }, h, 'x')).toMatchObject({ kind: 'permanent', options: { code: 'invalid_grant' } });
  });
});

describe('TikTok validate', () => {
  const adapter = new TikTokAdapter({ apiBaseUrl: 'https://t.example', authBaseUrl: 'https://t.example', clientId: 'c', clientSecret: 's' });
  const video: MediaRef = { kind: 'video', url: 'https://m/v.mp4', mimeType: 'video/mp4', durationSeconds: 30 };
  const content = (over: Partial<PublishContent> = {}): PublishContent => ({ text: 'hi', hashtags: [], media: [video], privacyLevel: 'SELF_ONLY', ...over });
  const fields = (c: PublishContent) => adapter.validate(c).problems.map((p) => p.field);

  it('needs a video and refuses images', () => {
    expect(fields(content({ media: [] }))).toEqual(['media']);
    expect(fields(content({ media: [{ kind: 'image', url: 'https://m/i.jpg', mimeType: 'image/jpeg' }] }))).toContain('media');
  });

  it('needs the user to choose a privacy level', () => {
    expect(fields(content({ privacyLevel: undefined }))).toEqual(['privacyLevel']);
  });

  it('allows a 2200-character caption and refuses 2201', () => {
    expect(adapter.validate(content({ text: 'x'.repeat(2200) })).ok).toBe(true);
    expect(fields(content({ text: 'x'.repeat(2201) }))).toEqual(['text']);
  });

  it('refuses a video shorter than 3 s or longer than 10 minutes', () => {
    expect(fields(content({ media: [{ ...video, durationSeconds: 2 }] }))).toEqual(['media']);
    expect(fields(content({ media: [{ ...video, durationSeconds: 601 }] }))).toEqual(['media']);
  });
});
