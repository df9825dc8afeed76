import { openMedia, send, type DownloadedMedia } from '../transport.js';
import { PlatformError, type PublishOptions } from '../types.js';
import { googleFailure, type GoogleErrorBody } from './errors.js';

/**
 * YouTube's resumable upload: POST the metadata to open a session (its URL comes back in
 * Location), PUT the bytes in 256 KiB-multiple chunks answered 308 until the last, which answers
 * the video resource. When a chunk's answer is lost, ask the session how far it got
 * (`Content-Range: bytes * /total`) and carry on; only if that fails too is the result unknown.
 */

export const UPLOAD_GRANULARITY = 256 * 1024;

export interface ResumableUpload {
  apiBaseUrl: string;
  accessToken: string;
  metadata: unknown;
  mediaUrl: string;
  chunkBytes: number;
  timeoutMs: number;
}

export interface UploadedVideo {
  id: string;
  snippet?: { publishedAt?: string };
  status?: { privacyStatus?: string; uploadStatus?: string; failureReason?: string; rejectionReason?: string };
}

async function failure(response: Response, what: string): Promise<PlatformError> {
  const text = await response.text().catch(() => '');
  let body: GoogleErrorBody | undefined;
  try {
    body = text ? (JSON.parse(text) as GoogleErrorBody) : undefined;
  } catch {
    body = undefined;
  }
  return googleFailure(response.status, body, response.headers, what);
}

async function openSession(upload: ResumableUpload, size: number, contentType: string): Promise<string> {
  const url = `${upload.apiBaseUrl.replace(/\/$/, '')}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`;
  const response = await send('youtube', url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${upload.accessToken}`,
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(size),
      'x-upload-content-type': contentType,
    },
    body: JSON.stringify(upload.metadata),
    timeoutMs: upload.timeoutMs,
    // Opening a session creates no video: nothing to reconcile if its answer is lost.
    mutating: false,
    what: 'opening the upload',
  });
  const location = response.headers.get('location');
  if (!response.ok || !location) throw await failure(response, 'the video upload');
  return location;
}

/** How many bytes the session holds, or the finished video. */
async function sessionStatus(sessionUrl: string, upload: ResumableUpload, size: number): Promise<{ received: number } | { video: UploadedVideo }> {
  const response = await send('youtube', sessionUrl, {
    method: 'PUT',
    headers: { authorization: `Bearer ${upload.accessToken}`, 'content-range': `bytes */${size}` },
    timeoutMs: upload.timeoutMs,
    mutating: false,
    what: 'asking how far the upload got',
  });
  return readChunkAnswer(response);
}

async function readChunkAnswer(response: Response): Promise<{ received: number } | { video: UploadedVideo }> {
  if (response.status === 200 || response.status === 201) return { video: (await response.json()) as UploadedVideo };
  if (response.status === 308) {
    const range = /bytes=0-(\d+)/.exec(response.headers.get('range') ?? '');
    return { received: range ? Number(range[1]) + 1 : 0 };
  }
  throw await failure(response, 'the video upload');
}

async function putChunk(sessionUrl: string, upload: ResumableUpload, chunk: Buffer, first: number, size: number, contentType: string) {
  const isLast = first + chunk.byteLength >= size;
  const response = await send('youtube', sessionUrl, {
    method: 'PUT',
    headers: { authorization: `Bearer ${upload.accessToken}`, 'content-type': contentType, 'content-range': `bytes ${first}-${first + chunk.byteLength - 1}/${size}` },
    body: new Uint8Array(chunk),
    timeoutMs: upload.timeoutMs,
    // The last chunk creates the video.
    mutating: isLast,
    what: 'the video upload',
  });
  return readChunkAnswer(response);
}

/**
 * Sends one chunk. When its answer is lost or is a 5xx, the session's own status decides what
 * happened: the finished video, the bytes kept so far, or (nothing of this chunk arrived) one
 * more try. If the session cannot be asked, a last chunk's fate is unknown.
 */
async function sendChunk(sessionUrl: string, upload: ResumableUpload, chunk: Buffer, first: number, size: number, contentType: string) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await putChunk(sessionUrl, upload, chunk, first, size, contentType);
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      const status = err.options.status;
      if (status !== undefined && status < 500) throw err;
      const isLast = first + chunk.byteLength >= size;
      let held: Awaited<ReturnType<typeof sessionStatus>>;
      try {
        held = await sessionStatus(sessionUrl, upload, size);
      } catch {
        if (isLast && status !== undefined) {
          throw new PlatformError('unconfirmed', 'youtube', `YouTube answered the last chunk with HTTP ${status} and could not say whether the video exists.`, { ...err.options, cause: err });
        }
        throw err;
      }
      if ('video' in held || held.received !== first || attempt >= 1) return held;
    }
  }
}

export async function uploadVideo(upload: ResumableUpload, options: PublishOptions): Promise<UploadedVideo> {
  const media = await openMedia('youtube', upload.mediaUrl, upload.timeoutMs * 4);
  try {
    return await sendMedia(upload, media, options);
  } finally {
    await media.close();
  }
}

async function sendMedia(upload: ResumableUpload, media: DownloadedMedia, options: PublishOptions): Promise<UploadedVideo> {
  const sessionUrl = await openSession(upload, media.size, media.contentType);
  await options.onProgress?.({ step: 'upload_started', detail: { totalBytes: media.size } });
  const chunkBytes = Math.max(UPLOAD_GRANULARITY, Math.floor(upload.chunkBytes / UPLOAD_GRANULARITY) * UPLOAD_GRANULARITY);
  let offset = 0;
  for await (const chunk of media.chunks(chunkBytes)) {
    const answer = await sendChunk(sessionUrl, upload, chunk, offset, media.size, media.contentType);
    if ('video' in answer) return answer.video;
    if (answer.received !== offset + chunk.byteLength) {
      throw new PlatformError('retryable', 'youtube', `YouTube kept ${answer.received} of the first ${offset + chunk.byteLength} bytes; the upload starts over.`, { code: 'upload_out_of_step' });
    }
    offset = answer.received;
    await options.onProgress?.({ step: 'uploading', detail: { uploadedBytes: offset, totalBytes: media.size } });
  }
  throw new PlatformError('unconfirmed', 'youtube', 'YouTube took every byte of the video but never answered with the video; it may exist.', { code: 'no_final_answer' });
}
