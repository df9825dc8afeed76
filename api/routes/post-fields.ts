import { z } from 'zod';

/** Request fields the post routes share (approval, edits, hand-made posts, drafts). */

/** Longer than any platform allows (Facebook: 63,206); each platform's own limit is checked in core. */
export const MAX_POST_TEXT = 70_000;

export const hashtag = z.string().max(100).regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag is one word of letters, digits or _');
