import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/queries/accounts.js';
import { memberships, outboxEmails, users } from '../../db/schema/index.js';
import type { Role } from '../../db/queries/identity.js';

/** Who hears about what: approvals go to those who may approve, account problems to owners. */
const AUDIENCES = {
  approvers: ['owner', 'admin', 'editor', 'approver'],
  owners: ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface Notice {
  orgId: string;
  audience: keyof typeof AUDIENCES;
  kind: string;
  subject: string;
  body: string;
  /** Same key = same notice: a retried activity or a replayed workflow writes it once. */
  dedupeKey: string;
  data?: Record<string, unknown>;
}

/**
 * Queues e-mails in the outbox, one per recipient. The e-mail sender (a later issue) delivers
 * them; until then the outbox is what users would have received.
 */
export function notifyActivities(db: Executor) {
  return {
    async notifyOrg(notice: Notice): Promise<{ queued: number }> {
      const recipients = await db
        .select({ id: users.id, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, notice.orgId), inArray(memberships.role, [...AUDIENCES[notice.audience]])));
      if (recipients.length === 0) return { queued: 0 };
      const rows = await db
        .insert(outboxEmails)
        .values(
          recipients.map((r) => ({
            orgId: notice.orgId,
            toUserId: r.id,
            toAddress: r.email,
            kind: notice.kind,
            subject: notice.subject,
            body: notice.body,
            data: notice.data ?? {},
            dedupeKey: `${notice.dedupeKey}:${r.id}`,
          })),
        )
        .onConflictDoNothing({ target: outboxEmails.dedupeKey })
        .returning({ id: outboxEmails.id });
      return { queued: rows.length };
    },
  };
}
