import type { Platform } from '../platforms.js';
import type { LengthCounting } from './counting.js';

/** Width / height; 9:16 is 0.5625. */
export interface AspectRange {
  min: number;
  max: number;
  /** How the range reads to a person: "4:5 to 1.91:1". */
  label: string;
}

export interface PlatformLimits {
  label: string;
  maxTextLength: number;
  /** How the platform counts maxTextLength. */
  counting: LengthCounting;
  maxHashtags?: number;
  maxMentions?: number;
  maxImages: number;
  maxVideos: number;
  /** Whether one post may carry images and a video together. */
  mixedMedia: boolean;
  videoRequired: boolean;
  /** Instagram: every post is a photo, a carousel or a reel. */
  mediaRequired: boolean;
  titleRequired: boolean;
  maxTitleLength?: number;
  /** Characters the platform refuses in text and title (YouTube: < and >). */
  forbiddenCharacters?: string[];
  /** Platforms without a link field get the link appended to the text (and counted there). */
  linkInText: boolean;
  imageAspect?: AspectRange;
  videoAspect?: AspectRange;
  videoSeconds?: { min: number; max: number };
  /** TikTok: the user must pick a privacy level from the creator's options. */
  privacyLevelRequired: boolean;
}

export const PLATFORM_LIMITS: Record<Platform, PlatformLimits> = {
  x: {
    label: 'X',
    maxTextLength: 280,
    counting: 'x-weighted',
    maxImages: 4,
    maxVideos: 1,
    mixedMedia: false,
    videoRequired: false,
    mediaRequired: false,
    titleRequired: false,
    linkInText: true,
    videoAspect: { min: 1 / 3, max: 3, label: '1:3 to 3:1' },
    videoSeconds: { min: 0.5, max: 140 },
    privacyLevelRequired: false,
  },
  linkedin: {
    label: 'LinkedIn',
    maxTextLength: 3000,
    counting: 'utf16',
    maxImages: 20,
    maxVideos: 1,
    mixedMedia: false,
    videoRequired: false,
    mediaRequired: false,
    titleRequired: false,
    linkInText: false,
    videoAspect: { min: 1 / 2.4, max: 2.4, label: '1:2.4 to 2.4:1' },
    videoSeconds: { min: 3, max: 30 * 60 },
    privacyLevelRequired: false,
  },
  facebook: {
    label: 'Facebook',
    maxTextLength: 63206,
    counting: 'utf16',
    maxImages: 10,
    maxVideos: 1,
    mixedMedia: false,
    videoRequired: false,
    mediaRequired: false,
    titleRequired: false,
    linkInText: false,
    videoAspect: { min: 9 / 16, max: 16 / 9, label: '9:16 to 16:9' },
    videoSeconds: { min: 1, max: 240 * 60 },
    privacyLevelRequired: false,
  },
  instagram: {
    label: 'Instagram',
    maxTextLength: 2200,
    counting: 'utf16',
    maxHashtags: 30,
    maxMentions: 20,
    maxImages: 10,
    maxVideos: 1,
    mixedMedia: true,
    videoRequired: false,
    mediaRequired: true,
    titleRequired: false,
    linkInText: true,
    imageAspect: { min: 4 / 5, max: 1.91, label: '4:5 to 1.91:1' },
    videoAspect: { min: 0.01, max: 10, label: '0.01:1 to 10:1' },
    videoSeconds: { min: 3, max: 15 * 60 },
    privacyLevelRequired: false,
  },
  tiktok: {
    label: 'TikTok',
    maxTextLength: 2200,
    counting: 'utf16',
    maxImages: 0,
    maxVideos: 1,
    mixedMedia: false,
    videoRequired: true,
    mediaRequired: true,
    titleRequired: false,
    linkInText: true,
    videoSeconds: { min: 3, max: 10 * 60 },
    privacyLevelRequired: true,
  },
  youtube: {
    label: 'YouTube',
    maxTextLength: 5000,
    counting: 'utf8-bytes',
    maxHashtags: 60,
    maxImages: 0,
    maxVideos: 1,
    mixedMedia: false,
    videoRequired: true,
    mediaRequired: true,
    titleRequired: true,
    maxTitleLength: 100,
    forbiddenCharacters: ['<', '>'],
    linkInText: true,
    privacyLevelRequired: false,
  },
};

/** "characters" in the unit the platform counts, for messages. */
export function lengthUnit(counting: LengthCounting): string {
  return counting === 'utf8-bytes' ? 'bytes' : 'characters';
}
