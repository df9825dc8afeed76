import { inArray } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { renderRow } from '../../activities/email/activities.js';
import { recentOutboxEmails, type OutboxEmailView } from '../../db/queries/outbox.js';
import { outboxEmails } from '../../db/schema/index.js';
import type { ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

export const outboxQuery = z.object({
  to: z.string().email('must be an e-mail address').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type RenderedView = OutboxEmailView & { html: string; text: string };

/**
 * Each mail's HTML as its reader gets it, in a sandboxed frame: no scripts, no forms, no
 * navigation of this page, whatever the mail holds; the plain-text part below it.
 */
function outboxPage(emails: RenderedView[]): string {
  const rows = emails
    .map(
      (e) => `<article><h2>${escapeHtml(e.subject)}</h2>
<p><b>To</b> ${escapeHtml(e.to)} · <b>${escapeHtml(e.kind)}</b> · ${escapeHtml(e.status)} · ${e.createdAt.toISOString()}</p>
<iframe sandbox title="${escapeHtml(`HTML of ${e.subject}`)}" srcdoc="${escapeHtml(e.html)}"></iframe>
<details><summary>Plain text</summary><pre>${escapeHtml(e.text)}</pre></details></article>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Herald dev outbox</title><style>body{font:15px system-ui;margin:1rem;max-width:48rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}iframe{width:100%;height:32rem;border:1px solid #ddd}article{border-bottom:1px solid #ddd}</style></head>
<body><h1>Dev outbox</h1><p>Every e-mail Herald wrote, newest first. With no RESEND_API_KEY or SMTP_URL nothing is sent; this page is the mailbox.</p>
${rows || '<p>No e-mails yet.</p>'}</body></html>`;
}

/** Each mail with the HTML and text the sender would send, rendered now for its reader. */
async function renderedOutbox(ctx: ApiContext, emails: OutboxEmailView[]): Promise<RenderedView[]> {
  if (emails.length === 0) return [];
  const rows = await ctx.db.select().from(outboxEmails).where(inArray(outboxEmails.id, emails.map((e) => e.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const deps = { db: ctx.db, unsubscribe: ctx.email?.unsubscribe, appUrl: ctx.email?.appUrl };
  return Promise.all(
    emails.map(async (e) => {
      const { html, text } = await renderRow(deps, byId.get(e.id)!);
      return { ...e, html, text };
    }),
  );
}

/** GET /api/v1/dev/outbox: what Herald would have mailed, as JSON or (for a browser) a page. */
export function devOutboxRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(outboxQuery, req.query, 'query');
    const emails = await renderedOutbox(ctx, await recentOutboxEmails(ctx.db, query));
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(outboxPage(emails));
    else res.json({ emails });
  });
  return router;
}
