import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { emailSuppressions } from '../schema/index.js';

export type SuppressionReason = (typeof emailSuppressions.$inferInsert)['reason'];

/** Marks addresses undeliverable; the first report wins, a repeated webhook changes nothing. */
export async function suppressAddresses(db: Database, addresses: string[], reason: SuppressionReason, detail: string | undefined, eventId: string): Promise<void> {
  if (addresses.length === 0) return;
  await db
    .insert(emailSuppressions)
    .values(addresses.map((a) => ({ address: a.toLowerCase(), reason, detail, eventId })))
    .onConflictDoNothing({ target: emailSuppressions.address });
}

export async function suppressionOf(db: Pick<Database, 'select'>, address: string) {
  const [row] = await db.select().from(emailSuppressions).where(eq(emailSuppressions.address, sql`lower(${address})`));
  return row;
}
