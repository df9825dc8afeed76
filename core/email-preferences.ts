/**
 * Which mails a person can turn off, by category. Kinds not listed here (sign-in, invitations,
 * security) are always sent.
 */
export const EMAIL_CATEGORIES = ['digest', 'reminders', 'alerts', 'weekly', 'billing'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

const CATEGORY_OF_KIND: Record<string, EmailCategory> = {
  approval_digest: 'digest',
  approval_requested: 'digest',
  approval_reminder: 'reminders',
  expired: 'reminders',
  skipped: 'reminders',
  account_needs_reconnect: 'alerts',
  ai_budget: 'alerts',
  strategy_ready: 'weekly',
  strategy_expired: 'weekly',
};

const CATEGORY_OF_PREFIX: [string, EmailCategory][] = [
  ['post_alert.', 'alerts'],
  ['billing.', 'billing'],
];

/** The category an outbox kind belongs to; undefined for mail that cannot be turned off. */
export function emailCategoryOf(kind: string): EmailCategory | undefined {
  return CATEGORY_OF_KIND[kind] ?? CATEGORY_OF_PREFIX.find(([prefix]) => kind.startsWith(prefix))?.[1];
}
