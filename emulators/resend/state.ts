import { createHash, randomUUID } from 'node:crypto';

/**
 * What the Resend emulator remembers: accepted e-mails (so tests can count duplicates), the
 * idempotency keys it has answered, and queued faults.
 */

export type ResendFaultKind = 'rate_limit' | 'server_error' | 'drop_after_accept' | 'hold_after_accept';

export interface ResendFault {
  kind: ResendFaultKind;
  /** Only sends to this address (default: any), so parallel senders do not take each other's faults. */
  to?: string;
  /** How many sends it hits (default 1). */
  times?: number;
  /** An outage: hits every matching send for this long, counted from the first send it hits; `times` is then ignored. */
  forMs?: number;
  /** rate_limit: the Retry-After it answers (default 1). */
  retryAfterSeconds?: number;
  /** server_error: the status (default 500). */
  status?: number;
  /** hold_after_accept: how long the answer waits after the mail was accepted (default 60 s). */
  delayMs?: number;
}

export interface AcceptedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  idempotencyKey?: string;
  createdAt: string;
}

export class ResendEmulatorState {
  readonly emails: AcceptedEmail[] = [];
  /** Every POST /emails that reached the emulator, faults included. */
  requests = 0;
  private readonly idempotent = new Map<string, { bodyHash: string; id: string }>();
  private faults: (ResendFault & { remaining: number; until?: number })[] = [];

  reset(): void {
    this.emails.length = 0;
    this.idempotent.clear();
    this.faults = [];
    this.requests = 0;
  }

  addFault(fault: ResendFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  takeFault(to: string[]): ResendFault | undefined {
    this.faults = this.faults.filter((f) => f.until === undefined || f.until > Date.now());
    const index = this.faults.findIndex((f) => !f.to || to.includes(f.to));
    const fault = this.faults[index];
    if (!fault) return undefined;
    if (fault.forMs !== undefined) {
      fault.until ??= Date.now() + fault.forMs;
      return fault;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  /**
   * Accepts a mail once per idempotency key, as Resend does: the same key with the same body
   * answers the first id again; with another body it is a conflict.
   */
  accept(mail: Omit<AcceptedEmail, 'id' | 'createdAt'>): { id: string } | { conflict: true } {
    const bodyHash = createHash('sha256').update(JSON.stringify([mail.from, mail.to, mail.subject, mail.html, mail.text])).digest('hex');
    const key = mail.idempotencyKey;
    const earlier = key ? this.idempotent.get(key) : undefined;
    if (earlier) return earlier.bodyHash === bodyHash ? { id: earlier.id } : { conflict: true };
    const id = randomUUID();
    this.emails.push({ ...mail, id, createdAt: new Date().toISOString() });
    if (key) this.idempotent.set(key, { bodyHash, id });
    return { id };
  }

  emailsTo(address: string): AcceptedEmail[] {
    return this.emails.filter((e) => e.to.includes(address));
  }
}
