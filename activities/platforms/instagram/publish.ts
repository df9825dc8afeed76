import { publishedText } from '../../../core/platform-rules/index.js';
import { PlatformError, type MediaRef, type PublishContent, type PublishedPost, type PublishOptions } from '../types.js';
import { sleep } from '../transport.js';
import type { InstagramGraph } from './graph-client.js';

/**
 * Instagram publishing in its three steps: create a container (one per carousel item, then the
 * carousel), wait until every container is FINISHED, then media_publish. The media id is
 * reported the moment media_publish returns it; only that call is treated as mutating.
 */

export interface PublishTiming {
  pollIntervalMs: number;
  maxProcessingMs: number;
}

type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

async function checkPublishingQuota(graph: InstagramGraph, igUserId: string): Promise<void> {
  const limit = await graph.get<{ data: { config?: { quota_total?: number }; quota_usage?: number }[] }>(
    `/${igUserId}/content_publishing_limit`,
    { fields: 'config,quota_usage' },
    'the publishing limit check',
  );
  const entry = limit.data[0];
  const total = entry?.config?.quota_total;
  if (total !== undefined && (entry?.quota_usage ?? 0) >= total) {
    throw new PlatformError('retryable', 'instagram', `This Instagram account has published ${total} posts in the last 24 hours, its limit; the post will go out when the limit frees up.`, { code: 'publishing_cap', retryAfterMs: 60 * 60_000 });
  }
}

function mediaParams(media: MediaRef, carouselItem: boolean): Record<string, string | undefined> {
  if (media.kind === 'video') {
    return { media_type: carouselItem ? 'VIDEO' : 'REELS', video_url: media.url, is_carousel_item: carouselItem ? 'true' : undefined };
  }
  return { image_url: media.url, alt_text: media.altText, is_carousel_item: carouselItem ? 'true' : undefined };
}

async function createContainer(graph: InstagramGraph, igUserId: string, params: Record<string, string | undefined>): Promise<string> {
  const created = await graph.post<{ id: string }>(`/${igUserId}/media`, params, { what: 'the media container', mutating: false });
  return created.id;
}

/** Polls a container until it is FINISHED; ERROR is permanent, EXPIRED and slow processing retry. */
async function awaitContainer(graph: InstagramGraph, containerId: string, timing: PublishTiming, options: PublishOptions): Promise<void> {
  const deadline = Date.now() + timing.maxProcessingMs;
  for (;;) {
    const container = await graph.get<{ status_code: ContainerStatus; status?: string }>(`/${containerId}`, { fields: 'status_code,status' }, 'the container status');
    await options.onProgress?.({ step: 'processing', detail: { containerId, status: container.status_code } });
    switch (container.status_code) {
      case 'FINISHED':
      case 'PUBLISHED':
        return;
      case 'ERROR':
        throw new PlatformError('permanent', 'instagram', `Instagram could not process the media: ${container.status ?? 'unknown error'}`, { code: 'media_error' });
      case 'EXPIRED':
        throw new PlatformError('retryable', 'instagram', 'The Instagram media container expired before it was published; a new one will be made.', { code: 'container_expired' });
    }
    if (Date.now() >= deadline) {
      throw new PlatformError('retryable', 'instagram', `Instagram was still processing the media after ${Math.round(timing.maxProcessingMs / 1000)} s.`, { code: 'processing_timeout' });
    }
    await sleep(timing.pollIntervalMs);
  }
}

async function buildContainer(graph: InstagramGraph, igUserId: string, content: PublishContent, caption: string, timing: PublishTiming, options: PublishOptions): Promise<string> {
  const [single, ...rest] = content.media;
  if (single && rest.length === 0) {
    const params = { ...mediaParams(single, false), caption, share_to_feed: single.kind === 'video' ? 'true' : undefined };
    const id = await createContainer(graph, igUserId, params);
    await options.onProgress?.({ step: 'container_created', detail: { containerId: id } });
    return id;
  }
  // Items process in parallel on Instagram's side: create them all, then wait for each.
  const children: string[] = [];
  for (const media of content.media) children.push(await createContainer(graph, igUserId, mediaParams(media, true)));
  for (const child of children) await awaitContainer(graph, child, timing, options);
  const id = await createContainer(graph, igUserId, { media_type: 'CAROUSEL', children: children.join(','), caption });
  await options.onProgress?.({ step: 'container_created', detail: { containerId: id, children } });
  return id;
}

/**
 * media_publish, the one call that creates the post. When Instagram answers it with an error it
 * calls temporary, the container says whether the post went out anyway (Meta's advice).
 */
async function publishContainer(graph: InstagramGraph, igUserId: string, containerId: string): Promise<{ id: string }> {
  try {
    return await graph.post<{ id: string }>(`/${igUserId}/media_publish`, { creation_id: containerId }, { what: 'media_publish', mutating: true });
  } catch (err) {
    if (!(err instanceof PlatformError) || err.kind !== 'retryable') throw err;
    const container = await graph
      .get<{ status_code?: ContainerStatus }>(`/${containerId}`, { fields: 'status_code' }, 'the container status')
      .catch(() => undefined);
    if (container?.status_code === 'FINISHED') throw err;
    const seen = container?.status_code === 'PUBLISHED' ? 'the container says it was published' : 'the container could not be checked';
    throw new PlatformError('unconfirmed', 'instagram', `Instagram answered media_publish with an error but ${seen}; the post may exist.`, { ...err.options, cause: err });
  }
}

async function permalinkOf(graph: InstagramGraph, mediaId: string): Promise<{ url: string; publishedAt: Date }> {
  try {
    const media = await graph.get<{ permalink?: string; timestamp?: string }>(`/${mediaId}`, { fields: 'permalink,timestamp' }, 'the new post');
    return { url: media.permalink ?? 'https://www.instagram.com/', publishedAt: media.timestamp ? new Date(media.timestamp) : new Date() };
  } catch {
    // The post exists and its id is stored; a missing permalink must not fail the publish.
    return { url: 'https://www.instagram.com/', publishedAt: new Date() };
  }
}

export async function publishToInstagram(
  graph: InstagramGraph,
  igUserId: string,
  content: PublishContent,
  options: PublishOptions,
  timing: PublishTiming,
): Promise<PublishedPost> {
  await checkPublishingQuota(graph, igUserId);
  const caption = publishedText('instagram', content);
  const containerId = await buildContainer(graph, igUserId, content, caption, timing, options);
  await awaitContainer(graph, containerId, timing, options);
  const published = await publishContainer(graph, igUserId, containerId);
  await options.onProgress?.({ step: 'published', platformPostId: published.id, detail: { containerId } });
  const { url, publishedAt } = await permalinkOf(graph, published.id);
  return { platformPostId: published.id, url, publishedAt, rateLimit: graph.lastRateLimit };
}
