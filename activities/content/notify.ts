import { and, eq, inArray } from 'drizzle-orm';
import type { EmailLinkConfig } from '../../config/email-links.js';
import type { Database } from '../../db/client.js';
import type { Executor } from '../../db/queries/accounts.js';
import { memberships, outboxEmails, users } from '../../db/schema/index.js';
import type { Role } from '../../db/queries/identity.js';
import { actionLinkWriter, type NoticeActions } from '../email/action-links.js';

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
  /** Posts each recipient may approve or reject from the mail, with links signed for them. */
  actions?: NoticeActions;
}

/**
 * Queues e-mails in the outbox, one per recipient. The e-mail dispatcher (workflows/email.ts)
 * picks every queued row up and delivers it; with no provider configured they stay in the outbox.
 * Without link keys, notices carry no action links.
 */
export function notifyActivities(db: Executor, emailLinks?: EmailLinkConfig) {
  const links = emailLinks && actionLinkWriter(db as Database, emailLinks);
  return {
    async notifyOrg(notice: Notice): Promise<{ queued: number }> {
      const recipients = await db
        .select({ id: users.id, email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, notice.orgId), inArray(memberships.role, [...AUDIENCES[notice.audience]])));
      if (recipients.length === 0) return { queued: 0 };
      const waiting = links && notice.actions ? await links.waitingPosts(notice.orgId, notice.actions) : [];
      const rows = await db
        .insert(outboxEmails)
        .values(
          recipients.map((r) => {
            const actions = links && waiting.length > 0 ? links.linksFor(notice.orgId, r.id, waiting, notice.actions?.approveAll ?? false) : undefined;
            return {
              orgId: notice.orgId,
              toUserId: r.id,
              toAddress: r.email,
              kind: notice.kind,
              subject: notice.subject,
              body: actions ? [notice.body, ...actions.lines].join('\n') : notice.body,
              data: { ...notice.data, ...(actions ? { actions: actions.data } : {}) },
              dedupeKey: `${notice.dedupeKey}:${r.id}`,
            };
          }),
        )
        .onConflictDoNothing({ target: outboxEmails.dedupeKey })
        .returning({ id: outboxEmails.id });
      return { queued: rows.length };
    },
  };
}
