import { Resend } from 'resend';
import { EmailSendError, type EmailTransport } from './transport.js';

/** Resend answers these when the same idempotency key is still being processed: worth retrying. */
const RETRYABLE_NAMES = new Set(['rate_limit_exceeded', 'concurrent_idempotent_requests', 'internal_server_error', 'application_error']);

function retryAfterMs(headers: Record<string, string> | null): number | undefined {
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Resend through its SDK; the outbox row id is the Idempotency-Key, so a retried send is one mail. */
export function resendTransport(options: { apiKey: string; baseUrl?: string }, timeoutMs: number): EmailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    kind: 'resend',
    async send(mail) {
      const { data, error, headers } = await resend.emails.send(
        { from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers },
        { idempotencyKey: mail.id, signal: AbortSignal.timeout(timeoutMs) } as { idempotencyKey: string },
      );
      if (data) return { messageId: data.id };
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      const name = error?.name ?? 'application_error';
      const message = `Resend ${status ? `answered ${status}` : 'could not be reached'} (${name}): ${error?.message ?? 'no answer'}`;
      const retryable = status === null || status === 429 || status >= 500 || RETRYABLE_NAMES.has(name);
      throw new EmailSendError(message, retryable, status === 429 ? retryAfterMs(headers) : undefined);
    },
    close: () => undefined,
  };
}
