import { approvalDigest, approvalReminder, approvalRequest, expiryNotice, returnNotice, skipNotice } from './approvals.js';
import type { MailFrame, PostCard, RenderedEmail } from './model.js';
import * as notices from './notices.js';

export type { MailFrame, PostCard, RenderedEmail } from './model.js';

/** An outbox row as written, plus what the sender loaded for it at send time. */
export interface MailToRender {
  kind: string;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  /** The posts the mail is about, fresh from the database, with this reader's links. */
  posts: PostCard[];
  approveAllUrl?: string;
  /** An approval digest's reference: its outbox row's id (POST /approvals/bulk takes it as digestId). */
  digestId?: string;
}

/** Digest lines about a listed post start with its publish instant; the rest are notes (failures, plan usage). */
const POST_LINE = /^\d{4}-\d{2}-\d{2}T/;
const LINKS_MARKER = /^Decide from here/;

function digestNotes(body: string): string[] {
  const lines = body.split('\n');
  const end = lines.findIndex((l) => LINKS_MARKER.test(l));
  return lines.slice(0, end === -1 ? undefined : end).filter((l) => l.trim() && !POST_LINE.test(l));
}

const POST_KINDS: Record<string, (mail: MailToRender, post: PostCard, frame: MailFrame) => RenderedEmail> = {
  approval_requested: (_mail, post, frame) => approvalRequest({ post, replacement: false }, frame),
  // The post workflow's mail after a rejection, once the rewritten post waits again.
  replacement_ready: (_mail, post, frame) => approvalRequest({ post, replacement: true }, frame),
  expired: (_mail, post, frame) => expiryNotice({ post }, frame),
  // A hand-made post a second approver rejected goes back to its author, not to the AI.
  post_returned: (mail, post, frame) => returnNotice({ post, body: mail.body }, frame),
  skipped: (mail, post, frame) => skipNotice({ post, reason: mail.body.replace(/^Post [0-9a-f-]{36}/, 'This post') }, frame),
};

/** The HTML and plain-text mail for an outbox row, for one reader. */
export function renderOutboxEmail(mail: MailToRender, frame: MailFrame): RenderedEmail {
  const plain = { subject: mail.subject, body: mail.body };
  if (mail.kind === 'approval_digest') {
    const localDate = typeof mail.data.localDate === 'string' ? mail.data.localDate : undefined;
    return approvalDigest({ subject: mail.subject, localDate, posts: mail.posts, approveAllUrl: mail.approveAllUrl, digestId: mail.digestId, notes: digestNotes(mail.body) }, frame);
  }
  const post = mail.posts[0];
  if (post) {
    const render = mail.kind.startsWith('reminder-') ? (_m: MailToRender, p: PostCard, f: MailFrame) => approvalReminder({ post: p }, f) : POST_KINDS[mail.kind];
    if (render) return render(mail, post, frame);
  }
  if (mail.kind.startsWith('post_alert.')) return notices.postAlert({ ...plain, viral: mail.kind === 'post_alert.viral' }, frame);
  if (/^billing[._]/.test(mail.kind)) return notices.billingNotice(plain, frame);
  if (mail.kind.startsWith('strategy_')) return mail.kind === 'strategy_ready' ? notices.weeklyStrategyReady(plain, frame) : notices.weeklyStrategyUpdate(plain, frame);
  switch (mail.kind) {
    case 'account_needs_reconnect':
      return notices.needsReconnect(plain, frame);
    case 'ai_budget':
      return notices.aiBudgetWarning(plain, frame);
    case 'invitation':
      return notices.invitation(plain, frame);
    case 'verify_email':
    case 'change_email':
      return notices.emailVerification(plain, frame);
    case 'reset_password':
      return notices.passwordReset(plain, frame);
    default:
      return notices.securityNotice(plain, frame);
  }
}
