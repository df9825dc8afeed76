import { PLATFORM_LIMITS } from './platform-rules/limits.js';
import type { Platform } from './platforms.js';

/**
 * What a person may upload for their own posts: the file's real format is read from its first
 * bytes (never from the caller's content type), then checked against each target platform's
 * accepted formats and sizes. Pure: the API measures, this decides.
 */
export const UPLOAD_FORMATS = ['jpeg', 'png', 'gif', 'webp', 'mp4', 'mov', 'webm'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export const FORMAT_INFO: Record<UploadFormat, { kind: 'image' | 'video'; mimeType: string; extension: string }> = {
  jpeg: { kind: 'image', mimeType: 'image/jpeg', extension: 'jpg' },
  png: { kind: 'image', mimeType: 'image/png', extension: 'png' },
  gif: { kind: 'image', mimeType: 'image/gif', extension: 'gif' },
  webp: { kind: 'image', mimeType: 'image/webp', extension: 'webp' },
  mp4: { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
  mov: { kind: 'video', mimeType: 'video/quicktime', extension: 'mov' },
  webm: { kind: 'video', mimeType: 'video/webm', extension: 'webm' },
};

const MB = 1024 * 1024;

/** Herald's own ceiling per upload, whatever the platforms allow (the body is streamed to disk up to it). */
export const UPLOAD_MAX_BYTES = { image: 10 * MB, video: 200 * MB } as const;

/** Formats and sizes each platform's publishing API accepts (reference/platforms.md and the platforms' media docs). */
export const PLATFORM_UPLOAD_RULES: Record<Platform, { formats: readonly UploadFormat[]; maxImageBytes: number; maxVideoBytes: number }> = {
  x: { formats: ['jpeg', 'png', 'gif', 'webp', 'mp4', 'mov'], maxImageBytes: 5 * MB, maxVideoBytes: 512 * MB },
  linkedin: { formats: ['jpeg', 'png', 'gif', 'mp4'], maxImageBytes: 10 * MB, maxVideoBytes: 5120 * MB },
  facebook: { formats: ['jpeg', 'png', 'gif', 'webp', 'mp4', 'mov'], maxImageBytes: 10 * MB, maxVideoBytes: 10240 * MB },
  instagram: { formats: ['jpeg', 'mp4', 'mov'], maxImageBytes: 8 * MB, maxVideoBytes: 300 * MB },
  tiktok: { formats: ['mp4', 'mov', 'webm'], maxImageBytes: 0, maxVideoBytes: 4096 * MB },
  youtube: { formats: ['mp4', 'mov', 'webm'], maxImageBytes: 0, maxVideoBytes: 256 * 1024 * MB },
};

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The file's format from its magic bytes; undefined for anything Herald does not take. */
export function sniffFormat(head: Uint8Array): UploadFormat | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (ascii(head, 4, 8) === 'ftyp') return ascii(head, 8, 12) === 'qt  ' ? 'mov' : 'mp4';
  return undefined;
}

export interface UploadedMedia {
  format: UploadFormat;
  sizeBytes: number;
}

/** Why this file cannot go to `platform`, in words a person can act on; empty when it can. */
export function uploadProblems(platform: Platform, media: UploadedMedia): string[] {
  const rules = PLATFORM_UPLOAD_RULES[platform];
  const { label } = PLATFORM_LIMITS[platform];
  const { kind } = FORMAT_INFO[media.format];
  const name = media.format.toUpperCase();
  if (kind === 'image' && rules.maxImageBytes === 0) return [`${label} takes video only; this file is a ${name} image.`];
  if (!rules.formats.includes(media.format)) {
    const same = rules.formats.filter((f) => FORMAT_INFO[f].kind === kind).map((f) => f.toUpperCase());
    return [`${label} does not take ${name} ${kind}s; use ${same.join(' or ')}.`];
  }
  const max = kind === 'image' ? rules.maxImageBytes : rules.maxVideoBytes;
  if (media.sizeBytes > max) return [`${label} takes ${kind}s up to ${formatBytes(max)}; this one is ${formatBytes(media.sizeBytes)}.`];
  return [];
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${Math.round((bytes / (1024 * MB)) * 10) / 10} GB`;
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Width and height read from an image's header (JPEG SOF, PNG IHDR, GIF screen, WebP VP8/VP8L/VP8X). */
export function imageSize(bytes: Uint8Array, format: UploadFormat): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inRange = (end: number) => end <= bytes.length;
  switch (format) {
    case 'png':
      return inRange(24) ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
    case 'gif':
      return inRange(10) ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : undefined;
    case 'webp': {
      if (!inRange(30)) return undefined;
      const chunk = ascii(bytes, 12, 16);
      if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = view.getUint32(21, true);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X') {
        const w = bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16);
        const h = bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16);
        return { width: w + 1, height: h + 1 };
      }
      return undefined;
    }
    case 'jpeg':
      return jpegSize(bytes, view);
    default:
      return undefined;
  }
}

/** Walks the JPEG segments to the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC). */
function jpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}
