import { approvalDeadline } from './approval.js';
import { validateDraft } from './platform-rules/index.js';
import type { Platform } from './platforms.js';
import { FORMAT_INFO, uploadProblems, type UploadFormat } from './uploads.js';

/**
 * A post a person writes by hand: one common copy, optional per-platform overrides, their own
 * media. Pure: which copy and media each platform gets, what breaks a platform's rules, and when
 * it may publish.
 */
export interface PlatformOverride {
  text?: string;
  hashtags?: string[];
  title?: string;
  mediaIds?: string[];
}

export interface OwnPostContent {
  platforms: Platform[];
  text: string;
  hashtags: string[];
  overrides: Partial<Record<Platform, PlatformOverride>>;
  mediaIds: string[];
}

export interface OwnMedia {
  id: string;
  kind: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

export interface OwnTarget {
  platform: Platform;
  text: string;
  hashtags: string[];
  title: string | null;
  mediaIds: string[];
}

export interface OwnPostProblem {
  platform: Platform;
  field: string;
  message: string;
}

/** One minute of room: "publish now" goes out at the next minute, not in the past. */
export const PUBLISH_NOW_DELAY_MS = 60_000;

const stripHash = (tags: string[]) => tags.map((t) => t.replace(/^#/, ''));

/** Each platform's copy and media: its override where given, else the common one. */
export function targetsOf(content: OwnPostContent): OwnTarget[] {
  return content.platforms.map((platform) => {
    const own = content.overrides[platform] ?? {};
    return {
      platform,
      text: own.text ?? content.text,
      hashtags: stripHash(own.hashtags ?? content.hashtags),
      title: own.title ?? null,
      mediaIds: own.mediaIds ?? content.mediaIds,
    };
  });
}

const formatOf = (mimeType: string) => (Object.entries(FORMAT_INFO).find(([, info]) => info.mimeType === mimeType)?.[0] as UploadFormat | undefined);

/**
 * Every platform rule the post breaks (length, hashtags, title, media kind, count, aspect, length
 * of video, file format and size), as sentences naming the platform. Who may see a TikTok post is
 * the approver's choice, so its absence is not a problem here.
 */
export function ownPostProblems(targets: OwnTarget[], media: Map<string, OwnMedia>): OwnPostProblem[] {
  return targets.flatMap((target) => {
    const attached = target.mediaIds.map((id) => media.get(id)).filter((m): m is OwnMedia => m !== undefined);
    const rules = validateDraft(target.platform, {
      text: target.text,
      hashtags: target.hashtags,
      title: target.title ?? undefined,
      media: attached.map((m) => ({ kind: m.kind, width: m.width ?? undefined, height: m.height ?? undefined, durationSeconds: m.durationSeconds ?? undefined, mimeType: m.mimeType })),
    }).filter((p) => p.field !== 'privacyLevel');
    const files = attached.flatMap((m) => {
      const format = formatOf(m.mimeType);
      return format ? uploadProblems(target.platform, { format, sizeBytes: m.sizeBytes }) : [];
    });
    return [...rules.map((p) => ({ platform: target.platform, field: p.field, message: p.message })), ...files.map((message) => ({ platform: target.platform, field: 'media', message }))];
  });
}

/**
 * When the post publishes, or why it cannot: "now" means the next minute and needs no second
 * approver; a chosen time must leave the approval its lead time when a second person approves.
 */
export function ownPublishTime(
  request: { scheduledAt?: string; publishNow?: boolean },
  org: { requireSecondApprover: boolean; leadMinutes: number },
  nowMs: number,
): { publishAtMs: number } | { problem: string } {
  if (request.publishNow) {
    if (org.requireSecondApprover) {
      return { problem: `Your organization requires a second approver, so a post cannot go out now: give scheduledAt at least ${org.leadMinutes + 1} minutes ahead.` };
    }
    return { publishAtMs: nowMs + PUBLISH_NOW_DELAY_MS };
  }
  const at = Date.parse(request.scheduledAt ?? '');
  if (Number.isNaN(at)) return { problem: 'Give scheduledAt (an ISO date-time) or publishNow: true.' };
  if (org.requireSecondApprover && approvalDeadline(at, org.leadMinutes) <= nowMs + PUBLISH_NOW_DELAY_MS) {
    return { problem: `That time leaves a second approver no room (approval closes ${org.leadMinutes} min before publishing); pick a later time.` };
  }
  if (at <= nowMs + PUBLISH_NOW_DELAY_MS) return { problem: 'That time is past (or within the next minute); pick a later time or send publishNow: true.' };
  return { publishAtMs: at };
}

/** The brief a hand-made post's image or video is made from, and the replacement written after a rejection. */
export function briefOf(text: string): { topic: string; brief: string; contentType: string } {
  const firstLine = text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'Our post';
  return { topic: firstLine.slice(0, 120), brief: text.slice(0, 2000), contentType: 'own' };
}
