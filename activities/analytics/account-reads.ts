import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accountMetricReads, socialAccounts } from '../../db/schema/index.js';
import type { PlatformServices } from '../platforms/services.js';
import { METRICS_UNAVAILABLE, PlatformError } from '../platforms/types.js';

export interface AccountReadsOutcome {
  taken: number;
  unavailable: number;
  missed: number;
  /** Why nothing was read (this worker has no platform services). */
  skipped?: string;
}

/**
 * Once a day per connected account: followers and reach, stored per account and day. A platform
 * that gives no such read for this app is stored 'unavailable' with why; a read that fails is
 * stored 'missed' (and read again if the activity runs again that day). One account's failure
 * never stops the others.
 */
export function accountReadActivities(db: Database, platforms: PlatformServices | undefined) {
  async function readOne(account: { id: string; orgId: string; platform: string }, day: string, services: PlatformServices): Promise<'taken' | 'unavailable' | 'missed'> {
    let row: Pick<typeof accountMetricReads.$inferInsert, 'status' | 'followers' | 'reach' | 'reason'>;
    try {
      const figures = await services.sessions.run(account.id, (session, adapter) => adapter.fetchAccountMetrics(session));
      row = { status: 'taken', followers: figures.followers ?? null, reach: figures.reach ?? null, reason: null };
    } catch (err) {
      const unavailable = err instanceof PlatformError && err.options.code === METRICS_UNAVAILABLE;
      row = { status: unavailable ? 'unavailable' : 'missed', followers: null, reach: null, reason: (err as Error).message.slice(0, 2000) };
    }
    await db
      .insert(accountMetricReads)
      .values({ orgId: account.orgId, socialAccountId: account.id, platform: account.platform, day, ...row })
      .onConflictDoUpdate({ target: [accountMetricReads.socialAccountId, accountMetricReads.day], set: { ...row, recordedAt: new Date() }, setWhere: sql`${accountMetricReads.status} = 'missed'` });
    return row.status;
  }

  return {
    async readAccountMetrics(input: { orgId: string; day: string }): Promise<AccountReadsOutcome> {
      const outcome: AccountReadsOutcome = { taken: 0, unavailable: 0, missed: 0 };
      if (!platforms) return { ...outcome, skipped: 'This worker was started without platform services, so it cannot read account figures.' };
      const accounts = await db
        .select({ id: socialAccounts.id, orgId: socialAccounts.orgId, platform: socialAccounts.platform })
        .from(socialAccounts)
        .leftJoin(accountMetricReads, and(eq(accountMetricReads.socialAccountId, socialAccounts.id), eq(accountMetricReads.day, input.day)))
        .where(and(eq(socialAccounts.orgId, input.orgId), eq(socialAccounts.status, 'connected'), sql`(${accountMetricReads.id} is null or ${accountMetricReads.status} = 'missed')`));
      for (const account of accounts) outcome[await readOne(account, input.day, platforms)] += 1;
      return outcome;
    },
  };
}
