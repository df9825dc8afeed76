import { button, html } from './html.js';
import type { MailFrame, RenderedEmail } from './model.js';
import { compose, paragraphsHtml } from './parts.js';
import { localizeInstants } from './time.js';

/** A mail that tells something in Herald's words and offers one button. */
export interface NoticeProps {
  subject: string;
  /** Plain text as Herald wrote it; UTC instants in it are shown in the reader's zone. */
  body: string;
  action?: { label: string; url: string };
}

function notice(props: NoticeProps, frame: MailFrame, heading = props.subject): RenderedEmail {
  const zone = frame.recipient.timeZone;
  const body = localizeInstants(props.body, zone);
  const action = props.action ?? { label: 'Open Herald', url: frame.appUrl };
  return compose({
    subject: props.subject,
    heading,
    preheader: body.split('\n')[0]!.slice(0, 110),
    content: [...paragraphsHtml(body, zone), html`<div>${button(action.label, action.url)}</div>`],
    text: props.action && !body.includes(props.action.url) ? `${body}\n\n${props.action.label}: ${props.action.url}` : body,
    frame,
  });
}

/** The first link Herald wrote into a body: the one thing the reader is asked to open. */
export const firstLink = (body: string) => body.match(/https?:\/\/\S+/)?.[0];

const linkAction = (label: string, body: string) => {
  const url = firstLink(body);
  return url ? { label, url } : undefined;
};

type Notice = Omit<NoticeProps, 'action'>;

export const weeklyStrategyReady = (p: Notice, f: MailFrame) => notice({ ...p, action: { label: 'Review the strategy', url: f.appUrl } }, f);
export const weeklyStrategyUpdate = (p: Notice, f: MailFrame) => notice(p, f);
export const postAlert = (p: Notice & { viral: boolean }, f: MailFrame) =>
  notice({ ...p, action: linkAction(p.viral ? 'See the post' : 'See the numbers', p.body) }, f, p.viral ? 'Your post is taking off' : 'Your post is under-performing');
export const needsReconnect = (p: Notice, f: MailFrame) => notice({ ...p, action: { label: 'Reconnect the account', url: f.appUrl } }, f);
export const aiBudgetWarning = (p: Notice, f: MailFrame) => notice({ ...p, action: { label: 'See usage and limits', url: f.appUrl } }, f);
export const billingNotice = (p: Notice, f: MailFrame) => notice({ ...p, action: { label: 'Open billing', url: f.appUrl } }, f);
export const invitation = (p: Notice, f: MailFrame) => notice({ ...p, action: linkAction('Accept the invitation', p.body) }, f, 'You are invited to Herald');
export const emailVerification = (p: Notice, f: MailFrame) => notice({ ...p, action: linkAction('Confirm the address', p.body) }, f);
export const passwordReset = (p: Notice, f: MailFrame) => notice({ ...p, action: linkAction('Choose a new password', p.body) }, f);
export const securityNotice = (p: Notice, f: MailFrame) => notice({ ...p, action: linkAction('Open the link', p.body) }, f);
