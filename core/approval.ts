/**
 * The approval rules of a post, in one place: deadlines, when a rejection gets a normal or an
 * emergency replacement or skips the slot, and what may still change once content is locked.
 */

const MINUTE = 60_000;

export const APPROVAL_RULES = {
  /** Approval closes this long before publish time unless the org sets its own lead time. */
  defaultLeadMinutes: 30,
  /** Under this many minutes to publish, a rejection gets the one-call emergency replacement. */
  emergencyUnderMinutes: 15,
  /** Under this many minutes to publish, a rejection skips the slot. */
  skipUnderMinutes: 5,
  /** Approved content may move at most this far from its approved time. */
  lockedTimingWindowMinutes: 30,
  /** Reminders before the deadline unless the org sets its own. */
  defaultReminderMinutesBeforeDeadline: [120, 30],
} as const;

/** What an org may set for its own approvals (owners and admins, PATCH /orgs/:orgId). */
export const ORG_APPROVAL_LIMITS = {
  /** Approval may close as late as the skip threshold before publish, and at most a day before. */
  leadMinutes: { min: APPROVAL_RULES.skipUnderMinutes, max: 24 * 60 },
  /** Each reminder: 1 minute to 2 days before the deadline; none at all is allowed. */
  reminderMinutes: { min: 1, max: 2 * 24 * 60, maxCount: 5 },
} as const;

export type ReplacementMode = 'normal' | 'emergency' | 'skip';

export function approvalDeadline(publishAtMs: number, leadMinutes: number = APPROVAL_RULES.defaultLeadMinutes): number {
  return publishAtMs - leadMinutes * MINUTE;
}

/** What a rejection at `nowMs` leads to, by the minutes left before publish time. */
export function replacementModeAt(nowMs: number, publishAtMs: number): ReplacementMode {
  const minutesLeft = (publishAtMs - nowMs) / MINUTE;
  if (minutesLeft < APPROVAL_RULES.skipUnderMinutes) return 'skip';
  if (minutesLeft < APPROVAL_RULES.emergencyUnderMinutes) return 'emergency';
  return 'normal';
}

/**
 * The approval deadline for content that comes back after a rejection: a replacement is still
 * approvable until publish time minus the lead time, and in the last minutes (when the lead time
 * has already passed) until the skip threshold, so an emergency replacement can be approved.
 */
export function replacementDeadline(nowMs: number, publishAtMs: number, leadMinutes: number): number {
  const normal = approvalDeadline(publishAtMs, leadMinutes);
  return normal > nowMs ? normal : publishAtMs - APPROVAL_RULES.skipUnderMinutes * MINUTE;
}

/** Reminder instants still in the future, earliest first. */
export function reminderTimes(deadlineMs: number, nowMs: number, minutesBefore: readonly number[]): number[] {
  return minutesBefore
    .map((m) => deadlineMs - m * MINUTE)
    .filter((t) => t > nowMs)
    .sort((a, b) => a - b);
}

export interface LockedEdit {
  scheduledAt?: string;
  hashtags?: string[];
  /** Anything else (text, media, title, platforms) is named here and refused after approval. */
  otherFields: string[];
}

export type LockVerdict = { allowed: true } | { allowed: false; reason: string };

/** Approved content is locked: only a timing change within +-30 min of the approved time and hashtags may change. */
export function checkLockedEdit(approvedAtTimeMs: number, edit: LockedEdit): LockVerdict {
  if (edit.otherFields.length > 0) {
    return {
      allowed: false,
      reason: `Approved content is locked: ${edit.otherFields.join(', ')} can no longer change. Only the time (within ${APPROVAL_RULES.lockedTimingWindowMinutes} minutes of the approved time) and hashtags may. Reject it instead to get new content.`,
    };
  }
  if (edit.scheduledAt !== undefined) {
    const shift = Math.abs(Date.parse(edit.scheduledAt) - approvedAtTimeMs) / MINUTE;
    if (Number.isNaN(shift)) return { allowed: false, reason: `scheduledAt ${edit.scheduledAt} is not a valid ISO date-time.` };
    if (shift > APPROVAL_RULES.lockedTimingWindowMinutes) {
      return {
        allowed: false,
        reason: `Approved posts may move at most ${APPROVAL_RULES.lockedTimingWindowMinutes} minutes from the approved time; this moves it ${Math.round(shift)} minutes.`,
      };
    }
  }
  return { allowed: true };
}

/** Where an approved post may still move: +-30 min around the time it was approved for. */
export function lockedTimingWindow(approvedAtMs: number): { earliest: string; latest: string } {
  const span = APPROVAL_RULES.lockedTimingWindowMinutes * MINUTE;
  return { earliest: new Date(approvedAtMs - span).toISOString(), latest: new Date(approvedAtMs + span).toISOString() };
}

export interface TargetEdit {
  platform: string;
  text?: string;
  hashtags?: string[];
  title?: string;
}

export interface PostEdit {
  /** Per-platform changes: copy and title (refused once approved) and hashtags (always allowed). */
  targets?: TargetEdit[];
  /** New hashtags for every platform of the post. */
  hashtags?: string[];
  /** ISO instant (after approval: within +-30 min of the approved time). */
  scheduledAt?: string;
}

/** Which locked fields an edit touches: per-platform hashtags are allowed, copy and titles are not. */
export function copyChanges(edit: PostEdit): string[] {
  const touched = new Set<string>();
  for (const t of edit.targets ?? []) {
    if (t.text !== undefined) touched.add('copy');
    if (t.title !== undefined) touched.add('title');
  }
  return [...touched];
}

/** Where a waiting post stands now: its deadline, the seconds left to it, and what a rejection would lead to. */
export interface ApprovalWindow {
  deadlineMs: number;
  secondsLeft: number;
  /** What a rejection now leads to: a replacement, the emergency one (under 15 min) or a skipped slot (under 5 min). */
  onReject: ReplacementMode;
}

/**
 * A post still awaiting approval after its normal deadline can only be a replacement (otherwise it
 * expired), so `replacementDeadline` is its deadline in both cases, as its workflow computed it.
 */
export function approvalWindowAt(nowMs: number, publishAtMs: number, leadMinutes: number): ApprovalWindow {
  const deadlineMs = replacementDeadline(nowMs, publishAtMs, leadMinutes);
  return { deadlineMs, secondsLeft: Math.max(0, Math.floor((deadlineMs - nowMs) / 1000)), onReject: replacementModeAt(nowMs, publishAtMs) };
}
