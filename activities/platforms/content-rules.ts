import type { Platform } from '../../core/platforms.js';
import type { RuleContext } from '../../core/platform-rules/index.js';
import { validateContent } from './common.js';
import { PlatformError, type PublishContent } from './types.js';

/** Refuses, before anything is sent, content the platform's rules say it would refuse. */
export function assertPublishable(platform: Platform, content: PublishContent, context?: RuleContext): void {
  const result = validateContent(platform, content, context);
  if (!result.ok) {
    throw new PlatformError('permanent', platform, result.problems.map((p) => p.message).join(' '), { code: 'invalid_content' });
  }
}
