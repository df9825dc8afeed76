import { button, html, safeUrl } from './html.js';
import type { MailFrame, PostCard, RenderedEmail } from './model.js';
import { compose, paragraphsHtml, postCardHtml, postCardText } from './parts.js';
import { localizeInstants } from './time.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface ApprovalDigestProps {
  subject: string;
  /** The cycle's day, YYYY-MM-DD; absent for a digest not tied to a day. */
  localDate?: string;
  posts: PostCard[];
  approveAllUrl?: string;
  /** This digest's reference (its outbox row): Herald's page /digests/<id> approves all of it at once. */
  digestId?: string;
  /** What could not be made today, and how much of the plan is used. */
  notes: string[];
}

/** The morning digest: every waiting post as its platform shows it, each with Approve / Reject. */
export function approvalDigest(props: ApprovalDigestProps, frame: MailFrame): RenderedEmail {
  const zone = frame.recipient.timeZone;
  const waiting = props.posts.length;
  const day = props.localDate ? ` for ${props.localDate}` : '';
  const heading = waiting === 0 ? `Nothing new waits for your approval${day}` : `${plural(waiting, 'post')}${day} wait${waiting === 1 ? 's' : ''} for your approval`;
  const approveAll = props.approveAllUrl && waiting > 1;
  // The signed links expire with the deadlines; the digest's own page works for a signed-in reader.
  const digestUrl = props.digestId && waiting > 0 ? `${frame.appUrl}/digests/${props.digestId}` : undefined;
  const content = [
    html`<p style="margin:0 0 12px">${waiting === 0 ? 'Herald has no new posts for you to decide on today.' : 'Each link works once, until that post\'s approval deadline. A post nobody approves in time is not published.'}</p>`,
    approveAll ? html`<div>${button(`Approve all ${waiting}`, props.approveAllUrl!, 'approve')}</div>` : html``,
    ...props.posts.map((p) => postCardHtml(p, zone)),
    digestUrl ? html`<p style="margin:12px 0">Digest ${props.digestId!}: <a href="${safeUrl(digestUrl)}">approve all of it in Herald</a>.</p>` : html``,
    ...props.notes.flatMap((n) => paragraphsHtml(n, zone)),
  ];
  const text = [
    waiting === 0 ? 'Herald has no new posts for you to decide on today.' : `${heading}. Each link works once, until that post's approval deadline.`,
    ...(approveAll ? ['', `Approve all ${waiting}: ${props.approveAllUrl}`] : []),
    ...props.posts.flatMap((p, i) => ['', `${i + 1}/${waiting}`, postCardText(p, zone)]),
    ...(digestUrl ? ['', `Digest ${props.digestId}: approve all of it in Herald: ${digestUrl}`] : []),
    ...(props.notes.length ? ['', ...props.notes] : []),
  ].join('\n');
  return compose({ subject: props.subject, heading, preheader: props.posts[0]?.targets[0]?.text.slice(0, 90) ?? heading, content, text, frame });
}

export interface PostDecisionProps {
  post: PostCard;
  /** The first version was rejected and this one replaces it. */
  replacement?: boolean;
}

/** One post waits: its first request, or the replacement written after a rejection. */
export function approvalRequest(props: PostDecisionProps, frame: MailFrame): RenderedEmail {
  const heading = props.replacement ? 'A replacement post is waiting for your approval' : 'A post is waiting for your approval';
  const lead = props.replacement ? 'Herald rewrote the post you rejected, using your reason. Approve it or reject it again.' : 'Approve or reject it before its deadline; unapproved posts are not published.';
  return onePost(heading, lead, props.post, frame);
}

export function approvalReminder(props: PostDecisionProps, frame: MailFrame): RenderedEmail {
  return onePost('Reminder: a post still needs your approval', 'Nobody has decided on this post yet. If nobody approves it before the deadline, it is not published.', props.post, frame);
}

export function expiryNotice(props: PostDecisionProps, frame: MailFrame): RenderedEmail {
  return onePost('A post expired without approval', 'Nobody approved this post before its deadline, so it will not be published.', { ...props.post, approveUrl: undefined, rejectUrl: undefined }, frame);
}

export interface SkipNoticeProps extends PostDecisionProps {
  /** Why the slot is skipped, as the workflow said it. */
  reason: string;
}

export function skipNotice(props: SkipNoticeProps, frame: MailFrame): RenderedEmail {
  const zone = frame.recipient.timeZone;
  const post = { ...props.post, approveUrl: undefined, rejectUrl: undefined, deadline: undefined };
  return compose({
    subject: 'A post was skipped',
    heading: 'A post was skipped',
    preheader: 'Its slot stays empty.',
    content: [...paragraphsHtml(props.reason, zone), postCardHtml(post, zone)],
    text: [localizeInstants(props.reason, zone), '', postCardText(post, zone)].join('\n'),
    frame,
  });
}

export interface ReturnNoticeProps extends PostDecisionProps {
  /** What the workflow wrote: the rejecter's reason and the deadline to resubmit by. */
  body: string;
}

/** A hand-made post a second approver rejected, back with its author: the reason, and what to do. */
export function returnNotice(props: ReturnNoticeProps, frame: MailFrame): RenderedEmail {
  const zone = frame.recipient.timeZone;
  const post = { ...props.post, approveUrl: undefined, rejectUrl: undefined, deadline: undefined };
  const words = props.body.replace(/^Post [0-9a-f-]{36}/, 'Your post');
  return compose({
    subject: 'Your post was returned to you',
    heading: 'Your post was returned to you',
    preheader: 'Edit it and send it again.',
    content: [...paragraphsHtml(words, zone), postCardHtml(post, zone)],
    text: [localizeInstants(words, zone), '', postCardText(post, zone)].join('\n'),
    frame,
  });
}

function onePost(heading: string, lead: string, post: PostCard, frame: MailFrame): RenderedEmail {
  const zone = frame.recipient.timeZone;
  return compose({
    subject: heading,
    heading,
    preheader: post.targets[0]?.text.slice(0, 90) ?? lead,
    content: [html`<p style="margin:0 0 12px">${lead}</p>`, postCardHtml(post, zone)],
    text: [lead, '', postCardText(post, zone)].join('\n'),
    frame,
  });
}
