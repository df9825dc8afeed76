import { z } from 'zod';
import { PLATFORMS } from '../../../core/platforms.js';

export const platformCopySchema = z.object({
  platform: z.enum(PLATFORMS),
  text: z.string().min(1).describe('The post copy, ending with the call to action; hashtags go in `hashtags`, not here'),
  hashtags: z.array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag is one word of letters, digits or _')).max(30),
  callToAction: z.string().min(1),
  title: z.string().optional().describe('Required for YouTube, at most 100 characters'),
});
export type PlatformCopy = z.infer<typeof platformCopySchema>;

export const postContentSchema = z.object({
  variants: z.array(platformCopySchema).min(1).describe('Exactly one entry per requested platform'),
  alternatives: z.array(platformCopySchema).optional().describe('Only when an A/B variant is asked for: a differently angled version per platform'),
  visual: z.object({
    prompt: z.string().min(10).describe('A brief for the image model: subject, composition, style, colours; no text in the image'),
    altText: z.string().min(5).max(1000).describe('Alt text describing the image for screen readers'),
    style: z.string().min(1),
    headline: z.string().min(3).max(90).optional().describe('A short headline for the post (at most 90 characters), shown on a title card when no image model is available'),
  }),
});
export type PostContent = z.infer<typeof postContentSchema>;
