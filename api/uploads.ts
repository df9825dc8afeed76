import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Request } from 'express';
import { ffprobe } from '../activities/media/ffmpeg.js';
import { FORMAT_INFO, formatBytes, imageSize, sniffFormat, UPLOAD_MAX_BYTES, type UploadFormat } from '../core/uploads.js';
import { HttpError } from './errors.js';

/** Enough bytes to know every accepted format, and to read an image's header. */
const SNIFF_BYTES = 16;
/** A bigger image is a decompression bomb, not a photo (Instagram's own ceiling is ~36 MP). */
const MAX_IMAGE_PIXELS = 50_000_000;
const PROBE_TIMEOUT_MS = 15_000;

export interface ReceivedUpload {
  format: UploadFormat;
  kind: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  width: number;
  height: number;
  durationSeconds?: number;
  /** The bytes, on disk in a private temporary folder: a 200 MB video is never held in memory. */
  file: string;
  /** Removes the temporary file; call it once the upload is stored (or refused). */
  discard(): Promise<void>;
}

/**
 * Reads an upload's raw body from a caller Herald does not trust: the format comes from the first
 * bytes (the content type is ignored), the body is cut off past the ceiling for that kind (413),
 * and the file is measured before anything is stored (videos by ffprobe, with a time limit). The
 * body is streamed to a temporary file as it arrives, so memory stays flat whatever the size and
 * however many uploads run at once.
 */
export async function receiveUpload(req: Request, ffprobePath: string): Promise<ReceivedUpload> {
  if (req.readableEnded || (req.body && Object.keys(req.body as object).length > 0)) {
    throw new HttpError(415, 'unsupported_media', 'Send the file\'s bytes as the request body (content type application/octet-stream or the file\'s own), not JSON.');
  }
  const declared = Number(req.header('content-length') ?? NaN);
  if (declared > UPLOAD_MAX_BYTES.video) throw tooLarge('video', declared);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-upload-'));
  const discard = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, randomUUID());
    const { size, format } = await streamToFile(req, file);
    const { kind, mimeType } = FORMAT_INFO[format];
    const named = `${file}.${FORMAT_INFO[format].extension}`;
    await fs.rename(file, named);
    const measured = kind === 'image' ? measureImage(await fs.readFile(named), format) : await measureVideo(named, format, ffprobePath);
    return { format, kind, mimeType, sizeBytes: size, file: named, discard, ...measured };
  } catch (err) {
    await discard();
    throw err;
  }
}

/** Writes the body to `file` chunk by chunk, knowing the format from the first bytes and stopping past its ceiling. */
async function streamToFile(req: Request, file: string): Promise<{ size: number; format: UploadFormat }> {
  const out = await fs.open(file, 'w');
  let size = 0;
  let head = Buffer.alloc(0);
  let format: UploadFormat | undefined;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (!format) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES)]);
        if (head.length >= SNIFF_BYTES) {
          format = sniffFormat(head.subarray(0, SNIFF_BYTES));
          if (!format) throw unknownFormat(req);
        }
      }
      size += chunk.length;
      if (format && size > UPLOAD_MAX_BYTES[FORMAT_INFO[format].kind]) throw tooLarge(FORMAT_INFO[format].kind, size);
      await out.write(chunk);
    }
  } finally {
    await out.close();
  }
  format ??= sniffFormat(head);
  if (!format) throw unknownFormat(req);
  return { size, format };
}

function tooLarge(kind: 'image' | 'video', size: number): HttpError {
  return new HttpError(413, 'payload_too_large', `Herald takes ${kind}s up to ${formatBytes(UPLOAD_MAX_BYTES[kind])}; this one is ${size > UPLOAD_MAX_BYTES[kind] * 2 ? 'far ' : ''}larger (at least ${formatBytes(size)}).`);
}

function unknownFormat(req: Request): HttpError {
  const claimed = req.header('content-type');
  return new HttpError(415, 'unsupported_media', `This file is not a JPEG, PNG, GIF or WebP image, nor an MP4, MOV or WebM video${claimed ? ` (whatever its content type, ${claimed.slice(0, 60)}, says)` : ''}.`);
}

function measureImage(bytes: Buffer, format: UploadFormat) {
  const size = imageSize(bytes, format);
  if (!size || size.width === 0 || size.height === 0) throw new HttpError(422, 'unreadable_media', `The ${format.toUpperCase()} image's size cannot be read: the file is damaged or cut off.`);
  if (size.width * size.height > MAX_IMAGE_PIXELS) {
    throw new HttpError(422, 'image_too_large', `The image is ${size.width} x ${size.height} pixels; Herald takes up to ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`);
  }
  return size;
}

async function measureVideo(file: string, format: UploadFormat, ffprobePath: string) {
  const probe = await ffprobe(ffprobePath, file, PROBE_TIMEOUT_MS).catch(() => undefined);
  const video = probe?.streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!probe || !video || !Number.isFinite(probe.durationSeconds)) {
    throw new HttpError(422, 'unreadable_media', `The ${format.toUpperCase()} file has no playable video stream: it is damaged, cut off or not a video.`);
  }
  return { width: video.width!, height: video.height!, durationSeconds: Math.round(probe.durationSeconds * 100) / 100 };
}
