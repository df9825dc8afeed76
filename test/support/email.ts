import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { notifyActivities } from '../../activities/content/notify.js';
import type { EmailConfig } from '../../config/email.js';
import type { Database } from '../../db/client.js';
import { outboxEmails, users } from '../../db/schema/index.js';
import { waitFor } from './processes.js';

export type OutboxRow = typeof outboxEmails.$inferSelect;

/** Mail through the local Resend emulator, swept every second so tests do not wait. */
export function resendEmail(emulator: { url: string; apiKey: string }): EmailConfig {
  return { transport: { kind: 'resend', apiKey: emulator.apiKey, baseUrl: emulator.url }, from: 'Herald <herald@example.test>', sweepSeconds: 1, timeoutMs: 5_000 };
}

/** Queues one notice to the org's approvers the way workflows do, and returns the user's row. */
export async function queueNotice(db: Database, user: { orgId: string; userId: string }, kind = 'approval_digest'): Promise<OutboxRow> {
  const subject = `Posts are waiting (${randomUUID().slice(0, 8)})`;
  await notifyActivities(db).notifyOrg({ orgId: user.orgId, audience: 'approvers', kind, subject, body: `${subject}\nOpen Herald to approve them.`, dedupeKey: `test:${randomUUID()}` });
  const [row] = await db.select().from(outboxEmails).where(and(eq(outboxEmails.toUserId, user.userId), eq(outboxEmails.subject, subject)));
  if (!row) throw new Error('notifyOrg queued nothing for the user');
  return row;
}

export async function addressOf(db: Database, userId: string): Promise<string> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user!.email;
}

/** Waits until the row reaches `status`, generously: retries back off by seconds. */
export function waitForEmailStatus(db: Database, emailId: string, status: OutboxRow['status'], timeoutMs = 90_000): Promise<OutboxRow> {
  return waitFor(
    async () => {
      const [row] = await db.select().from(outboxEmails).where(eq(outboxEmails.id, emailId));
      return row?.status === status ? row : undefined;
    },
    timeoutMs,
    `outbox e-mail ${emailId} to become ${status}`,
  );
}
