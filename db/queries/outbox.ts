import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
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

/**
 * Support sends failed rows again (herald admin retry-email): back to queued with one more retry,
 * so the dispatcher starts a new delivery run for each. Only failed rows: a sent one is never resent.
 */
export async function requeueFailedEmails(db: Database, which: { ids?: string[]; since?: Date }) {
  return db
    .update(outboxEmails)
    .set({ status: 'queued', retries: sql`${outboxEmails.retries} + 1`, lastError: null })
    .where(
      and(
        eq(outboxEmails.status, 'failed'),
        which.ids ? inArray(outboxEmails.id, which.ids) : undefined,
        which.since ? gte(outboxEmails.createdAt, which.since) : undefined,
      ),
    )
    .returning({ id: outboxEmails.id, to: outboxEmails.toAddress, kind: outboxEmails.kind, retries: outboxEmails.retries });
}
