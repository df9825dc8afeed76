import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Addresses Herald must not mail: the provider reported a hard bounce or a spam complaint
 * (Resend webhooks). The sender drops mail to them instead of sending.
 */
export const emailSuppressions = pgTable('email_suppressions', {
  /** Lower-cased. */
  address: text('address').primaryKey(),
  reason: text('reason', { enum: ['bounced', 'complained'] }).notNull(),
  detail: text('detail'),
  /** The webhook event (svix-id) that reported it. */
  eventId: text('event_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
