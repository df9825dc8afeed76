import { and, eq, inArray } from 'drizzle-orm';
import type { EmailLinkConfig } from '../../config/email-links.js';
import { DEFAULT_DIGEST_HOUR, digestTimeOf } from '../../core/email-preferences.js';
import { instantOfLocal, intlOffsetAt, localDateOf } from '../../core/local-time.js';
import type { Database } from '../../db/client.js';
import type { Executor } from '../../db/queries/accounts.js';
import { orgTimeZone } from '../../db/queries/org-zone.js';
import { emailPreferences, memberships, outboxEmails, users } from '../../db/schema/index.js';
import type { Role } from '../../db/queries/identity.js';
import { actionLinkWriter, type NoticeActions } from '../email/action-links.js';

/** Who hears about what: approvals go to those who may approve, account problems to owners. */
const AUDIENCES = {
  approvers: ['owner', 'admin', 'editor', 'approver'],
  owners: ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface Notice {
  orgId: string;
  /** A group by role, or one member (a hand-made post's author), whatever their role. */
  audience: keyof typeof AUDIENCES | { userId: string };
  kind: string;
  subject: string;
  body: string;
  /** Same key = same notice: a retried activity or a replayed workflow writes it once. */
  dedupeKey: string;
  data?: Record<string, unknown>;
  /** Posts each recipient may approve or reject from the mail, with links signed for them. */
  actions?: NoticeActions;
  /** A digest the user asked for (a manual run): sent now, not at each reader's hour. */
  atOnce?: boolean;
}

type Recipient = { id: string; email: string; timeZone: string; digestHour: number | null };

/**
 * When this reader's digest of the day `localDate` (in `dayZone`, the zone the run plans in) is due:
 * their chosen hour, in their own zone, on the date it is for them when that day begins. A reader
 * behind the day's zone (a UTC approver of a UTC+14 business) would otherwise wait for their hour
 * on the same date, up to a day later, after the day's posts have gone out; for them the hour has
 * passed when the run ends, so the digest goes at once.
 */
export function digestDueAt(localDate: string, dayZone: string, r: Pick<Recipient, 'timeZone' | 'digestHour'>): number {
  const reader = intlOffsetAt(r.timeZone);
  const readerDate = localDateOf(instantOfLocal(localDate, '00:00', intlOffsetAt(dayZone)), reader);
  return instantOfLocal(readerDate, digestTimeOf(r.digestHour ?? DEFAULT_DIGEST_HOUR), reader);
}

/** A digest waits for its reader's hour; everything else goes at once. */
function sendAfterFor(notice: Notice, dayZone: string, r: Recipient, nowMs: number): Date | null {
  const localDate = notice.data?.localDate;
  if (notice.kind !== 'approval_digest' || notice.atOnce || typeof localDate !== 'string') return null;
  const due = digestDueAt(localDate, dayZone, r);
  return due > nowMs ? new Date(due) : null;
}

/**
 * Queues e-mails in the outbox, one per recipient. The e-mail dispatcher (workflows/email.ts)
 * picks every queued row up and delivers it; with no provider configured they stay in the outbox.
 * Without link keys, notices carry no action links.
 */
export function notifyActivities(db: Executor, emailLinks?: EmailLinkConfig) {
  const links = emailLinks && actionLinkWriter(db as Database, emailLinks);
  const recipientsOf = (orgId: string, audience: Notice['audience']): Promise<Recipient[]> =>
    db
      .select({ id: users.id, email: users.email, timeZone: users.timeZone, digestHour: emailPreferences.digestHour })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(emailPreferences, eq(emailPreferences.userId, users.id))
      .where(and(eq(memberships.orgId, orgId), typeof audience === 'string' ? inArray(memberships.role, [...AUDIENCES[audience]]) : eq(memberships.userId, audience.userId)));

  return {
    /**
     * The earliest instant any approver wants the digest of `localDate` (a date in `fallbackTimeZone`,
     * the run's zone, which also stands for the reader when there is none): the daily run waits until then.
     */
    async firstDigestDue(input: { orgId: string; localDate: string; fallbackTimeZone: string }): Promise<string> {
      const recipients = await recipientsOf(input.orgId, 'approvers');
      const fallback: Recipient = { id: '', email: '', timeZone: input.fallbackTimeZone, digestHour: null };
      return new Date(Math.min(...(recipients.length ? recipients : [fallback]).map((r) => digestDueAt(input.localDate, input.fallbackTimeZone, r)))).toISOString();
    },

    async notifyOrg(notice: Notice): Promise<{ queued: number }> {
      const recipients = await recipientsOf(notice.orgId, notice.audience);
      if (recipients.length === 0) return { queued: 0 };
      const nowMs = Date.now();
      // The zone the digest's day is in: the run's (sent along), else the org's.
      const dayZone = notice.kind !== 'approval_digest' ? 'UTC' : typeof notice.data?.timeZone === 'string' ? notice.data.timeZone : await orgTimeZone(db, notice.orgId);
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
              sendAfter: sendAfterFor(notice, dayZone, r, nowMs),
            };
          }),
        )
        .onConflictDoNothing({ target: outboxEmails.dedupeKey })
        .returning({ id: outboxEmails.id });
      return { queued: rows.length };
    },
  };
}
