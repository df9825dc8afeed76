import express, { Router } from 'express';
import { EMAIL_CATEGORIES } from '../../core/email-preferences.js';
import { readUnsubscribeToken } from '../../core/unsubscribe.js';
import { loadEmailConfig } from '../../config/email.js';
import { updateEmailPreferences } from '../../db/queries/email-preferences.js';
import type { ApiContext } from '../context.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui;margin:2rem auto;max-width:28rem;padding:0 1rem}button{font:inherit;padding:.6rem 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * /api/v1/email/unsubscribe?token=…: the link in List-Unsubscribe. The token is the credential
 * (no sign-in). GET only shows a button, because mail scanners open links; POST (the button, or a
 * mail client's RFC 8058 one-click) turns the category off.
 */
export function unsubscribeRoutes(ctx: ApiContext): Router {
  const router = Router();
  const keys = (ctx.email ?? loadEmailConfig()).unsubscribe;
  const tokenOf = (req: express.Request) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    return keys ? readUnsubscribeToken(keys.secret, token) : undefined;
  };
  const invalid = page('This link does not work', '<p>It was changed or cut short. Change which e-mails you get in Herald under your e-mail preferences.</p>');

  router.get('/', (req, res) => {
    const target = tokenOf(req);
    if (!target) return void res.status(400).type('html').send(invalid);
    res.type('html').send(page(`Stop ${target.category} e-mails?`, `<form method="post"><button type="submit">Unsubscribe from ${escapeHtml(target.category)} e-mails</button></form>`));
  });

  router.post('/', express.urlencoded({ extended: false }), async (req, res) => {
    const target = tokenOf(req);
    if (!target) return void res.status(400).type('html').send(invalid);
    const preferences = await updateEmailPreferences(ctx.db, target.userId, { [target.category]: false });
    const still = EMAIL_CATEGORIES.filter((c) => preferences[c]);
    res.type('html').send(page('Unsubscribed', `<p>You will no longer get ${escapeHtml(target.category)} e-mails from Herald.</p><p>Still on: ${escapeHtml(still.join(', ') || 'none')}.</p>`));
  });
  return router;
}
