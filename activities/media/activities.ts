import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type OpenAI from 'openai';
import { isProviderConfigured, type AiConfig } from '../../config/ai.js';
import { PLATFORM_IMAGE_ASPECT, SHORT_VIDEO, type Aspect } from '../../core/media-aspects.js';
import { mediaKey, type MediaKind } from '../../core/media-keys.js';
import type { Platform } from '../../core/platforms.js';
import { shortVideoScript } from '../../core/video-script.js';
import type { Database } from '../../db/client.js';
import { brandProfiles, mediaObjects } from '../../db/schema/index.js';
import type { PostContent } from '../agents/content/schemas.js';
import { asActivityFailure } from '../agents/failures.js';
import { openaiClient } from '../llm/providers/openai.js';
import type { AiLedger } from '../usage/ledger.js';
import { ffprobe } from './ffmpeg.js';
import { activityHeartbeat, type Heartbeat } from './heartbeat.js';
import { renderImage, type CardBrand } from './images.js';
import { mediaStoreFrom, type MediaStore } from './store.js';
import { assembleVideoFile, type VideoScene } from './video.js';

export interface MediaDeps {
  db: Database;
  config: AiConfig;
  ledger: AiLedger;
  store: MediaStore;
  openai: OpenAI | undefined;
}

/** What a workflow gets back: ids, the URL a platform fetches, and the shape the content rules check. */
export interface StoredMedia {
  mediaId: string;
  kind: MediaKind;
  url: string;
  mimeType: string;
  width: number;
  height: number;
  durationSeconds?: number;
  altText?: string;
  offlineMade: boolean;
}

type VideoInput = { orgId: string; scenes: VideoScene[]; voiceOver?: string; altText?: string };

async function withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-media-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function mediaActivities(deps: MediaDeps) {
  async function store(orgId: string, file: string, meta: Omit<StoredMedia, 'mediaId' | 'url'>): Promise<StoredMedia> {
    const body = await fs.readFile(file);
    const key = mediaKey(orgId, meta.kind, randomUUID());
    await deps.store.put(key, body, meta.mimeType);
    const [row] = await deps.db
      .insert(mediaObjects)
      .values({ orgId, store: deps.store.kind, storageKey: key, sizeBytes: body.length, ...meta })
      .returning({ id: mediaObjects.id });
    return { ...meta, mediaId: row!.id, url: await deps.store.url(key) };
  }

  async function loadContent(orgId: string, contentOutputId: string): Promise<PostContent> {
    const content = (await deps.ledger.loadOutput(orgId, contentOutputId))?.output as PostContent | undefined;
    if (!content) throw new Error(`Content output ${contentOutputId} does not exist in organisation ${orgId}.`);
    return content;
  }

  async function assembleShortVideo(input: VideoInput, heartbeat: Heartbeat): Promise<StoredMedia> {
    return withWorkDir(async (workDir) => {
      const video = await assembleVideoFile(deps, input, workDir, heartbeat);
      const probe = await ffprobe(deps.config.ffprobePath, video.file);
      return store(input.orgId, video.file, {
        kind: 'video',
        mimeType: 'video/mp4',
        width: SHORT_VIDEO.width,
        height: SHORT_VIDEO.height,
        durationSeconds: probe.durationSeconds,
        altText: input.altText ?? input.scenes.map((s) => s.caption).join(' '),
        offlineMade: video.offlineMade,
      });
    });
  }

  /** The brand's colours and logo (copied into the work folder) for an offline card. */
  async function cardBrand(orgId: string, userId: string | undefined, workDir: string): Promise<CardBrand> {
    if (!userId) return {};
    const [row] = await deps.db.select({ details: brandProfiles.details }).from(brandProfiles).where(and(eq(brandProfiles.orgId, orgId), eq(brandProfiles.userId, userId)));
    const style = row?.details.visualStyle;
    if (!style) return {};
    const brand: CardBrand = { background: style.primaryColour, accent: style.secondaryColour, text: style.textColour };
    if (style.logoMediaKey?.startsWith(`${orgId}/`)) {
      brand.logoFile = path.join(workDir, 'logo.img');
      await fs.writeFile(brand.logoFile, await deps.store.read(style.logoMediaKey));
    }
    return brand;
  }

  async function generateImage(input: { orgId: string; prompt: string; altText: string; aspect: Aspect; headline?: string; userId?: string }, heartbeat: Heartbeat): Promise<StoredMedia> {
    return withWorkDir(async (workDir) => {
      const brand = await cardBrand(input.orgId, input.userId, workDir);
      const image = await renderImage(deps, { orgId: input.orgId, task: 'media.image', prompt: input.prompt, headline: input.headline ?? input.altText, aspect: input.aspect, workDir, brand });
      heartbeat({ step: 'image rendered' });
      const { file: _file, ...shape } = image;
      return store(input.orgId, image.file, { kind: 'image', mimeType: 'image/jpeg', altText: input.altText, ...shape });
    });
  }

  return {
    /** An image at the platform's aspect (1:1, 4:5, 9:16, 1.91:1) from a content output's visual brief, with its alt text. */
    generatePostImage: (input: { orgId: string; contentOutputId: string; platform: Platform; userId?: string }) =>
      asActivityFailure(async () => {
        const content = await loadContent(input.orgId, input.contentOutputId);
        const copy = content.variants.find((v) => v.platform === input.platform);
        // The card shows the post's headline, never the image description (alt text).
        const headline = content.visual.headline ?? copy?.title ?? copy?.text.split('\n')[0]?.slice(0, 90) ?? content.visual.altText;
        return generateImage({ orgId: input.orgId, userId: input.userId, prompt: content.visual.prompt, altText: content.visual.altText, aspect: PLATFORM_IMAGE_ASPECT[input.platform], headline }, activityHeartbeat());
      }),

    /** `userId` names the brand profile whose colours and logo an offline card takes. */
    generateImage: (input: { orgId: string; prompt: string; altText: string; aspect: Aspect; headline?: string; userId?: string }) =>
      asActivityFailure(() => generateImage(input, activityHeartbeat())),

    /** Short vertical video for TikTok, YouTube Shorts and Reels; set a heartbeatTimeout when scheduling it. */
    assembleShortVideo: (input: VideoInput) => asActivityFailure(() => assembleShortVideo(input, activityHeartbeat())),

    /**
     * One short video for a post's video platforms, scripted from its copy (the first of `platforms`
     * that has a variant; a YouTube title makes the hook) and its visual brief.
     */
    generatePostVideo: (input: { orgId: string; contentOutputId: string; platforms: Platform[] }) =>
      asActivityFailure(async () => {
        const content = await loadContent(input.orgId, input.contentOutputId);
        const copy = input.platforms.map((p) => content.variants.find((v) => v.platform === p)).find((v) => v !== undefined);
        if (!copy) throw new Error(`Content output ${input.contentOutputId} has no copy for ${input.platforms.join(' or ')}.`);
        const title = content.variants.find((v) => v.title)?.title;
        const script = shortVideoScript({ copy: { ...copy, title: copy.title ?? title }, visual: content.visual });
        return assembleShortVideo({ orgId: input.orgId, ...script }, activityHeartbeat());
      }),

    /** A fresh URL at publish time (presigned URLs expire). */
    mediaUrl: mediaUrlSigner(deps.db, deps.store),
  };
}

/** Signs a stored object's URL now, for the org that owns it. */
export function mediaUrlSigner(db: Database, store: MediaStore) {
  return async (input: { orgId: string; mediaId: string }): Promise<string> => {
    const [row] = await db.select().from(mediaObjects).where(and(eq(mediaObjects.orgId, input.orgId), eq(mediaObjects.id, input.mediaId)));
    if (!row) throw new Error(`Media ${input.mediaId} does not exist in organisation ${input.orgId}.`);
    return store.url(row.storageKey);
  };
}

/** Media activities wired from the AI configuration: the configured store, and OpenAI when it is configured. */
export function configuredMediaActivities(db: Database, config: AiConfig, ledger: AiLedger) {
  const openai = isProviderConfigured(config.providers.openai)
    ? openaiClient(config.providers.openai, { maxRetries: config.maxRetries, timeoutMs: config.timeoutMs })
    : undefined;
  return mediaActivities({ db, config, ledger, store: mediaStoreFrom(config), openai });
}
