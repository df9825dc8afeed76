import { createHash } from 'node:crypto';
import type { EmulatorState } from './state.js';
import type { GraphErrorBody } from './graph.js';

/**
 * Instagram media containers as the Graph API keeps them: created from a public media URL that
 * Instagram fetches, IN_PROGRESS while a video processes, FINISHED when it can be published,
 * ERROR when the media was unusable, EXPIRED 24 hours after creation, PUBLISHED once used.
 */

export type ContainerKind = 'IMAGE' | 'REELS' | 'CAROUSEL';

export interface Container {
  id: string;
  owner: string;
  kind: ContainerKind;
  isCarouselItem: boolean;
  caption: string;
  mediaUrl?: string;
  children: string[];
  createdAt: number;
  readyAt: number;
  error?: string;
  publishedMediaId?: string;
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export const CONTAINER_TTL_MS = 24 * 3_600_000;

export function containerStatus(container: Container, now: number): ContainerStatus {
  if (container.publishedMediaId) return 'PUBLISHED';
  if (container.error) return 'ERROR';
  if (now - container.createdAt > CONTAINER_TTL_MS) return 'EXPIRED';
  return now < container.readyAt ? 'IN_PROGRESS' : 'FINISHED';
}

/** Graph ids are long numeric strings; deterministic per emulator run. */
export function graphId(prefix: string, counter: number): string {
  return `${prefix}${String(counter).padStart(11, '0')}`;
}

export function permalinkFor(mediaId: string): string {
  const shortcode = createHash('sha256').update(mediaId).digest('base64url').slice(0, 11);
  return `https://www.instagram.com/p/${shortcode}/`;
}

/** Graph timestamps: 2026-11-22T03:00:00+0000. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const invalid = (message: string, userMsg: string, subcode?: number): GraphErrorBody => ({
  message,
  code: 100,
  error_subcode: subcode,
  error_user_title: 'Invalid parameter',
  error_user_msg: userMsg,
});

/** The caption rules Instagram enforces when a container is created. */
export function captionError(caption: string): GraphErrorBody | undefined {
  if (caption.length > 2200) return invalid('Invalid parameter', `The caption is ${caption.length} characters; the limit is 2200.`);
  const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > 30) return invalid('Invalid parameter', `The caption has ${hashtags} hashtags; the limit is 30.`);
  const mentions = caption.match(/(^|[^\w])@[\w.]+/g)?.length ?? 0;
  if (mentions > 20) return invalid('Invalid parameter', `The caption mentions ${mentions} accounts; the limit is 20.`);
  return undefined;
}

export interface FetchedMedia {
  ok: boolean;
  problem?: string;
}

/** Instagram downloads the media itself: images must be JPEG, videos MP4 or MOV. */
export async function fetchMedia(url: string, kind: 'image' | 'video'): Promise<FetchedMedia> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch {
    return { ok: false, problem: 'Media download has failed. The media URI could not be reached.' };
  }
  if (!response.ok) return { ok: false, problem: `Media download has failed. The media URI answered HTTP ${response.status}.` };
  const type = response.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await response.arrayBuffer());
  if (kind === 'image') {
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    if (!type.startsWith('image/jpeg') || !jpeg) return { ok: false, problem: 'Only JPEG images can be published; this image is not a JPEG.' };
    if (bytes.byteLength > 8 * 1024 * 1024) return { ok: false, problem: 'The image is too large to download. It should be less than 8 MiB.' };
    return { ok: true };
  }
  if (!/^video\/(mp4|quicktime)/.test(type)) return { ok: false, problem: 'The video format is not supported. Please check the spec for supported video formats (MP4 or MOV).' };
  return { ok: true };
}

/** Posts per account in a moving 24 h, per the current content_publishing_limit reference. */
export const DAILY_PUBLISH_CAP = 50;

/** Per-emulator Instagram state beyond the shared post log. */
export class InstagramBook {
  readonly containers = new Map<string, Container>();
  counter = 0;
  quotaTotal = DAILY_PUBLISH_CAP;
  processingMs = 300;
  /** media_publish calls that publish and then answer a transient error anyway. */
  publishErrorsAfterAccept = 0;

  constructor(readonly state: EmulatorState) {}

  clear(): void {
    this.containers.clear();
    this.quotaTotal = DAILY_PUBLISH_CAP;
    this.processingMs = 300;
    this.publishErrorsAfterAccept = 0;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return graphId(prefix, this.counter);
  }

  /** Published posts of this account in the rolling 24 h window (a carousel counts once). */
  quotaUsage(owner: string): number {
    return this.state.recentPostCount('instagram', owner, 24 * 3_600_000);
  }
}
