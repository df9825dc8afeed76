import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export interface PingInput {
  pingId: string;
  requestedBy: string;
}

export interface PingResult {
  pingId: string;
  auditId: string;
  recordedAt: string;
}

export function pingActivities(db: Database) {
  return {
    /** Writes one audit row per ping; a retried attempt finds the row it wrote before. */
    async recordPing(input: PingInput): Promise<PingResult> {
      const idempotencyKey = `ping:${input.pingId}`;
      await db
        .insert(auditLog)
        .values({
          actor: input.requestedBy,
          action: 'dev.ping',
          subjectType: 'ping',
          subjectId: input.pingId,
          idempotencyKey,
        })
        .onConflictDoNothing({ target: auditLog.idempotencyKey });
      const [row] = await db.select().from(auditLog).where(eq(auditLog.idempotencyKey, idempotencyKey));
      if (!row) throw new Error(`audit row for ping ${input.pingId} vanished after insert`);
      return { pingId: input.pingId, auditId: row.id, recordedAt: row.at.toISOString() };
    },
  };
}
