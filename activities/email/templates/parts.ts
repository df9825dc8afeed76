import { PLATFORM_LIMITS } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import { button, html, page, safeUrl, STYLE, type Html } from './html.js';
import type { MailFrame, PostCard, RenderedEmail } from './model.js';
import { localizeInstants, localTime } from './time.js';

export const platformLabel = (platform: string) => PLATFORM_LIMITS[platform as Platform]?.label ?? platform;

const copyOf = (target: PostCard['targets'][number]) =>
  [target.text, target.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')].filter(Boolean).join('\n\n');

/** Said on every offline-written post a mail shows, as the app does. */
export const OFFLINE_NOTE = 'Offline-written: no AI provider answered, so Herald wrote this from its templates. Check it before approving.';

export function postCardHtml(post: PostCard, zone: string): Html {
  const targets = post.targets.map(
    (t) => html`<div style="font-weight:600;font-size:14px;color:#444444;margin-top:8px">${platformLabel(t.platform)}</div><p style="${STYLE.copy}">${copyOf(t)}</p>`,
  );
  const image = post.image && html`<img src="${safeUrl(post.image.url)}" alt="${post.image.alt ?? 'The post\'s image'}" width="520" style="${STYLE.image}">`;
  const links = (post.approveUrl || post.rejectUrl) && html`<div>${post.approveUrl && button('Approve', post.approveUrl, 'approve')}${post.rejectUrl && button('Reject', post.rejectUrl, 'reject')}</div>`;
  const offline = post.offlineWritten && html`<p style="${STYLE.meta}"><b>${OFFLINE_NOTE}</b></p>`;
  return html`<div style="${STYLE.card}"><p style="${STYLE.meta}">Publishes <b>${localTime(post.publishAt, zone)}</b></p>${post.deadline && html`<p style="${STYLE.meta}">Decide by <b>${localTime(post.deadline, zone)}</b></p>`}${offline}${image}${targets}${links}</div>`;
}

export function postCardText(post: PostCard, zone: string): string {
  const lines = [`Publishes ${localTime(post.publishAt, zone)}`];
  if (post.deadline) lines.push(`Decide by ${localTime(post.deadline, zone)}`);
  if (post.offlineWritten) lines.push(OFFLINE_NOTE);
  for (const t of post.targets) lines.push('', `${platformLabel(t.platform)}:`, copyOf(t));
  if (post.image) lines.push('', `Image: ${post.image.url}`);
  if (post.approveUrl) lines.push('', `Approve: ${post.approveUrl}`);
  if (post.rejectUrl) lines.push(`Reject: ${post.rejectUrl}`);
  return lines.join('\n');
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text written by Herald, as paragraphs: times in the reader's zone, URLs as links. */
export function paragraphsHtml(text: string, zone: string): Html[] {
  return localizeInstants(text, zone)
    .split(/\n{2,}|\n(?=https?:\/\/)/)
    .filter((p) => p.trim())
    .map((p) => {
      const pieces = p.split(URL_PATTERN).map((piece, i) => (i % 2 === 1 ? html`<a href="${safeUrl(piece)}" style="color:#1a5fb4">${piece}</a>` : piece));
      return html`<p style="margin:0 0 12px;white-space:pre-line;overflow-wrap:anywhere;word-break:break-word">${pieces}</p>`;
    });
}

function footerHtml(frame: MailFrame): Html {
  return html`<p style="margin:0 0 6px">${frame.because} Times are in ${frame.recipient.timeZone}.</p><p style="margin:0"><a href="${safeUrl(frame.appUrl)}" style="color:#1a5fb4">Open Herald</a>${frame.unsubscribeUrl && html` · <a href="${safeUrl(frame.unsubscribeUrl)}" style="color:#1a5fb4">Unsubscribe from these mails</a>`}</p>`;
}

function footerText(frame: MailFrame): string {
  return ['--', `${frame.because} Times are in ${frame.recipient.timeZone}.`, `Open Herald: ${frame.appUrl}`, ...(frame.unsubscribeUrl ? [`Unsubscribe from these mails: ${frame.unsubscribeUrl}`] : [])].join('\n');
}

/** One mail: a heading, the content in both forms, the footer; the greeting uses the reader's name. */
export function compose(input: { subject: string; heading: string; preheader: string; content: Html | Html[]; text: string; frame: MailFrame }): RenderedEmail {
  const greeting = input.frame.recipient.name ? `Hello ${input.frame.recipient.name},` : 'Hello,';
  return {
    subject: input.subject,
    html: page({
      title: input.subject,
      preheader: input.preheader,
      content: html`<h1 style="${STYLE.heading}">${input.heading}</h1><p style="margin:0 0 12px">${greeting}</p>${input.content}`,
      footer: footerHtml(input.frame),
    }),
    text: [greeting, '', input.text.trim(), '', footerText(input.frame)].join('\n'),
  };
}
