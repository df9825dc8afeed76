import type { EmailConfig } from '../../config/email.js';
import { resendTransport } from './resend.js';
import { smtpTransport } from './smtp.js';

/** One e-mail as a transport sends it; `id` is the outbox row id, the provider's idempotency key. */
export interface OutgoingEmail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface EmailTransport {
  kind: 'resend' | 'smtp';
  /** Resolves with the provider's message id once the provider has accepted the mail. */
  send(mail: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/** Why a send failed, and whether trying again can help (and not before when). */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

/** The configured transport; undefined when mail stays in the dev outbox. */
export function emailTransportFrom(config: EmailConfig): EmailTransport | undefined {
  switch (config.transport.kind) {
    case 'resend':
      return resendTransport(config.transport, config.timeoutMs);
    case 'smtp':
      return smtpTransport(config.transport.url, config.timeoutMs);
    case 'outbox':
      return undefined;
  }
}
