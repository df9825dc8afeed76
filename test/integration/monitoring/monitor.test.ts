import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../../../core/monitoring.js';
import { outboxEmails } from '../../../db/schema/index.js';
import { Platform, TargetId } from '../../../temporal-config/search-attributes.js';
import type { CheckpointResult } from '../../../workflows/monitor.js';
import { waitFor } from '../../support/processes.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { monitoringHarness, type MonitoringHarness } from './harness.js';

let m: MonitoringHarness;
const SECOND = 1_000;
/**
 * The five checkpoints scaled from minutes and hours down to seconds, 4 s apart: each read must
 * land in its window (due time until the next checkpoint), which a loaded machine can still meet.
 * Exact offsets are the time-skipping test's job (real-offsets.test.ts).
 */
const FAST = [4, 8, 12, 16, 20].map((s) => s * SECOND);


beforeAll(async () => {
  m = await monitoringHarness();
});
afterAll(() => m?.close());

const alertMails = (targetId: string) =>
  m.stack.database.db.select().from(outboxEmails).where(and(like(outboxEmails.kind, 'post_alert.%'), eq(outboxEmails.orgId, m.h.orgId))).then((rows) => rows.filter((r) => r.data.targetId === targetId));

describe('monitoring a published post', () => {
  it('reads the metrics at each checkpoint offset after publication and stores one snapshot per checkpoint', async () => {
    const target = await m.publishOnX('normal');
    const handle = await m.startMonitor(target, FAST);
    const results: CheckpointResult[] = await handle.result();

    expect(results.map((r) => [r.checkpoint, r.status])).toEqual(CHECKPOINTS.map((c) => [c, 'taken']));
    const rows = await m.snapshots(target.targetId);
    expect(rows.map((r) => r.checkpoint)).toEqual([...CHECKPOINTS]);
    rows.forEach((row, i) => {
      expect(row.dueAt.getTime() - target.publishedAt.getTime()).toBe(FAST[i]);
      const readAfter = row.recordedAt.getTime() - target.publishedAt.getTime();
      // Never early; 'taken' is the monitor's own verdict that the read came inside the window (the row
      // is stored just after the read, so on a loaded machine it may be dated a moment past the window's end).
      expect(readAfter).toBeGreaterThanOrEqual(FAST[i]!);
      if (i + 1 < rows.length) expect(row.recordedAt.getTime()).toBeLessThan(rows[i + 1]!.recordedAt.getTime());
      expect(row).toMatchObject({ status: 'taken', missedReason: null, expected: expect.objectContaining({ basis: 'platform_default' }) });
      expect(row.reach).toBeGreaterThan(500);
    });
    expect(await m.alerts(target.targetId)).toEqual([]);

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(TargetId)).toBe(target.targetId);
    expect(description.typedSearchAttributes.get(Platform)).toBe('x');
  });

  it('raises one viral alert for a post far above expectations, at its first checkpoint, and e-mails it once', async () => {
    const target = await m.publishOnX('viral');
    const handle = await m.startMonitor(target, FAST);
    const results: CheckpointResult[] = await handle.result();
    saveHistoryFixture('monitor-viral', handle.workflowId);

    expect(results.map((r) => r.alerts)).toEqual([['viral'], [], [], [], []]);
    const rows = await m.snapshots(target.targetId);
    for (const row of rows) {
      expect(row.engagementRatio).toBeGreaterThan(2);
      expect(row.reachRatio).toBeGreaterThan(1.5);
    }
    const alerts = await m.alerts(target.targetId);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'viral', checkpoint: '15m', postId: target.postId })]);
    const mails = await alertMails(target.targetId);
    expect(mails).toEqual([expect.objectContaining({ kind: 'post_alert.viral', toUserId: m.h.userId, subject: 'Your X post is taking off' })]);
    expect(mails[0]!.body).toContain('the X default for new accounts at 15m');
  });

  it('raises one under-performance alert for a flop at the 4 h checkpoint, not before', async () => {
    const target = await m.publishOnX('flop');
    const results: CheckpointResult[] = await (await m.startMonitor(target, FAST)).result();

    const rows = await m.snapshots(target.targetId);
    // Already below 0.5 at 15m and 1h: only the checkpoint rule holds the alert back there.
    for (const row of rows) expect(row.engagementRatio).toBeLessThan(0.5);
    expect(results.map((r) => r.alerts)).toEqual([[], [], ['underperformance'], [], []]);
    expect(await m.alerts(target.targetId)).toEqual([expect.objectContaining({ kind: 'underperformance', checkpoint: '4h' })]);
    expect((await alertMails(target.targetId)).map((mail) => mail.kind)).toEqual(['post_alert.underperformance']);
  });
});

describe('expected performance', () => {
  it('is the median of the account\'s own last posts at the same checkpoint once it has five', async () => {
    const first = await m.publishOnX('normal');
    const earlier = [first];
    for (let i = 0; i < 4; i++) earlier.push(await m.publishOnX('normal', { accountId: first.accountId }));
    await Promise.all(earlier.map(async (t) => (await m.startMonitor(t, FAST)).result()));
    const sixth = await m.publishOnX('normal', { accountId: first.accountId });
    await (await m.startMonitor(sixth, FAST)).result();

    const earlierRows = (await Promise.all(earlier.map((t) => m.snapshots(t.targetId)))).flat();
    const rows = await m.snapshots(sixth.targetId);
    for (const row of rows) {
      const reaches = earlierRows.filter((r) => r.checkpoint === row.checkpoint).map((r) => r.reach!).sort((a, b) => a - b);
      expect(reaches).toHaveLength(5);
      expect(row.expected).toMatchObject({ basis: 'history', posts: 5, reach: reaches[2] });
    }
    // The first posts had fewer than five before them: platform default.
    expect((await m.snapshots(first.targetId)).every((r) => r.expected?.basis === 'platform_default')).toBe(true);
  });
});

describe('a checkpoint the platform cannot answer', () => {
  it('is recorded as missed with the reason once its window closes, and the later checkpoints are still read', async () => {
    const target = await m.publishOnX('normal');
    // 15m is due at 3 s and may be retried until 9 s, when 1h is due.
    const offsets = [3, 9, 12, 15, 18].map((s) => s * SECOND);
    const path = `/2/tweets/${target.platformPostId}`;
    await m.h.fault({ platform: 'x', route: `GET ${path}`, kind: 'server_error', status: 503, times: 1_000 });
    const handle = await m.startMonitor(target, offsets);
    await waitFor(async () => ((await m.snapshots(target.targetId)).length > 0 ? true : undefined), 60_000, 'the 15m checkpoint to be recorded');
    // The platform recovers: drain the remaining injected failures, counting the reads that failed.
    let unused = 0;
    while (m.h.emulator.state.takeFault('x', 'GET', path)) unused += 1;
    const failedReads = 1_000 - unused;
    const results: CheckpointResult[] = await handle.result();
    saveHistoryFixture('monitor-missed', handle.workflowId);

    expect(results.map((r) => r.status)).toEqual(['missed', 'taken', 'taken', 'taken', 'taken']);
    const [missed, ...taken] = await m.snapshots(target.targetId);
    expect(missed).toMatchObject({ checkpoint: '15m', status: 'missed', reach: null });
    expect(missed!.missedReason).toContain('X is having trouble (HTTP 503');
    // Retried across the window (attempts about 3, 4, 5.5, 7 and 8.5 s), given up only when no attempt
    // fits before 9 s (backoff at most a quarter of the window: not before 7.5 s), and before 1h is read.
    expect(failedReads).toBeGreaterThanOrEqual(3);
    const givenUpAfter = missed!.recordedAt.getTime() - target.publishedAt.getTime();
    expect(givenUpAfter).toBeGreaterThan(7.5 * SECOND);
    expect(missed!.recordedAt.getTime()).toBeLessThanOrEqual(taken[0]!.recordedAt.getTime());
    expect(taken.every((row) => row.status === 'taken' && row.reach! > 0)).toBe(true);
  });

  it('records the checkpoints whose windows closed before monitoring started as missed, and reads the open one', async () => {
    const published = await m.publishOnX('normal');
    // As if the monitor started 40.5 s after publication: only the 24h window (40-72 s) is still open.
    // It is wide because the monitor first records the four closed ones, an activity each, and only
    // then reads the open one: a window of a second or two could close meanwhile on a slow machine.
    const offsets = [2, 4, 6, 8, 40].map((s) => s * SECOND);
    const target = { ...published, publishedAt: new Date(Date.now() - 40_500) };
    const results: CheckpointResult[] = await (await m.startMonitor(target, offsets)).result();

    expect(results.map((r) => r.status)).toEqual(['missed', 'missed', 'missed', 'missed', 'taken']);
    const rows = await m.snapshots(target.targetId);
    for (const row of rows.slice(0, 4)) expect(row.missedReason).toContain('after its window had closed');
  });

  it('retries a failing read within the window and still takes the checkpoint', async () => {
    const target = await m.publishOnX('normal');
    const offsets = [3, 9, 12, 15, 18].map((s) => s * SECOND);
    await m.h.fault({ platform: 'x', route: `GET /2/tweets/${target.platformPostId}`, kind: 'server_error', status: 503, times: 2 });
    const results: CheckpointResult[] = await (await m.startMonitor(target, offsets)).result();

    expect(results.map((r) => r.status)).toEqual(['taken', 'taken', 'taken', 'taken', 'taken']);
    const [first] = await m.snapshots(target.targetId);
    // Failures at about 3 s and 4 s, then read at about 5.5 s, before the window closes at 9 s.
    const readAfter = first!.recordedAt.getTime() - target.publishedAt.getTime();
    expect(readAfter).toBeGreaterThan(4.5 * SECOND);
    expect(readAfter).toBeLessThan(offsets[1]!);
  });

  it('records every checkpoint as missed, with the reconnect reason, when the account was disconnected', async () => {
    const target = await m.publishOnX('normal');
    const row = await m.h.accountRow(target.accountId);
    await m.h.revoke('x', row.externalId);
    const results: CheckpointResult[] = await (await m.startMonitor(target, FAST)).result();

    expect(results.map((r) => r.status)).toEqual(['missed', 'missed', 'missed', 'missed', 'missed']);
    const rows = await m.snapshots(target.targetId);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r.missedReason).toMatch(/needs to be reconnected|reconnect the account/);
  });
});
