import { eq } from 'drizzle-orm';
import { APPROVAL_RULES, approvalWindowAt, type ApprovalWindow } from '../core/approval.js';
import type { Database } from '../db/client.js';
import { organizations } from '../db/schema/index.js';

/**
 * Where each waiting post of an org stands now (core/approval.ts), from the org's lead time; a
 * post in any other stage has none.
 */
export async function approvalWindows(db: Database, orgId: string) {
  const [org] = await db.select({ lead: organizations.approvalLeadMinutes }).from(organizations).where(eq(organizations.id, orgId));
  const leadMinutes = org?.lead ?? APPROVAL_RULES.defaultLeadMinutes;
  const nowMs = Date.now();
  const windowOf = (post: { stage: string; scheduledAt: Date }): ApprovalWindow | undefined =>
    post.stage === 'awaiting_approval' ? approvalWindowAt(nowMs, post.scheduledAt.getTime(), leadMinutes) : undefined;
  return Object.assign(windowOf, { leadMinutes, nowMs });
}

/** The window as the API answers it: the deadline, the seconds left, and whether a rejection now is an emergency or a skip. */
export function approvalWindowView(window: ApprovalWindow) {
  return {
    deadline: new Date(window.deadlineMs).toISOString(),
    secondsLeft: window.secondsLeft,
    onReject: window.onReject,
    emergencyWindow: window.onReject === 'emergency',
    skipWindow: window.onReject === 'skip',
  };
}

/** A post's window as answered, null when it is not waiting. */
export const approvalView = (window: ApprovalWindow | undefined) => (window ? approvalWindowView(window) : null);
