import type { ActionLinkClaims, LinkAction, ReadLink } from './action-links.js';
import type { PostStage } from './stages.js';

/**
 * What a clicked action link may do, decided from facts read at the moment of the click, and the
 * words that tell the recipient why not. The API reads the facts; the rules live here.
 */

/** Roles that may approve or reject posts (the same list the web app's routes require). */
export const APPROVING_ROLES = ['owner', 'admin', 'editor', 'approver'] as const;

export type LinkProblem =
  | { kind: 'tampered' }
  | { kind: 'used'; usedAt: Date }
  | { kind: 'expired'; expiresAt: number }
  | { kind: 'someone_else' }
  | { kind: 'role_removed'; role: string };

export type PostProblem =
  | { kind: 'missing' }
  | { kind: 'someone_else' }
  | { kind: 'decided'; stage: PostStage }
  | { kind: 'changed'; linked: number; current: number }
  | { kind: 'privacy_needed'; platforms: string[] };

export interface LinkFacts {
  read: ReadLink;
  nowMs: number;
  /** When this link's id was already used. */
  usedAt?: Date;
  /** The recipient's membership in the link's org now; undefined when they are not a member. */
  role?: string;
}

export type LinkVerdict = { ok: true; claims: ActionLinkClaims } | { ok: false; problem: LinkProblem };

/** Checked in this order: a forged link learns nothing, a used one says so before it says expired. */
export function linkVerdict(facts: LinkFacts): LinkVerdict {
  if (!facts.read.ok) return { ok: false, problem: { kind: 'tampered' } };
  const { claims } = facts.read;
  if (facts.usedAt) return { ok: false, problem: { kind: 'used', usedAt: facts.usedAt } };
  if (facts.nowMs >= claims.expiresAt) return { ok: false, problem: { kind: 'expired', expiresAt: claims.expiresAt } };
  if (facts.role === undefined) return { ok: false, problem: { kind: 'someone_else' } };
  if (!(APPROVING_ROLES as readonly string[]).includes(facts.role)) return { ok: false, problem: { kind: 'role_removed', role: facts.role } };
  return { ok: true, claims };
}

export interface PostFacts {
  orgId: string;
  stage: PostStage;
  revision: number;
  /** Platforms that still need the approver's privacy choice (core/privacy.ts). */
  privacyNeeded: string[];
}

/** Whether the linked post can still take this action; undefined when it can. */
export function postProblem(action: LinkAction, claims: ActionLinkClaims, linkedRevision: number, post: PostFacts | undefined): PostProblem | undefined {
  if (!post) return { kind: 'missing' };
  if (post.orgId !== claims.orgId) return { kind: 'someone_else' };
  // Decided first: an edited-then-approved post is "already approved", the more useful answer.
  if (post.stage !== 'awaiting_approval') return { kind: 'decided', stage: post.stage };
  if (post.revision !== linkedRevision) return { kind: 'changed', linked: linkedRevision, current: post.revision };
  if (action !== 'reject' && post.privacyNeeded.length > 0) return { kind: 'privacy_needed', platforms: post.privacyNeeded };
  return undefined;
}

export interface ProblemWords {
  status: number;
  title: string;
  message: string;
}

const STAGE_WORDS: Record<PostStage, string> = {
  drafted: 'was rejected; Herald is writing a replacement and will ask again',
  awaiting_approval: 'is waiting for approval',
  returned: 'was rejected and returned to its author to edit and resubmit',
  approved: 'was already approved',
  publishing: 'was already approved and is being published',
  published: 'was already approved and published',
  unconfirmed: 'was already approved and sent to the platform',
  expired: 'expired without approval and will not be published',
  skipped: 'was skipped and will not be published',
  failed: 'was already approved, but publishing failed',
};

/** `when` formats an instant for the recipient (their zone, named). */
export function describeLinkProblem(problem: LinkProblem, who: { email: string; orgName: string }, when: (ms: number) => string): ProblemWords {
  switch (problem.kind) {
    case 'tampered':
      return { status: 400, title: 'This link is not valid', message: 'The link was changed or cut short on its way here: its signature does not match, so Herald will not act on it. Open Herald to decide on your posts.' };
    case 'used':
      return { status: 410, title: 'This link was already used', message: `This link was used on ${when(problem.usedAt.getTime())}. Each link in an e-mail works once; open Herald to see where the post stands.` };
    case 'expired':
      return { status: 410, title: 'This link has expired', message: `This link expired at ${when(problem.expiresAt)}, the approval deadline. Posts not approved by their deadline are not published.` };
    case 'someone_else':
      return { status: 403, title: 'This link belongs to someone else', message: `This link was sent to ${who.email}, who is not a member of the organization this post belongs to. Open Herald and sign in as yourself.` };
    case 'role_removed':
      return { status: 403, title: 'You can no longer approve posts here', message: `${who.email} is now ${problem.role} in ${who.orgName}; only owners, admins, editors and approvers can approve or reject posts. Ask an owner of ${who.orgName} if this is wrong.` };
  }
}

export function describePostProblem(problem: PostProblem): ProblemWords {
  switch (problem.kind) {
    case 'missing':
      return { status: 404, title: 'This post no longer exists', message: 'The post this link was for has been deleted.' };
    case 'someone_else':
      return { status: 403, title: 'This link belongs to someone else', message: 'This post belongs to another organization than the one the link was sent for.' };
    case 'decided':
      return { status: 409, title: 'Already decided', message: `Nothing was done: this post ${STAGE_WORDS[problem.stage]}.` };
    case 'changed':
      return { status: 409, title: 'This post has changed', message: `Nothing was done: the post changed after this e-mail was sent (the link is for version ${problem.linked}, the post is now version ${problem.current}). Look at the new version in Herald before you decide.` };
    case 'privacy_needed':
      return { status: 409, title: 'Choose who can see it first', message: `Nothing was done: this post goes to ${problem.platforms.join(' and ')}, where you must choose who can see it. Approve it in Herald with your choice.` };
  }
}

/** The post as its workflow answered the decision (a subset of workflows/post.ts PostState). */
export interface DecidedPost {
  stage: PostStage;
  approvals: string[];
  approvalsNeeded: number;
  publishAt: string;
  deadline: string;
}

/** What the recipient is told after the workflow took their decision. */
export function describeDecision(action: 'approve' | 'reject', post: DecidedPost, when: (ms: number) => string): string {
  if (action === 'approve') {
    if (post.stage === 'approved') return `Approved. It will be published at ${when(Date.parse(post.publishAt))}.`;
    const missing = post.approvalsNeeded - post.approvals.length;
    if (post.stage === 'awaiting_approval' && missing > 0) {
      return `Your approval is recorded. Your organization needs ${missing} more approver${missing > 1 ? 's' : ''} before ${when(Date.parse(post.deadline))}.`;
    }
    return `Approved; the post ${STAGE_WORDS[post.stage]}.`;
  }
  if (post.stage === 'drafted') return 'Rejected. Herald is writing a replacement from your reason and will ask you again.';
  if (post.stage === 'awaiting_approval') return 'Rejected. A replacement written from your reason is already waiting for approval.';
  if (post.stage === 'returned') return 'Rejected. The post went back to its author with your reason; they can edit it and send it again.';
  if (post.stage === 'skipped') return 'Rejected. It was too close to its time for a replacement, so this slot is skipped.';
  return `Rejected; the post ${STAGE_WORDS[post.stage]}.`;
}
