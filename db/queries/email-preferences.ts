import { eq } from 'drizzle-orm';
import { DEFAULT_DIGEST_HOUR, EMAIL_CATEGORIES, type EmailCategory } from '../../core/email-preferences.js';
import type { Database } from '../client.js';
import { emailPreferences } from '../schema/index.js';

export type EmailPreferences = Record<EmailCategory, boolean>;

export async function mutedCategoriesOf(db: Pick<Database, 'select'>, userId: string): Promise<Set<string>> {
  const [row] = await db.select({ muted: emailPreferences.muted }).from(emailPreferences).where(eq(emailPreferences.userId, userId));
  return new Set(row?.muted ?? []);
}

export async function emailPreferencesOf(db: Database, userId: string): Promise<EmailPreferences> {
  const muted = await mutedCategoriesOf(db, userId);
  return Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, !muted.has(c)])) as EmailPreferences;
}

/** Applies the changes given (true = send, false = do not) and returns the full preferences. */
export async function updateEmailPreferences(db: Database, userId: string, changes: Partial<EmailPreferences>): Promise<EmailPreferences> {
  const next = { ...(await emailPreferencesOf(db, userId)), ...changes };
  const muted = EMAIL_CATEGORIES.filter((c) => !next[c]);
  await db
    .insert(emailPreferences)
    .values({ userId, muted })
    .onConflictDoUpdate({ target: emailPreferences.userId, set: { muted, updatedAt: new Date() } });
  return next;
}

export async function digestHourOf(db: Pick<Database, 'select'>, userId: string): Promise<number> {
  const [row] = await db.select({ hour: emailPreferences.digestHour }).from(emailPreferences).where(eq(emailPreferences.userId, userId));
  return row?.hour ?? DEFAULT_DIGEST_HOUR;
}

export async function setDigestHour(db: Database, userId: string, hour: number): Promise<number> {
  await db
    .insert(emailPreferences)
    .values({ userId, digestHour: hour })
    .onConflictDoUpdate({ target: emailPreferences.userId, set: { digestHour: hour, updatedAt: new Date() } });
  return hour;
}
