import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { outboxEmails } from '../schema/index.js';

/** The newest outbox e-mails, optionally to one address: the dev outbox page and support read these. */
export function recentOutboxEmails(db: Database, options: { to?: string; limit: number }) {
  return db
    .select({
      id: outboxEmails.id,
      to: outboxEmails.toAddress,
      kind: outboxEmails.kind,
      subject: outboxEmails.subject,
      body: outboxEmails.body,
      status: outboxEmails.status,
      attempts: outboxEmails.attempts,
      transport: outboxEmails.transport,
      providerMessageId: outboxEmails.providerMessageId,
      lastError: outboxEmails.lastError,
      createdAt: outboxEmails.createdAt,
      sentAt: outboxEmails.sentAt,
    })
    .from(outboxEmails)
    .where(options.to ? eq(outboxEmails.toAddress, options.to) : undefined)
    .orderBy(desc(outboxEmails.createdAt))
    .limit(options.limit);
}

export type OutboxEmailView = Awaited<ReturnType<typeof recentOutboxEmails>>[number];
