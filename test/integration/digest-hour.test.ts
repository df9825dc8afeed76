import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../../db/schema/index.js';
import { dailyRunId } from '../../temporal-config/workflow-ids.js';
import type { DailyRunSummary } from '../../workflows/daily-run.js';
import { createBrandProfile } from '../support/content.js';
import { saveHistoryObject } from '../support/replay.js';
import { createTestUser, startStack, type TestStack } from '../support/stack.js';
import { startTimeSkipping } from '../support/time-skipping.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Zones without daylight saving, so the expected instants are written from the zone's fixed UTC
 * offset rather than from core/local-time. Each run starts at 02:00 local, hours before the digest.
 */
const READERS = [
  { name: 'the default 08:00 in Kolkata (UTC+05:30)', timeZone: 'Asia/Kolkata', offsetHours: 5.5, digestHour: undefined, dueHour: 8 },
  { name: 'a reader who chose 11:00 in Bogotá (UTC-05:00)', timeZone: 'America/Bogota', offsetHours: -5, digestHour: 11, dueHour: 11 },
];

/** The instant of `hour`:00 wall time on `localDate` at a fixed UTC offset. */
const wallAt = (localDate: string, hour: number, offsetHours: number) => new Date(Date.parse(`${localDate}T00:00:00Z`) + (hour - offsetHours) * HOUR_MS);

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(async () => {
  await stack?.stop();
});

describe('the approval digest waits for its reader\'s hour (time-skipping server)', () => {
  it.each(READERS)('$name: nothing is queued a minute before, the digest is queued at the hour', async (reader) => {
    const world = await startTimeSkipping(stack);
    try {
      const user = await createTestUser(stack, { timeZone: reader.timeZone });
      if (reader.digestHour !== undefined) {
        const set = await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour: reader.digestHour } });
        expect(set.status).toBe(200);
      }
      // No posts: each post workflow is an abandoned child that would outlive its daily run, which the test server cannot skip past.
      await createBrandProfile(stack, user, { timeZone: reader.timeZone, platforms: ['linkedin'], postsPerDay: 0 });
      const localDate = new Date((await world.now()).getTime() + 2 * 24 * HOUR_MS).toISOString().slice(0, 10);
      const due = wallAt(localDate, reader.dueHour, reader.offsetHours);
      const digests = () =>
        stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.orgId, user.orgId), eq(outboxEmails.kind, 'approval_digest')));

      await world.sleepUntil(wallAt(localDate, 2, reader.offsetHours));
      const run = await world.env.client.workflow.start('dailyRunWorkflow', {
        workflowId: dailyRunId(user.orgId, user.userId, localDate),
        taskQueue: world.taskQueue,
        args: [{ orgId: user.orgId, userId: user.userId, localDate, kind: 'scheduled' }],
      });

      await world.sleepUntil(new Date(due.getTime() - MINUTE_MS));
      expect(await digests(), `a digest was queued before ${reader.dueHour}:00 in ${reader.timeZone}`).toEqual([]);
      expect((await run.describe()).status.name).toBe('RUNNING');

      const summary: DailyRunSummary = await run.result();
      expect(summary).toMatchObject({ localDate, digestAt: due.toISOString(), failed: [] });
      const queued = await digests();
      expect(queued.map((d) => ({ to: d.toUserId, subject: d.subject }))).toEqual([{ to: user.userId, subject: `0 new post(s) for ${localDate} wait for your approval` }]);
      // The run closed once the digest was out, not before the hour.
      const closed = (await run.describe()).closeTime!;
      expect(closed.getTime()).toBeGreaterThanOrEqual(due.getTime());
      expect(closed.getTime() - due.getTime()).toBeLessThan(MINUTE_MS);
      if (reader.digestHour !== undefined) saveHistoryObject('daily-run-digest-hour-per-reader', await run.fetchHistory());
    } finally {
      await world.stop();
    }
  });
});
