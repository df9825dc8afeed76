import { foreignKey, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './core.js';

/** Every Stripe webhook event applied, by Stripe's event id: a redelivery finds its row and changes nothing. */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    orgId: uuid('org_id'),
    /** The event's own `created`, not when it arrived. */
    created: timestamp('created', { withTimezone: true }).notNull(),
    /** applied | stale (older than the stored state) | ignored | unknown_customer */
    outcome: text('outcome').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stripe_events_org_created_idx').on(t.orgId, t.created),
    foreignKey({ name: 'stripe_events_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);
