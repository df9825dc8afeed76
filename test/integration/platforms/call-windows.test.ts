import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresCallWindows } from '../../../db/call-windows.js';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { rateWindowCalls } from '../../../db/schema/index.js';
import { expectSlidingWindowRules } from '../../support/call-window-scenario.js';
import { testDatabaseUrl } from '../../support/database.js';

/** Two pools stand for two worker processes: each has its own connections to the same database. */
let workerA: DatabaseHandle;
let workerB: DatabaseHandle;
beforeAll(() => {
  workerA = openDatabase(testDatabaseUrl(), 5);
  workerB = openDatabase(testDatabaseUrl(), 5);
});
afterAll(async () => {
  await workerA?.close();
  await workerB?.close();
});

describe('limits Herald counts itself, kept in Postgres', () => {
  it('keep the sliding-window rules', async () => {
    await expectSlidingWindowRules(postgresCallWindows(workerA.db), randomUUID(), randomUUID());
  });

  it('are shared by worker processes: calls at the same instant from two workers never take more than the limit', async () => {
    const account = randomUUID();
    const [a, b] = [workerA, workerB].map((w) => postgresCallWindows(w.db)('tiktok:video-init', 6, 60_000, 'video inits per minute'));
    const now = Date.now();
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a! : b!).reserve(account, now)));
    expect(waits.filter((w) => w === 0)).toHaveLength(6);
    expect(waits.filter((w) => w > 0).every((w) => w === 60_000)).toBe(true);
    expect(await b!.budget(account, now)).toMatchObject({ remaining: 0, limit: 6 });
    const rows = await workerA.db.select().from(rateWindowCalls).where(and(eq(rateWindowCalls.scope, 'tiktok:video-init'), eq(rateWindowCalls.key, account)));
    expect(rows).toHaveLength(6);
  });

  it('forget calls that left the window, and hold up no other account', async () => {
    const [busy, other] = [randomUUID(), randomUUID()];
    const window = postgresCallWindows(workerA.db)('tiktok:video-init', 1, 60_000, 'video inits per minute');
    const then = Date.now() - 120_000;
    expect(await window.reserve(busy, then)).toBe(0);
    expect(await window.reserve(other, then + 1)).toBe(0);
    expect(await window.reserve(busy, Date.now())).toBe(0);
    const left = await workerA.db.select().from(rateWindowCalls).where(eq(rateWindowCalls.key, busy));
    expect(left).toHaveLength(1);
    expect(left[0]!.at.getTime()).toBeGreaterThan(then);
  });
});
