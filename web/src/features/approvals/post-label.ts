import { PRIVACY_REQUIRED } from '../../../../core/privacy.js';
import { inZone } from '../../lib/time.js';
import { platformName } from '../../lib/platforms.js';
import type { QueuedPost } from './api/queue.js';

const platformList = new Intl.ListFormat('en', { type: 'conjunction' });

/** A post in words, for buttons, dialogs and results: "the TikTok, X and LinkedIn post for Thu, Dec 3, 08:00 PM (Europe/Berlin)". */
export const postLabel = (post: Pick<QueuedPost, 'scheduledAt' | 'targets'>, timeZone: string) =>
  `the ${platformList.format(post.targets.map((t) => platformName(t.platform)))} post for ${inZone(post.scheduledAt, timeZone)}`;

/** The platforms of the post that still wait for someone to choose who sees it (TikTok: never preselected). */
export const missingChoices = (post: Pick<QueuedPost, 'targets'>, privacy: Partial<Record<string, string>>) =>
  post.targets.map((t) => t.platform).filter((platform) => (PRIVACY_REQUIRED as readonly string[]).includes(platform) && !privacy[platform]);
