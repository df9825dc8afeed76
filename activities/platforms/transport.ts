import type { Platform } from '../../core/platforms.js';
import { transportError } from './errors.js';
import { PlatformError } from './types.js';

/**
 * Raw HTTP for uploads: resumable and chunked protocols need every status (YouTube's 308, TikTok's
 * 206) and headers, so this returns the Response itself; and media is streamed in upload-sized
 * chunks rather than held in memory. JSON API calls go through http.ts sendRequest instead.
 */

export interface SendInit extends RequestInit {
  timeoutMs?: number;
  /** True when the call changes something on the platform (creates a post or an upload). */
  mutating: boolean;
  /** Words for messages: "Instagram media_publish". */
  what: string;
}

/** fetch with a deadline; network failures become retryable or unconfirmed PlatformErrors. */
export async function send(platform: Platform, url: string, init: SendInit): Promise<Response> {
  const { timeoutMs = 30_000, mutating, what, ...rest } = init;
  try {
    return await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw transportError(platform, err, mutating, what);
  }
}

export interface DownloadedMedia {
  size: number;
  contentType: string;
  /** The bytes in pieces of exactly `chunkSize` (the last one may be shorter). */
  chunks(chunkSize: number): AsyncGenerator<Buffer>;
  /** Stops reading (when the upload fails before the end); safe to call twice. */
  close(): Promise<void>;
}

async function* rechunk(body: ReadableStream<Uint8Array>, chunkSize: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of body as unknown as AsyncIterable<Uint8Array>) {
    pending.push(Buffer.from(piece));
    pendingBytes += piece.byteLength;
    while (pendingBytes >= chunkSize) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, chunkSize);
      pending = [all.subarray(chunkSize)];
      pendingBytes = all.byteLength - chunkSize;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/**
 * Opens a media file for upload, streaming it rather than holding a whole video in memory. The
 * deadline covers only the media store's answer: the body is read as the platform takes chunks.
 */
export async function openMedia(platform: Platform, url: string, timeoutMs = 120_000): Promise<DownloadedMedia> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('media download timed out', 'TimeoutError')), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: controller.signal });
  } catch (err) {
    throw transportError(platform, err, false, 'downloading the media');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) {
    const gone = response.status === 404 || response.status === 410 || response.status === 403;
    throw new PlatformError(gone ? 'permanent' : 'retryable', platform, `The media file ${new URL(url).pathname} could not be read (HTTP ${response.status})${gone ? '; attach it again' : ''}.`, { code: 'media_unavailable', status: response.status });
  }
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > 0) {
    const body = response.body;
    return { size: declared, contentType, chunks: (chunkSize) => rechunk(body, chunkSize), close: () => body.cancel().catch(() => undefined) };
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    size: bytes.byteLength,
    contentType,
    async *chunks(chunkSize) {
      for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
    },
    close: async () => undefined,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
