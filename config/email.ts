import { z } from 'zod';
import { ConfigError } from './env.js';

/**
 * How Herald sends e-mail. Resend when RESEND_API_KEY is set, else SMTP when SMTP_URL is set,
 * else nothing leaves the machine: mail stays in the outbox, readable at /api/v1/dev/outbox.
 */
export const emailEnvSchema = z.object({
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Read by the Resend SDK itself too; tests and the sandbox point it at emulators/resend. */
  RESEND_BASE_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  /** Signing secret of the Resend webhook (whsec_…); enables POST /api/v1/webhooks/resend. */
  RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_/, 'must be the whsec_… signing secret Resend shows for the webhook').optional(),
  /** Signs one-click unsubscribe links (List-Unsubscribe); without it mails carry none. */
  EMAIL_UNSUBSCRIBE_SECRET: z.string().min(32, 'at least 32 characters, e.g. $(openssl rand -base64 32)').optional(),
  /** Where recipients reach Herald's API; unsubscribe links point here. */
  HERALD_API_URL: z.string().url().default('http://localhost:3000'),
  /** How often the dispatcher looks for queued mail a fast path did not start. */
  EMAIL_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** Per send; stays under the send activity's 30 s start-to-close timeout (workflows/email.ts). */
  EMAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(25_000).default(20_000),
});

export type EmailTransportConfig =
  | { kind: 'resend'; apiKey: string; baseUrl?: string }
  | { kind: 'smtp'; url: string }
  | { kind: 'outbox' };

export interface EmailConfig {
  transport: EmailTransportConfig;
  from: string;
  sweepSeconds: number;
  timeoutMs: number;
  webhookSecret?: string;
  /** Present when mails carry one-click unsubscribe links. */
  unsubscribe?: { secret: string; baseUrl: string };
  /** Where "Open Herald" in a mail points (HERALD_API_URL: the API serves the web app). */
  appUrl?: string;
}

export function loadEmailConfig(source: NodeJS.ProcessEnv = process.env): EmailConfig {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = emailEnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const transport: EmailTransportConfig = e.RESEND_API_KEY
    ? { kind: 'resend', apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL }
    : e.SMTP_URL
      ? { kind: 'smtp', url: e.SMTP_URL }
      : { kind: 'outbox' };
  if (transport.kind !== 'outbox' && !e.EMAIL_FROM) {
    throw new ConfigError([`EMAIL_FROM: required when ${transport.kind === 'resend' ? 'RESEND_API_KEY' : 'SMTP_URL'} is set, e.g. "Herald <herald@yourdomain.com>"`]);
  }
  return {
    transport,
    from: e.EMAIL_FROM ?? 'Herald <herald@localhost>',
    sweepSeconds: e.EMAIL_SWEEP_SECONDS,
    timeoutMs: e.EMAIL_TIMEOUT_MS,
    webhookSecret: e.RESEND_WEBHOOK_SECRET,
    unsubscribe: e.EMAIL_UNSUBSCRIBE_SECRET ? { secret: e.EMAIL_UNSUBSCRIBE_SECRET, baseUrl: e.HERALD_API_URL.replace(/\/$/, '') } : undefined,
    appUrl: e.HERALD_API_URL.replace(/\/$/, ''),
  };
}

/** One line for `npm start` and the worker log: where mail goes. */
export function describeEmailTransport(config: EmailConfig): string {
  switch (config.transport.kind) {
    case 'resend':
      return `Resend (${config.transport.baseUrl ?? 'https://api.resend.com'}), from ${config.from}`;
    case 'smtp':
      return `SMTP (${new URL(config.transport.url).host}), from ${config.from}`;
    case 'outbox':
      return 'not sent: no RESEND_API_KEY or SMTP_URL; read it at /api/v1/dev/outbox';
  }
}
