import type { AspectRange, PlatformLimits } from './limits.js';
import type { ContentDraft, RuleContext, RuleProblem } from './index.js';

type DraftMedia = ContentDraft['media'][number];

const ratio = (m: DraftMedia) => (m.width && m.height ? m.width / m.height : undefined);
// Two decimals of tolerance: a 1080x1350 image is exactly 4:5 but 1.91:1 is itself rounded.
const outside = (value: number, range: AspectRange) => value < range.min - 0.005 || value > range.max + 0.005;
const format = (value: number) => `${value.toFixed(2)}:1`;

/** Kind, count, aspect ratio and duration of a draft's media against one platform's limits. */
export function mediaProblems(limits: PlatformLimits, draft: ContentDraft, context: RuleContext): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (message: string) => problems.push({ field: 'media', message });
  const images = draft.media.filter((m) => m.kind === 'image');
  const videos = draft.media.filter((m) => m.kind === 'video');
  const { label } = limits;
  if (images.length > limits.maxImages) {
    add(limits.maxImages === 0
      ? `${label} does not take images; remove ${images.length === 1 ? 'the image' : `the ${images.length} images`}.`
      : `${label} allows ${limits.maxImages} images per post; this post has ${images.length}.`);
  }
  if (videos.length > limits.maxVideos) add(`${label} allows ${limits.maxVideos} video per post; this post has ${videos.length}.`);
  if (!limits.mixedMedia && images.length > 0 && videos.length > 0) add(`${label} takes either images or one video, not both in one post.`);
  if (limits.videoRequired && videos.length === 0) add(`${label} posts need a video.`);
  else if (limits.mediaRequired && draft.media.length === 0) add(`${label} posts need at least one image or video.`);
  images.forEach((image, i) => {
    const r = ratio(image);
    if (limits.imageAspect && r !== undefined && outside(r, limits.imageAspect)) {
      add(`${label} images must be between ${limits.imageAspect.label}; image ${i + 1} is ${format(r)}.`);
    }
  });
  const maxSeconds = context.maxVideoDurationSec ?? limits.videoSeconds?.max;
  videos.forEach((video) => {
    const r = ratio(video);
    if (limits.videoAspect && r !== undefined && outside(r, limits.videoAspect)) {
      add(`${label} videos must be between ${limits.videoAspect.label}; this one is ${format(r)}.`);
    }
    const seconds = video.durationSeconds;
    if (seconds === undefined) return;
    if (limits.videoSeconds && seconds < limits.videoSeconds.min) add(`${label} videos must last at least ${limits.videoSeconds.min} s; this one lasts ${seconds} s.`);
    if (maxSeconds !== undefined && seconds > maxSeconds) add(`${label} allows videos up to ${maxSeconds} s here; this one lasts ${seconds} s.`);
  });
  return problems;
}
