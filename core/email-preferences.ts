/**
 * Which mails a person can turn off, by category. Kinds not listed here (sign-in, invitations,
 * security) are always sent.
 */
export const EMAIL_CATEGORIES = ['digest', 'reminders', 'alerts', 'weekly', 'billing'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

const CATEGORY_OF_KIND: Record<string, EmailCategory> = {
  approval_digest: 'digest',
  approval_requested: 'digest',
  replacement_ready: 'digest',
  approval_reminder: 'reminders',
  expired: 'reminders',
  skipped: 'reminders',
  account_needs_reconnect: 'alerts',
  ai_budget: 'alerts',
  strategy_ready: 'weekly',
  strategy_expired: 'weekly',
  weekly_report: 'weekly',
};

const CATEGORY_OF_PREFIX: [string, EmailCategory][] = [
  ['post_alert.', 'alerts'],
  ['billing.', 'billing'],
  // activities/billing/events.ts writes billing_<notice>.
  ['billing_', 'billing'],
  // The post workflow writes one reminder kind per wake-up (reminder-<instant>), the weekly one per round.
  ['reminder-', 'reminders'],
  ['strategy_reminder_', 'weekly'],
];

/** The local hour a digest arrives unless the person chose another (seed 001: "an e-mail at 08:00"). */
export const DEFAULT_DIGEST_HOUR = 8;

/** "08:00" for 8: the local time the digest of someone who chose `hour` is sent. */
export const digestTimeOf = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** The category an outbox kind belongs to; undefined for mail that cannot be turned off. */
export function emailCategoryOf(kind: string): EmailCategory | undefined {
  return CATEGORY_OF_KIND[kind] ?? CATEGORY_OF_PREFIX.find(([prefix]) => kind.startsWith(prefix))?.[1];
}
