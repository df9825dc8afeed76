import type { Platform } from './platforms.js';

/**
 * The image shapes each platform shows best, and how Herald makes them: the image model renders
 * one of its three native sizes and the result is centre-cropped to the platform's aspect.
 */
export const ASPECTS = ['1:1', '4:5', '9:16', '1.91:1'] as const;
export type Aspect = (typeof ASPECTS)[number];

export const PLATFORM_IMAGE_ASPECT: Record<Platform, Aspect> = {
  x: '1.91:1',
  linkedin: '1.91:1',
  facebook: '1:1',
  instagram: '4:5',
  tiktok: '9:16',
  youtube: '9:16',
};

export interface AspectRecipe {
  /** Size to request from the image model (one it supports natively). */
  generate: '1024x1024' | '1024x1536' | '1536x1024';
  width: number;
  height: number;
}

export const ASPECT_RECIPES: Record<Aspect, AspectRecipe> = {
  '1:1': { generate: '1024x1024', width: 1024, height: 1024 },
  '4:5': { generate: '1024x1536', width: 1024, height: 1280 },
  '9:16': { generate: '1024x1536', width: 864, height: 1536 },
  '1.91:1': { generate: '1536x1024', width: 1536, height: 804 },
};

/** Short vertical video (TikTok, YouTube Shorts, Reels). */
export const SHORT_VIDEO = { width: 1080, height: 1920, maxSeconds: 60, fps: 30 } as const;
