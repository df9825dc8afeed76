import { ActivityFailure, continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { EmailActivities } from '../activities/email/activities.js';
import { retryEmailSend, retryReads } from '../temporal-config/retry-policies.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

// Resend forgets an idempotency key after 24 h: stop retrying well before, so a retry is never a second mail.
const sender = proxyActivities<EmailActivities>({ priority: inheritedFairness('interactive'), startToCloseTimeout: '30 seconds', scheduleToCloseTimeout: '20 hours', retry: retryEmailSend });
const book = proxyActivities<EmailActivities>({ priority: inheritedFairness('interactive'), startToCloseTimeout: '30 seconds', retry: retryReads });

export interface DeliverEmailInput {
  emailId: string;
}

export type DeliverEmailResult = { outcome: 'sent'; messageId: string } | { outcome: 'dropped' | 'failed'; reason: string };

/** email-<rowId>: delivers one outbox row; Temporal retries the send with backoff. */
export async function deliverEmailWorkflow(input: DeliverEmailInput): Promise<DeliverEmailResult> {
  try {
    return await sender.sendOutboxEmail(input);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const reason = err.cause?.message ?? err.message;
    await book.markEmailFailed({ emailId: input.emailId, reason });
    return { outcome: 'failed', reason };
  }
}

const SWEEPS_PER_RUN = 500;

/**
 * email-dispatch-<prefix>: starts a delivery for every queued outbox row, whoever wrote it. It runs
 * for as long as the deployment does, so a row is picked up even if nothing told us about it.
 */
export async function emailDispatchWorkflow(): Promise<void> {
  for (let sweep = 0; sweep < SWEEPS_PER_RUN; sweep++) {
    const { started, sweepSeconds } = await book.dispatchQueuedEmails({ limit: 100 });
    // A full batch means more are waiting: sweep again at once.
    if (started < 100) await sleep(sweepSeconds * 1000);
  }
  await continueAsNew<typeof emailDispatchWorkflow>();
}
