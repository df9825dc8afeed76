import express, { Router } from 'express';
import { Resend } from 'resend';
import { z } from 'zod';
import { loadEmailConfig } from '../../config/email.js';
import { suppressAddresses } from '../../db/queries/email-suppressions.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';

/** The part of Resend's email.* events we act on. */
const resendEvent = z.object({
  type: z.string(),
  data: z
    .object({
      to: z.union([z.string(), z.array(z.string())]).optional(),
      bounce: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .passthrough(),
});

/**
 * POST /api/v1/webhooks/resend: Resend reports bounces and complaints here, signed svix-style
 * with RESEND_WEBHOOK_SECRET. A hard bounce or a complaint makes the address undeliverable.
 * Needs the raw body (the signature covers its bytes), so it is mounted before JSON parsing.
 */
export function resendWebhookRoutes(ctx: ApiContext): Router {
  const router = Router();
  const secret = (ctx.email ?? loadEmailConfig()).webhookSecret;
  // Verification only: the SDK wants a key, the call never uses it.
  const webhooks = new Resend('re_webhook_verification_only').webhooks;
  router.post('/', express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    if (!secret) throw new HttpError(404, 'webhooks_off', 'Resend webhooks are not configured here (set RESEND_WEBHOOK_SECRET).');
    const id = req.header('svix-id');
    const timestamp = req.header('svix-timestamp');
    const signature = req.header('svix-signature');
    if (!id || !timestamp || !signature) throw new HttpError(400, 'unsigned', 'The svix-id, svix-timestamp and svix-signature headers are required.');
    let payload: unknown;
    try {
      payload = webhooks.verify({ payload: (req.body as Buffer).toString('utf8'), headers: { id, timestamp, signature }, webhookSecret: secret });
    } catch (err) {
      throw new HttpError(400, 'bad_signature', `The webhook signature does not verify: ${(err as Error).message}`);
    }
    const event = resendEvent.safeParse(payload);
    if (!event.success) throw new HttpError(400, 'bad_event', 'Not a Resend e-mail event.');
    const { type, data } = event.data;
    const to = typeof data.to === 'string' ? [data.to] : (data.to ?? []);
    // A transient bounce (full mailbox, greylisting) is not a reason to stop mailing someone.
    if (type === 'email.bounced' && data.bounce?.type !== 'Transient') await suppressAddresses(ctx.db, to, 'bounced', data.bounce?.message, id);
    if (type === 'email.complained') await suppressAddresses(ctx.db, to, 'complained', 'marked as spam', id);
    res.json({ ok: true });
  });
  return router;
}
