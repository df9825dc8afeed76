import { publishedText } from '../../../core/platform-rules/index.js';
import { assertPublishable } from '../content-rules.js';
import { openMedia, send, sleep, type DownloadedMedia } from '../transport.js';
import type { CallWindow } from '../../../db/call-windows.js';
import { PlatformError, type AccountSession, type MediaRef, type PublishContent, type PublishedPost, type PublishOptions } from '../types.js';
import { planChunks, planPieces, chunkRange, type ChunkPlan } from './chunks.js';
import type { TikTokClient } from './client.js';

/**
 * TikTok direct post: creator_info (which privacy levels and how long a video this creator may
 * use) -> video/init (FILE_UPLOAD or PULL_FROM_URL) -> upload the chunks -> poll status/fetch.
 * The publish_id is reported at init; the public video id once moderation has passed.
 */

export interface TikTokPublishSettings {
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  pollIntervalMs: number;
  maxProcessingMs: number;
  timeoutMs: number;
  /** The account's inits against TikTok's per-minute limit (counted in Postgres by the workers). */
  inits: CallWindow;
}

export interface CreatorInfo {
  creator_username: string;
  privacy_level_options: string[];
  comment_disabled?: boolean;
  duet_disabled?: boolean;
  stitch_disabled?: boolean;
  max_video_post_duration_sec?: number;
}

export interface StatusAnswer {
  status: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';
  fail_reason?: string;
  /** Withheld while a public post is in moderation, and never given for a private (SELF_ONLY) one. */
  publicaly_available_post_id?: string[];
  uploaded_bytes?: number;
}

export function publishStatus(client: TikTokClient, token: string, publishId: string): Promise<StatusAnswer> {
  return client.call<StatusAnswer>({ method: 'POST', path: '/v2/post/publish/status/fetch/', token, json: { publish_id: publishId }, what: 'the post status' });
}

/** TikTok's public video ids are int64 numbers; its publish ids are not (v_pub_file~v2-1.…). */
export const isPublishId = (id: string) => !/^\d+$/.test(id);

export function creatorInfo(client: TikTokClient, token: string): Promise<CreatorInfo> {
  return client.call<CreatorInfo>({ method: 'POST', path: '/v2/post/publish/creator_info/query/', token, json: {}, what: 'the creator info' });
}

/** Interaction toggles start off (TikTok's rule); the user has no way to turn them on here yet. */
function postInfo(content: PublishContent, privacyLevel: string) {
  return {
    title: publishedText('tiktok', content),
    privacy_level: privacyLevel,
    disable_comment: true,
    disable_duet: true,
    disable_stitch: true,
    brand_content_toggle: false,
    brand_organic_toggle: false,
  };
}

async function uploadChunks(uploadUrl: string, plan: ChunkPlan, pieces: AsyncIterable<Buffer>, mimeType: string, settings: TikTokPublishSettings, options: PublishOptions): Promise<void> {
  for await (const { index, bytes } of planPieces(plan, pieces)) {
    const { first, last } = chunkRange(plan, index);
    const isLast = index === plan.totalChunkCount - 1;
    const response = await send('tiktok', uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': mimeType, 'content-range': `bytes ${first}-${last}/${plan.videoSize}` },
      body: new Uint8Array(bytes),
      timeoutMs: settings.timeoutMs,
      // Only the last chunk commits the post.
      mutating: isLast,
      what: `the video upload (chunk ${index + 1} of ${plan.totalChunkCount})`,
    });
    if (response.status !== 206 && response.status !== 201 && !response.ok) {
      throw new PlatformError(response.status >= 500 ? 'retryable' : 'permanent', 'tiktok', `TikTok refused chunk ${index + 1} of the video upload (HTTP ${response.status}).`, { status: response.status, code: 'upload_refused' });
    }
    await options.onProgress?.({ step: 'uploading', detail: { uploadedBytes: last + 1, totalBytes: plan.videoSize } });
  }
}

const FAIL_MESSAGES: Record<string, string> = {
  file_format_check_failed: 'TikTok could not read the video file; export it as MP4 (H.264) and try again.',
  duration_check_failed: 'TikTok refused the video length for this account.',
  frame_rate_check_failed: 'TikTok refused the video frame rate; use 23-60 fps.',
  picture_size_check_failed: 'TikTok refused the video resolution; use at least 360 px on each side.',
  video_pull_failed: 'TikTok could not download the video from its URL.',
  publish_cancelled: 'The post was cancelled in TikTok.',
};

/**
 * Polls until TikTok has published (or refused) the video. A public post's id comes only after
 * moderation (minutes, at times hours) and a private one's never: PUBLISH_COMPLETE is enough, and
 * without an id the publish_id stands for the post.
 */
async function awaitPublished(client: TikTokClient, token: string, publishId: string, settings: TikTokPublishSettings, options: PublishOptions): Promise<string | undefined> {
  const deadline = Date.now() + settings.maxProcessingMs;
  for (;;) {
    const status = await publishStatus(client, token, publishId);
    await options.onProgress?.({ step: 'processing', detail: { publishId, status: status.status } });
    if (status.status === 'FAILED') {
      const reason = status.fail_reason || 'unknown';
      throw new PlatformError('permanent', 'tiktok', FAIL_MESSAGES[reason] ?? `TikTok could not publish the video (${reason}).`, { code: reason });
    }
    if (status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX') return status.publicaly_available_post_id?.[0];
    if (Date.now() >= deadline) {
      throw new PlatformError('unconfirmed', 'tiktok', `TikTok was still processing the video after ${Math.round(settings.maxProcessingMs / 1000)} s.`, { code: 'processing_timeout' });
    }
    await sleep(settings.pollIntervalMs);
  }
}

/**
 * Once TikTok holds the whole video the post is committed: a failure while waiting for it must not
 * make the caller publish again, so anything but TikTok's own FAILED verdict is "unconfirmed".
 */
async function afterCommit<T>(waiting: Promise<T>, publishId: string): Promise<T> {
  try {
    return await waiting;
  } catch (err) {
    if (!(err instanceof PlatformError) || err.kind === 'permanent') throw err;
    throw new PlatformError('unconfirmed', 'tiktok', `TikTok has the video (publish ${publishId}) but could not confirm the post: ${err.message}`, { ...err.options, cause: err });
  }
}

export async function publishToTikTok(client: TikTokClient, session: AccountSession, content: PublishContent, options: PublishOptions, settings: TikTokPublishSettings): Promise<PublishedPost> {
  const creator = await creatorInfo(client, session.tokens.accessToken);
  assertPublishable('tiktok', content, { privacyLevelOptions: creator.privacy_level_options, maxVideoDurationSec: creator.max_video_post_duration_sec });
  const video = content.media.find((m) => m.kind === 'video')!;
  const media = settings.source === 'FILE_UPLOAD' ? await openMedia('tiktok', video.url, settings.timeoutMs * 4) : undefined;
  try {
    return await initUploadAndWait(client, session, { content, video, media, creator }, options, settings);
  } finally {
    await media?.close();
  }
}

interface PublishInputs {
  content: PublishContent;
  video: MediaRef;
  media: DownloadedMedia | undefined;
  creator: CreatorInfo;
}

/** The init, after taking one of the account's per-minute slots; TikTok's own 429 waits a whole window. */
async function initPost(client: TikTokClient, session: AccountSession, json: unknown, settings: TikTokPublishSettings) {
  const { inits } = settings;
  const waitMs = await inits.reserve(session.accountId);
  if (waitMs > 0) {
    throw new PlatformError('retryable', 'tiktok', `This TikTok account has started ${inits.limit} posts within ${Math.round(inits.windowMs / 1000)} s, TikTok's limit; the post waits ${Math.ceil(waitMs / 1000)} s for a free slot.`, { code: 'rate_limit_exceeded', retryAfterMs: waitMs });
  }
  try {
    return await client.call<{ publish_id: string; upload_url?: string }>({
      method: 'POST',
      path: '/v2/post/publish/video/init/',
      token: session.tokens.accessToken,
      json,
      // PULL_FROM_URL needs nothing more from us: the init itself commits the post.
      mutating: settings.source === 'PULL_FROM_URL',
      what: 'the post init',
    });
  } catch (err) {
    if (!(err instanceof PlatformError) || err.options.code !== 'rate_limit_exceeded') throw err;
    throw new PlatformError('retryable', 'tiktok', `TikTok refused the post init: this account's video inits per minute are used up; the post waits ${Math.round(inits.windowMs / 1000)} s.`, { ...err.options, retryAfterMs: inits.windowMs, cause: err });
  }
}

async function initUploadAndWait(client: TikTokClient, session: AccountSession, inputs: PublishInputs, options: PublishOptions, settings: TikTokPublishSettings): Promise<PublishedPost> {
  const { content, video, media, creator } = inputs;
  const token = session.tokens.accessToken;
  const plan = media ? planChunks(media.size) : undefined;
  const sourceInfo = plan
    ? { source: 'FILE_UPLOAD', video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount }
    : { source: 'PULL_FROM_URL', video_url: video.url };
  const init = await initPost(client, session, { post_info: postInfo(content, content.privacyLevel!), source_info: sourceInfo }, settings);
  await options.onProgress?.({ step: 'initialized', platformPostId: init.publish_id, detail: { publishId: init.publish_id } });
  if (media && plan && init.upload_url) await uploadChunks(init.upload_url, plan, media.chunks(plan.chunkSize), video.mimeType, settings, options);
  const videoId = await afterCommit(awaitPublished(client, token, init.publish_id, settings, options), init.publish_id);
  const rateLimit = await settings.inits.budget(session.accountId);
  await options.onProgress?.({ step: 'published', platformPostId: videoId ?? init.publish_id, detail: { publishId: init.publish_id } });
  return { ...tiktokPost(creator.creator_username, init.publish_id, videoId), rateLimit };
}

/** The post as Herald records it: the public video when TikTok has named it, else the publish_id and the creator's profile. */
export function tiktokPost(username: string, publishId: string, videoId: string | undefined): PublishedPost {
  const profile = `https://www.tiktok.com/@${username}`;
  return { platformPostId: videoId ?? publishId, url: videoId ? `${profile}/video/${videoId}` : profile, publishedAt: new Date() };
}
