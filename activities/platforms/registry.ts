import type { PlatformConfig } from '../../config/platforms.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import type { Platform } from '../../core/platforms.js';
import { createFacebookAdapter } from './facebook/adapter.js';
import { createInstagramAdapter } from './instagram/adapter.js';
import { createLinkedInAdapter } from './linkedin/adapter.js';
import { createTikTokAdapter } from './tiktok/adapter.js';
import { PlatformError, type AdapterConfig, type AdapterDeps, type PlatformAdapter } from './types.js';
import { createXAdapter } from './x/adapter.js';
import { createYouTubeAdapter } from './youtube/adapter.js';

/**
 * Platform -> adapter, built from configuration: the real endpoints when the platform has app
 * credentials, the emulator's when it runs in sandbox mode. Each adapter module adds one line.
 */
const FACTORIES: Record<Platform, (config: AdapterConfig, deps: AdapterDeps) => PlatformAdapter> = {
  x: createXAdapter,
  linkedin: createLinkedInAdapter,
  facebook: createFacebookAdapter,
  instagram: createInstagramAdapter,
  tiktok: createTikTokAdapter,
  youtube: createYouTubeAdapter,
};

export interface PlatformRegistry {
  readonly config: PlatformConfig;
  /** Whether connecting this platform goes to the emulator (sandbox) or the real platform. */
  mode(platform: Platform): 'real' | 'sandbox' | undefined;
  /** Throws a permanent PlatformError naming what to configure when the platform is unavailable. */
  adapter(platform: Platform): PlatformAdapter;
}

export function createPlatformRegistry(config: PlatformConfig, deps: AdapterDeps = {}): PlatformRegistry {
  const built = new Map<Platform, PlatformAdapter>();
  return {
    config,
    mode: (platform) => config.platforms[platform]?.mode,
    adapter(platform) {
      const existing = built.get(platform);
      if (existing) return existing;
      const setup = config.platforms[platform];
      if (!setup) {
        const label = PLATFORM_LIMITS[platform].label;
        throw new PlatformError('permanent', platform, `${label} has no app credentials and no sandbox emulator is running; see docs/platforms.md.`);
      }
      const adapter = FACTORIES[platform](setup.adapter, deps);
      built.set(platform, adapter);
      return adapter;
    },
  };
}
