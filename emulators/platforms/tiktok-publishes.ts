import { randomBytes } from 'node:crypto';
import type { EmulatorState } from './state.js';

/**
 * TikTok's Content Posting model: creator settings (privacy options, max duration, audit state),
 * publishes moving from upload or download through processing to PUBLISH_COMPLETE, and the
 * chunk rules of FILE_UPLOAD.
 */

export const MB = 1024 * 1024;
export const ALL_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'];

export interface CreatorSettings {
  privacyLevelOptions: string[];
  maxVideoPostDurationSec: number;
  /** An unaudited client may post only SELF_ONLY. */
  unaudited: boolean;
  commentDisabled: boolean;
}

export type PublishStatus = 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'PUBLISH_COMPLETE' | 'FAILED';

export interface TikTokPublish {
  id: string;
  owner: string;
  title: string;
  privacyLevel: string;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  videoSize: number;
  chunkSize: number;
  totalChunks: number;
  received: number;
  firstBytes?: Buffer;
  uploadToken: string;
  createdAt: number;
  /**
   * When every byte arrived (upload) or the download finished, on the monotonic clock: tests shift
   * the emulator's clock (metrics, token expiry), and a shift back must not stall processing.
   */
  completedAt?: number;
  failReason?: string;
  videoId?: string;
  /** When TikTok took the whole video, on the emulator's clock: moderation (minutes to hours) runs from here. */
  committedAt?: number;
}

export interface ChunkRequest {
  video_size?: number;
  chunk_size?: number;
  total_chunk_count?: number;
}

/** FILE_UPLOAD rules: under 5 MB in one chunk; otherwise 5-64 MB chunks, the last taking the rest. */
export function chunkProblem(info: ChunkRequest): string | undefined {
  const { video_size: size, chunk_size: chunk, total_chunk_count: count } = info;
  if (!size || !chunk || !count) return 'video_size, chunk_size and total_chunk_count are required for FILE_UPLOAD.';
  if (size < 5 * MB) return chunk === size && count === 1 ? undefined : 'A video under 5 MB must be uploaded as one chunk of its full size.';
  if (chunk < 5 * MB || chunk > 64 * MB) return 'chunk_size must be between 5 MB and 64 MB.';
  if (count !== Math.floor(size / chunk)) return `total_chunk_count must be floor(video_size / chunk_size) = ${Math.floor(size / chunk)}.`;
  if (count > 1000) return 'At most 1000 chunks.';
  return undefined;
}

export class TikTokBook {
  readonly publishes = new Map<string, TikTokPublish>();
  readonly creators = new Map<string, CreatorSettings>();
  processingMs = 200;
  /**
   * TikTok withholds a public post's id until moderation is done: "usually within one minute", at
   * times hours. Measured on the emulator's clock, so tests pass it by shifting that clock.
   */
  moderationMs = 60_000;
  /** Video inits per user token over a sliding window: 6 a minute, shrunk by tests. */
  initLimit = 6;
  initWindowMs = 60_000;
  private counter = 0;

  constructor(readonly state: EmulatorState) {}

  clear(): void {
    this.publishes.clear();
    this.creators.clear();
    this.processingMs = 200;
    this.moderationMs = 60_000;
    this.initLimit = 6;
    this.initWindowMs = 60_000;
  }

  creator(account: string): CreatorSettings {
    return this.creators.get(account) ?? { privacyLevelOptions: ALL_PRIVACY_LEVELS, maxVideoPostDurationSec: 600, unaudited: false, commentDisabled: false };
  }

  newPublish(fields: Omit<TikTokPublish, 'id' | 'uploadToken' | 'createdAt' | 'received'>): TikTokPublish {
    this.counter += 1;
    const kind = fields.source === 'FILE_UPLOAD' ? 'file' : 'url';
    const publish: TikTokPublish = {
      ...fields,
      id: `v_pub_${kind}~v2-1.${7_300_000_000_000_000_000n + BigInt(this.counter)}`,
      uploadToken: randomBytes(12).toString('hex'),
      createdAt: this.state.now(),
      received: 0,
    };
    this.publishes.set(publish.id, publish);
    return publish;
  }

  /** The post is committed once TikTok has the whole video; it is logged then, once. */
  complete(publish: TikTokPublish, username: string): void {
    publish.completedAt = performance.now();
    const head = publish.firstBytes;
    if (!head || head.subarray(4, 8).toString('ascii') !== 'ftyp') {
      publish.failReason = 'file_format_check_failed';
      return;
    }
    this.counter += 1;
    publish.videoId = String(7_310_000_000_000_000_000n + BigInt(this.counter));
    publish.committedAt = this.state.now();
    this.state.acceptPost({
      platform: 'tiktok',
      accountExternalId: publish.owner,
      id: publish.videoId,
      url: `https://www.tiktok.com/@${username}/video/${publish.videoId}`,
      text: publish.title,
      mediaCount: 1,
      extra: { publishId: publish.id, privacyLevel: publish.privacyLevel, source: publish.source, initAt: publish.createdAt },
    });
  }

  status(publish: TikTokPublish): { status: PublishStatus; postIds: string[] } {
    if (publish.failReason) return { status: 'FAILED', postIds: [] };
    const processing: PublishStatus = publish.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD';
    if (publish.completedAt === undefined) return { status: processing, postIds: [] };
    if (performance.now() - publish.completedAt < this.processingMs) return { status: processing, postIds: [] };
    return { status: 'PUBLISH_COMPLETE', postIds: this.isPublic(publish) && publish.videoId ? [publish.videoId] : [] };
  }

  /** Past moderation and visible beyond its creator: only then does TikTok hand out the post's id. */
  isPublic(publish: TikTokPublish): boolean {
    return publish.privacyLevel !== 'SELF_ONLY' && publish.committedAt !== undefined && this.state.now() - publish.committedAt >= this.moderationMs;
  }

  /** What the Display API shows: PUBLIC_TO_EVERYONE videos past moderation (friends-only ones are not public). */
  listed(publishId: unknown): boolean {
    const publish = this.publishes.get(String(publishId));
    return publish !== undefined && publish.privacyLevel === 'PUBLIC_TO_EVERYONE' && this.isPublic(publish);
  }
}

export function usernameOf(account: string): string {
  return account.replace(/[^\w.]/g, '_');
}
