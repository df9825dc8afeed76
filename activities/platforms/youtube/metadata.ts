import { publishedText } from '../../../core/platform-rules/index.js';
import type { PublishContent } from '../types.js';

/**
 * The videos.insert resource for a post: title, description (text, hashtags, link), tags,
 * privacy. A square or vertical video of at most 3 minutes is a Short; #Shorts in the description
 * helps YouTube file it there (https://support.google.com/youtube/answer/15424877).
 */

const PRIVACY = ['public', 'unlisted', 'private'];
const SHORT_MAX_SECONDS = 180;

export function isShort(content: PublishContent): boolean {
  const video = content.media.find((m) => m.kind === 'video');
  if (!video?.width || !video.height || video.durationSeconds === undefined) return false;
  return video.height >= video.width && video.durationSeconds <= SHORT_MAX_SECONDS;
}

export function videoMetadata(content: PublishContent, options: Record<string, string> = {}) {
  const text = publishedText('youtube', content);
  const description = isShort(content) && !/#shorts\b/i.test(`${content.title} ${text}`) ? `${text}\n\n#Shorts`.trim() : text;
  const requested = content.privacyLevel?.toLowerCase();
  return {
    snippet: {
      title: content.title?.trim(),
      description,
      tags: content.hashtags.map((h) => h.replace(/^#/, '')).filter(Boolean),
      categoryId: options.categoryId ?? '22',
    },
    status: {
      privacyStatus: requested && PRIVACY.includes(requested) ? requested : (options.privacyStatus ?? 'public'),
      selfDeclaredMadeForKids: false,
    },
  };
}
