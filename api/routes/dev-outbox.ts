import { Router } from 'express';
import { z } from 'zod';
import { recentOutboxEmails, type OutboxEmailView } from '../../db/queries/outbox.js';
import type { ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

const outboxQuery = z.object({
  to: z.string().email('must be an e-mail address').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function outboxPage(emails: OutboxEmailView[]): string {
  const rows = emails
    .map(
      (e) => `<article><h2>${escapeHtml(e.subject)}</h2>
<p><b>To</b> ${escapeHtml(e.to)} · <b>${escapeHtml(e.kind)}</b> · ${escapeHtml(e.status)} · ${e.createdAt.toISOString()}</p>
<pre>${escapeHtml(e.body)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Herald dev outbox</title><style>body{font:15px system-ui;margin:1rem;max-width:48rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}article{border-bottom:1px solid #ddd}</style></head>
<body><h1>Dev outbox</h1><p>Every e-mail Herald wrote, newest first. With no RESEND_API_KEY or SMTP_URL nothing is sent; this page is the mailbox.</p>
${rows || '<p>No e-mails yet.</p>'}</body></html>`;
}

/** GET /api/v1/dev/outbox: what Herald would have mailed, as JSON or (for a browser) a page. */
export function devOutboxRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(outboxQuery, req.query, 'query');
    const emails = await recentOutboxEmails(ctx.db, query);
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(outboxPage(emails));
    else res.json({ emails });
  });
  return router;
}
