import type { LinkAction } from '../core/action-links.js';
import type { ProblemWords } from '../core/action-link-verdicts.js';
import { PLATFORM_LIMITS } from '../core/platform-rules/index.js';
import type { Platform } from '../core/platforms.js';

/**
 * The small pages behind e-mail action links: server-rendered, no scripts, no external assets,
 * readable on a 360 px phone. Every value shown is escaped.
 */

const esc = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1c1c1e;background:#f4f4f6}
main{max-width:560px;margin:0 auto;padding:20px 16px}h1{font-size:1.35rem;margin:0 0 12px}
.card{background:#fff;border-radius:12px;padding:14px 16px;margin:12px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.platform{font-weight:600;font-size:.9rem;color:#555}.copy{white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0 0}
.meta{color:#555;font-size:.9rem}.problem{border-left:4px solid #c0392b}.done{border-left:4px solid #1e8449}.skip{border-left:4px solid #b9770e}
button{width:100%;padding:14px;font-size:1.05rem;border:0;border-radius:10px;background:#1e8449;color:#fff;margin-top:8px}
button.reject{background:#c0392b}textarea{width:100%;min-height:110px;font:inherit;padding:10px;border-radius:8px;border:1px solid #bbb}
.error{color:#c0392b;font-weight:600}a{color:#1a5fb4}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${esc(title)} · Herald</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`;
}

const appLink = (appUrl: string) => `<p><a href="${esc(appUrl)}">Open Herald</a></p>`;

export function problemPage(words: ProblemWords, appUrl: string): string {
  return layout(words.title, `<h1>${esc(words.title)}</h1><div class="card problem"><p>${esc(words.message)}</p></div>${appLink(appUrl)}`);
}

export function errorPage(appUrl: string): string {
  return layout('Try again', `<h1>Herald could not act just now</h1><div class="card problem"><p>Nothing was done and the link still works: try it again in a minute.</p></div>${appLink(appUrl)}`);
}

export interface PostPreview {
  postId: string;
  publishAt: string;
  targets: { platform: string; text: string }[];
  /** Why this post cannot take the action (approve-all lists it anyway). */
  problem?: string;
}

const platformLabel = (platform: string) => PLATFORM_LIMITS[platform as Platform]?.label ?? platform;

function postCard(post: PostPreview): string {
  const targets = post.targets
    .map((t) => `<div class="platform">${esc(platformLabel(t.platform))}</div><p class="copy">${esc(t.text)}</p>`)
    .join('');
  const problem = post.problem ? `<p class="error">${esc(post.problem)}</p>` : '';
  return `<div class="card${post.problem ? ' skip' : ''}"><div class="meta">Publishes ${esc(post.publishAt)}</div>${targets}${problem}</div>`;
}

export interface DecisionPage {
  action: LinkAction;
  token: string;
  recipient: string;
  deadline: string;
  posts: PostPreview[];
  /** Shown above the form, e.g. a missing reason. */
  error?: string;
  appUrl: string;
}

/** What a GET shows: the post(s) and one button; nothing has happened yet. */
export function decisionPage(page: DecisionPage): string {
  const waiting = page.posts.filter((p) => !p.problem).length;
  const title = page.action === 'approve' ? 'Approve this post?' : page.action === 'reject' ? 'Reject this post?' : `Approve ${waiting} waiting post${waiting === 1 ? '' : 's'}?`;
  const error = page.error ? `<p class="error" role="alert">${esc(page.error)}</p>` : '';
  const reason =
    page.action === 'reject'
      ? `<label for="reason">Why? Herald writes the replacement from your reason.</label><textarea id="reason" name="reason" maxlength="1000" required></textarea>`
      : '';
  const button =
    page.action === 'approve-all' && waiting === 0
      ? '<p>None of these posts is waiting any more; nothing to approve.</p>'
      : `<button type="submit"${page.action === 'reject' ? ' class="reject"' : ''}>${page.action === 'reject' ? 'Reject' : page.action === 'approve' ? 'Approve' : `Approve ${waiting}`}</button>`;
  return layout(
    title,
    `<h1>${esc(title)}</h1><p class="meta">For ${esc(page.recipient)} · decide before ${esc(page.deadline)}</p>` +
      page.posts.map(postCard).join('') +
      `<form method="post" action="action">${error}<input type="hidden" name="token" value="${esc(page.token)}">${reason}${button}</form>` +
      appLink(page.appUrl),
  );
}

export interface OutcomeLine {
  postId: string;
  done: boolean;
  message: string;
  summary?: string;
}

/** What a POST answers: post by post, what happened. */
export function outcomePage(lines: OutcomeLine[], appUrl: string): string {
  const all = lines.every((l) => l.done);
  const title = all ? 'Done' : lines.some((l) => l.done) ? 'Partly done' : 'Nothing was done';
  const cards = lines
    .map((l) => `<div class="card ${l.done ? 'done' : 'problem'}">${l.summary ? `<div class="platform">${esc(l.summary)}</div>` : ''}<p>${esc(l.message)}</p></div>`)
    .join('');
  return layout(title, `<h1>${esc(title)}</h1>${cards}${appLink(appUrl)}`);
}
