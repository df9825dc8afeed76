import type { RetryPolicy } from '@temporalio/common';

/** Reads and idempotent writes (our own database): retry with backoff, for a while. */
export const retryReads: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  maximumAttempts: 10,
};

/**
 * Calls that create something outside Herald and are not idempotent there: one attempt; the
 * workflow turns an unknown outcome into "unconfirmed" and reconciles.
 */
export const noBlindRetry: RetryPolicy = { maximumAttempts: 1 };

/**
 * E-mail sends: every send carries the outbox row id as idempotency key, so retrying is safe.
 * Resend keeps a key for 24 h; the workflow gives up well inside that (see workflows/email.ts).
 */
export const retryEmailSend: RetryPolicy = {
  initialInterval: '2s',
  backoffCoefficient: 2,
  maximumInterval: '10m',
  nonRetryableErrorTypes: ['EmailRejected'],
};
