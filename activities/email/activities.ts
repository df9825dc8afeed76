import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { emailCategoryOf } from '../../core/email-preferences.js';
import { unsubscribeToken } from '../../core/unsubscribe.js';
import { mutedCategoriesOf } from '../../db/queries/email-preferences.js';
import { suppressionOf } from '../../db/queries/email-suppressions.js';
import { outboxEmails } from '../../db/schema/index.js';
import { systemPriority } from '../../temporal-config/priorities.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import type { deliverEmailWorkflow } from '../../workflows/email.js';
import { mailToRender, type ImageLink } from './mail-view.js';
import { mailImageToken } from '../../core/mail-images.js';
import { renderOutboxEmail, type RenderedEmail } from './templates/index.js';
import { EmailSendError, type EmailTransport } from './transport.js';

export interface EmailDeps {
  db: Database;
  temporal: Client;
  /** The main task queue, where email-<id> runs. */
  taskQueue: string;
  /** Undefined: no transport configured; mail stays in the dev outbox. */
  transport: EmailTransport | undefined;
  from: string;
  sweepSeconds: number;
  /** Signs one-click unsubscribe links; without it mails carry none. */
  unsubscribe?: { secret: string; baseUrl: string };
  /** Where "Open Herald" points. */
  appUrl?: string;
}

export type SendOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'dropped'; reason: string };

/** Starts email-<rowId> for a row; a run that already exists (or existed) for it counts as started. */
export async function startDelivery(temporal: Client, taskQueue: string, emailId: string, retries = 0): Promise<void> {
  try {
    await temporal.workflow.start<typeof deliverEmailWorkflow>('deliverEmailWorkflow', {
      workflowId: workflowIds.email(emailId, retries),
      taskQueue,
      args: [{ emailId }],
      priority: systemPriority('interactive'),
      // A completed run (sent, or given up) is never repeated; a terminated one may be, once ops re-queue its row.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Delivers outbox e-mail ${emailId}`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Why this mail must not go out (the address bounced, the person turned the category off), if so. */
async function whyNotSend(db: Database, row: typeof outboxEmails.$inferSelect): Promise<string | undefined> {
  const suppressed = await suppressionOf(db, row.toAddress);
  if (suppressed) {
    const what = suppressed.reason === 'bounced' ? 'bounced' : 'marked our mail as spam';
    return `Not sent: ${row.toAddress} ${what} on ${suppressed.createdAt.toISOString()}${suppressed.detail ? ` (${suppressed.detail})` : ''}.`;
  }
  const category = emailCategoryOf(row.kind);
  if (category && row.toUserId && (await mutedCategoriesOf(db, row.toUserId)).has(category)) {
    return `Not sent: the recipient turned off ${category} e-mails.`;
  }
  return undefined;
}

/** The one-click unsubscribe URL (RFC 8058) for mail a person may turn off. */
function unsubscribeUrl(keys: EmailDeps['unsubscribe'], row: typeof outboxEmails.$inferSelect): string | undefined {
  const category = emailCategoryOf(row.kind);
  if (!keys || !category || !row.toUserId) return undefined;
  return `${keys.baseUrl}/api/v1/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(keys.secret, row.toUserId, category))}`;
}

/** Why the reader gets this mail, in the footer. */
function becauseOf(row: typeof outboxEmails.$inferSelect): string {
  if (!row.orgId) return 'Herald sends this to your address about your own account; it cannot be turned off.';
  if (row.kind === 'invitation') return 'Someone entered your address to invite you to Herald.';
  const category = emailCategoryOf(row.kind);
  return category ? `You get ${category} mails as a member of an organisation on Herald.` : 'You get this as a member of an organisation on Herald.';
}

/** The row as the reader sees it: HTML and text in their zone, their links, their unsubscribe link. */
export async function renderRow(deps: Pick<EmailDeps, 'db' | 'unsubscribe' | 'appUrl'>, row: typeof outboxEmails.$inferSelect): Promise<RenderedEmail & { unsubscribeUrl?: string }> {
  const keys = deps.unsubscribe;
  // Presigned storage URLs expire (24 h) before many mails are read: link to Herald, which signs a fresh one per open.
  const imageLink: ImageLink | undefined = keys && ((image) => (image.mediaId ? `${keys.baseUrl}/api/v1/email/media/${mailImageToken(keys.secret, image.mediaId)}` : image.url));
  const { mail, recipient } = await mailToRender(deps.db, row, imageLink);
  const unsubscribe = unsubscribeUrl(deps.unsubscribe, row);
  const rendered = renderOutboxEmail(mail, { recipient, appUrl: deps.appUrl ?? 'http://localhost:3000', unsubscribeUrl: unsubscribe, because: becauseOf(row) });
  return { ...rendered, unsubscribeUrl: unsubscribe };
}

export function emailActivities(deps: EmailDeps) {
  const { db } = deps;
  return {
    /**
     * Hands queued rows to their delivery workflows. The row turns `sending` only after its
     * workflow exists, so a crash in between leaves it queued and the next sweep starts it again.
     */
    async dispatchQueuedEmails(input: { limit: number }): Promise<{ started: number; sweepSeconds: number }> {
      if (!deps.transport) return { started: 0, sweepSeconds: deps.sweepSeconds };
      const queued = await db
        .select({ id: outboxEmails.id, retries: outboxEmails.retries })
        .from(outboxEmails)
        .where(and(eq(outboxEmails.status, 'queued'), or(isNull(outboxEmails.sendAfter), lte(outboxEmails.sendAfter, new Date()))))
        .orderBy(asc(outboxEmails.createdAt))
        .limit(input.limit);
      for (const row of queued) {
        await startDelivery(deps.temporal, deps.taskQueue, row.id, row.retries);
        await db.update(outboxEmails).set({ status: 'sending' }).where(and(eq(outboxEmails.id, row.id), eq(outboxEmails.status, 'queued')));
      }
      return { started: queued.length, sweepSeconds: deps.sweepSeconds };
    },

    /** One attempt to hand the row to the provider, keyed by the row id; records what happened. */
    async sendOutboxEmail(input: { emailId: string }): Promise<SendOutcome> {
      const [row] = await db.select().from(outboxEmails).where(eq(outboxEmails.id, input.emailId));
      if (!row) return { outcome: 'dropped', reason: 'the e-mail was deleted (its organisation was removed)' };
      if (row.sentAt && row.providerMessageId) return { outcome: 'sent', messageId: row.providerMessageId };
      if (row.status === 'dropped') return { outcome: 'dropped', reason: row.lastError ?? 'dropped' };
      const refusal = await whyNotSend(db, row);
      if (refusal) {
        await db.update(outboxEmails).set({ status: 'dropped', lastError: refusal }).where(eq(outboxEmails.id, row.id));
        return { outcome: 'dropped', reason: refusal };
      }
      const transport = deps.transport;
      if (!transport) throw ApplicationFailure.retryable('No e-mail transport is configured (RESEND_API_KEY or SMTP_URL); waiting for one.', 'NoEmailTransport');
      await db
        .update(outboxEmails)
        .set({ status: 'sending', attempts: sql`${outboxEmails.attempts} + 1`, lastAttemptAt: new Date(), transport: transport.kind })
        .where(eq(outboxEmails.id, row.id));
      const mail = await renderRow(deps, row);
      const unsubscribe: Record<string, string> = mail.unsubscribeUrl ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
      try {
        const { messageId } = await transport.send({
          // A retried row is a new send: the provider must not answer it with the failed one's key.
          id: row.retries > 0 ? `${row.id}-retry-${row.retries}` : row.id,
          from: deps.from,
          to: row.toAddress,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'X-Herald-Email-Id': row.id, 'X-Herald-Kind': row.kind, ...unsubscribe },
        });
        await db.update(outboxEmails).set({ status: 'sent', sentAt: new Date(), providerMessageId: messageId, lastError: null }).where(eq(outboxEmails.id, row.id));
        return { outcome: 'sent', messageId };
      } catch (err) {
        const failure = err instanceof EmailSendError ? err : new EmailSendError((err as Error).message, true);
        await db.update(outboxEmails).set({ lastError: failure.message }).where(eq(outboxEmails.id, row.id));
        throw ApplicationFailure.create({
          message: failure.message,
          type: failure.retryable ? 'EmailSendFailed' : 'EmailRejected',
          nonRetryable: !failure.retryable,
          nextRetryDelay: failure.retryAfterMs,
        });
      }
    },

    /** The workflow gave up: the row says so, with the provider's last answer. */
    async markEmailFailed(input: { emailId: string; reason: string }): Promise<void> {
      await db.update(outboxEmails).set({ status: 'failed', lastError: input.reason }).where(eq(outboxEmails.id, input.emailId));
    },
  };
}

export type EmailActivities = ReturnType<typeof emailActivities>;
