import { downloadMedia } from '../http.js';
import { openMedia } from '../transport.js';
import { PlatformError, type MediaRef } from '../types.js';
import { urnPath, type LinkedInApi } from './api.js';

/** LinkedIn Images API and Videos API: initializeUpload, PUT the bytes, (videos) finalize and wait. */

interface ImageInit {
  value: { uploadUrl: string; image: string; uploadUrlExpiresAt?: number };
}

interface VideoInit {
  value: { video: string; uploadToken?: string; uploadInstructions: { uploadUrl: string; firstByte: number; lastByte: number }[] };
}

export interface UploadContext {
  api: LinkedInApi;
  token: string;
  owner: string;
  timeoutMs: number;
  /** Between status polls of a processing video. */
  pollMs?: number;
}

export async function uploadImage(ctx: UploadContext, media: MediaRef): Promise<string> {
  const bytes = await downloadMedia('linkedin', media.url, ctx.timeoutMs);
  const init = await ctx.api.rest<ImageInit>({
    method: 'POST',
    path: '/rest/images?action=initializeUpload',
    token: ctx.token,
    json: { initializeUploadRequest: { owner: ctx.owner } },
    what: 'the image upload',
  });
  await ctx.api.upload(init.body.value.uploadUrl, ctx.token, bytes, 'the image upload');
  return init.body.value.image;
}

/** Streams the video to the upload URLs LinkedIn hands out, one part per instruction, in order. */
export async function uploadVideo(ctx: UploadContext, media: MediaRef): Promise<string> {
  const file = await openMedia('linkedin', media.url, ctx.timeoutMs * 4);
  const init = await ctx.api.rest<VideoInit>({
    method: 'POST',
    path: '/rest/videos?action=initializeUpload',
    token: ctx.token,
    json: { initializeUploadRequest: { owner: ctx.owner, fileSizeBytes: file.size, uploadCaptions: false, uploadThumbnail: false } },
    what: 'the video upload',
  });
  const { video, uploadToken, uploadInstructions } = init.body.value;
  const partSize = uploadInstructions[0] ? uploadInstructions[0].lastByte - uploadInstructions[0].firstByte + 1 : file.size;
  const partIds: string[] = [];
  let index = 0;
  for await (const chunk of file.chunks(partSize)) {
    const part = uploadInstructions[index++];
    if (!part) throw new PlatformError('permanent', 'linkedin', 'The video is larger than LinkedIn planned for at initializeUpload; upload it again.');
    const res = await ctx.api.upload(part.uploadUrl, ctx.token, new Uint8Array(chunk), 'the video upload');
    partIds.push(res.headers.get('etag') ?? '');
  }
  await ctx.api.rest({
    method: 'POST',
    path: '/rest/videos?action=finalizeUpload',
    token: ctx.token,
    json: { finalizeUploadRequest: { video, uploadToken: uploadToken ?? '', uploadedPartIds: partIds } },
    what: 'the video upload',
  });
  await waitUntilAvailable(ctx, video);
  return video;
}

async function waitUntilAvailable(ctx: UploadContext, video: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const res = await ctx.api.rest<{ status?: string }>({ method: 'GET', path: `/rest/videos/${urnPath(video)}`, token: ctx.token, what: 'the video status' });
    if (res.body.status === 'AVAILABLE') return;
    if (res.body.status === 'PROCESSING_FAILED') throw new PlatformError('permanent', 'linkedin', 'LinkedIn could not process the video; check its format (MP4, 3 s to 30 min).');
    await new Promise((r) => setTimeout(r, ctx.pollMs ?? 1_000));
  }
  throw new PlatformError('retryable', 'linkedin', 'LinkedIn is still processing the video; trying again later.', { retryAfterMs: 60_000 });
}
