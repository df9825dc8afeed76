import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringActivities, type CheckpointInput } from '../../../activities/monitoring/activities.js';
import { CHECKPOINTS, type Checkpoint } from '../../../core/monitoring.js';
import { outboxEmails } from '../../../db/schema/index.js';
import { metricsAt, type MetricCurve } from '../../../emulators/platforms/state.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import type { CheckpointResult } from '../../../workflows/monitor.js';
import { startTimeSkipping, type TimeSkippingWorld } from '../../support/time-skipping.js';
import { monitoringHarness, type MonitoringHarness, type PublishedTarget } from './harness.js';

/**
 * The production checkpoints (15 min to 24 h after publication) on Temporal's time-skipping test
 * server: a day passes in seconds. The monitor is started at top level, as nothing here may close a
 * child after its parent (see test/support/time-skipping.ts). Activities run in real time while the
 * server's clock jumps, so instants are read from the workflow's history and the snapshots' due_at
 * (recorded_at is the platform's real read time); the emulator's clock is moved up to the server's
 * before each checkpoint so the post's figures are those of its age.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The offsets issue 6 names, written out here rather than read from core/monitoring, which is under test. */
const REAL_OFFSETS: Record<Checkpoint, number> = { '15m': 15 * MINUTE, '1h': HOUR, '4h': 4 * HOUR, '12h': 12 * HOUR, '24h': 24 * HOUR };

let m: MonitoringHarness;
let world: TimeSkippingWorld;

beforeAll(async () => {
  m = await monitoringHarness({ worker: false });
  world = await startTimeSkipping(m.stack, { activities: monitoringActivities(m.stack.database.db, m.h.platforms) });
});
afterAll(async () => {
  await world?.stop();
  await m?.close();
});

/** The emulator's clock is real time plus an offset; moving it up to the server's lets posts age in skipped time. */
async function emulatorClockToServer() {
  const behind = (await world.now()).getTime() - m.h.emulator.state.now();
  if (behind > 0) await m.h.advanceClock(behind);
}

async function publishAndMonitor(curve: MetricCurve) {
  await emulatorClockToServer();
  const target = await m.publishOnX(curve, { publishedAt: await world.now() });
  const handle = await world.env.client.workflow.start('monitorTargetWorkflow', {
    workflowId: workflowIds.monitor(target.targetId),
    taskQueue: world.taskQueue,
    args: [m.monitorInput(target)],
  });
  return { target, handle };
}

const dueAt = (target: PublishedTarget, checkpoint: Checkpoint) => target.publishedAt.getTime() + REAL_OFFSETS[checkpoint];

/**
 * Lets skipped time run through every checkpoint of `target` and past the last. A second before
 * each is due, `justBefore` looks at what is stored so far, then the emulator's clock is put in step.
 */
async function skipThroughCheckpoints(target: PublishedTarget, justBefore: (checkpoint: Checkpoint) => Promise<void> = async () => undefined) {
  for (const checkpoint of CHECKPOINTS) {
    await world.sleepUntil(new Date(dueAt(target, checkpoint) - SECOND));
    await justBefore(checkpoint);
    await emulatorClockToServer();

  }
  await world.sleepUntil(new Date(dueAt(target, '24h') + MINUTE));
}

const msOf = (ts: { seconds?: { toString(): string } | null; nanos?: number | null } | null | undefined) => Number(String(ts?.seconds ?? 0)) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);

/** When (server time) the workflow scheduled each call of an activity, with its input, from the history. */
async function scheduledCalls(handle: WorkflowHandle, activityType: string) {
  const { events } = await handle.fetchHistory();
  return events!.flatMap((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== activityType) return [];
    return [{ at: msOf(e.eventTime), input: defaultPayloadConverter.fromPayload<CheckpointInput>(scheduled.input!.payloads![0]!) }];
  });
}

/** At the instant, never before, and late only by the moments a workflow task takes in real time. */
function expectAt(actualMs: number, expectedMs: number, what: string) {
  const message = `${what}: ${new Date(actualMs).toISOString()} vs ${new Date(expectedMs).toISOString()}`;
  expect(actualMs, message).toBeGreaterThanOrEqual(expectedMs);
  expect(actualMs - expectedMs, message).toBeLessThan(5 * SECOND);
}

describe('monitoring at the real checkpoint offsets (time-skipping server)', () => {
  it('reads the metrics at published_at + 15 min, 1 h, 4 h, 12 h and 24 h, none early, then completes', async () => {
    const { target, handle } = await publishAndMonitor('normal');
    await skipThroughCheckpoints(target, async (checkpoint) => {
      const stored = (await m.snapshots(target.targetId)).map((r) => r.checkpoint);
      expect(stored, `a second before ${checkpoint}`).toEqual(CHECKPOINTS.slice(0, CHECKPOINTS.indexOf(checkpoint)));
    });
    const results: CheckpointResult[] = await handle.result();

    expect(results).toEqual(CHECKPOINTS.map((checkpoint) => ({ checkpoint, status: 'taken', alerts: [] })));
    const reads = await scheduledCalls(handle, 'takeCheckpoint');
    expect(reads.map((r) => r.input.checkpoint)).toEqual([...CHECKPOINTS]);
    for (const { at, input } of reads) {
      expect(Date.parse(input.dueAt)).toBe(dueAt(target, input.checkpoint));
      expectAt(at, dueAt(target, input.checkpoint), `${input.checkpoint} read`);
    }
    const post = m.h.emulator.state.postsOn('x').find((p) => p.id === target.platformPostId)!;
    const rows = await m.snapshots(target.targetId);
    expect(rows.map((r) => [r.checkpoint, r.status])).toEqual(CHECKPOINTS.map((c) => [c, 'taken']));
    for (const row of rows) {
      expect(row.dueAt.getTime()).toBe(dueAt(target, row.checkpoint));
      // The figures are the post's at the checkpoint's age (X reports impressions): they grew from 15 min to 24 h.
      const atAge = metricsAt(post, post.createdAt + REAL_OFFSETS[row.checkpoint]).impressions;
      const read = row.metrics!.impressions!;
      expect(Math.abs(read - atAge), `${row.checkpoint} impressions ${read} vs ${atAge}`).toBeLessThanOrEqual(Math.max(2, atAge * 0.01));
    }
    expect(await m.alerts(target.targetId)).toEqual([]);
    const { status, closeTime } = await handle.describe();
    expect(status.name).toBe('COMPLETED');
    expectAt(closeTime!.getTime(), dueAt(target, '24h'), 'completion');
  });

  it('raises the under-performance alert for a flop at the 4 h checkpoint, not before, and e-mails it once', async () => {
    const { target, handle } = await publishAndMonitor('flop');
    await skipThroughCheckpoints(target, async (checkpoint) => {
      if (checkpoint !== '4h') return;
      // Already below 0.5 at 15 min and 1 h: only the checkpoint rule holds the alert back.
      const rows = await m.snapshots(target.targetId);
      expect(rows.map((r) => r.checkpoint)).toEqual(['15m', '1h']);
      for (const row of rows) expect(row.engagementRatio).toBeLessThan(0.5);
      expect(await m.alerts(target.targetId)).toEqual([]);
    });
    const results: CheckpointResult[] = await handle.result();

    expect(results.map((r) => r.alerts)).toEqual([[], [], ['underperformance'], [], []]);
    expect(await m.alerts(target.targetId)).toEqual([expect.objectContaining({ kind: 'underperformance', checkpoint: '4h' })]);
    const fourHours = (await scheduledCalls(handle, 'takeCheckpoint')).find((r) => r.input.checkpoint === '4h')!;
    expectAt(fourHours.at, dueAt(target, '4h'), '4h read');
    const mails = await m.stack.database.db.select().from(outboxEmails).where(and(like(outboxEmails.kind, 'post_alert.%'), eq(outboxEmails.orgId, m.h.orgId)));
    expect(mails.filter((mail) => mail.data.targetId === target.targetId).map((mail) => mail.kind)).toEqual(['post_alert.underperformance']);
  });

  it('records the 15 min checkpoint as missed when X fails every read until 1 h, having retried across the window', async () => {
    const { target, handle } = await publishAndMonitor('normal');
    const route = `/2/tweets/${target.platformPostId}`;
    const injected = 1_000;
    await m.h.fault({ platform: 'x', route: `GET ${route}`, kind: 'server_error', status: 503, times: injected });
    let failedReads = 0;
    await skipThroughCheckpoints(target, async (checkpoint) => {
      if (checkpoint !== '1h') return;
      // X recovers a second before 1 h: drain what is left of the injected failures.
      let left = 0;
      while (m.h.emulator.state.takeFault('x', 'GET', route)) left++;
      failedReads = injected - left;
    });
    const results: CheckpointResult[] = await handle.result();

    expect(results.map((r) => r.status)).toEqual(['missed', 'taken', 'taken', 'taken', 'taken']);
    const [missed, ...taken] = await m.snapshots(target.targetId);
    expect(missed).toMatchObject({ checkpoint: '15m', status: 'missed', reach: null, dueAt: new Date(dueAt(target, '15m')) });
    expect(missed!.missedReason).toContain('X is having trouble (HTTP 503');
    expect(taken.every((row) => row.status === 'taken' && row.reach! > 0)).toBe(true);
    // Attempts at most 5 min apart over the 45-minute window: at least nine, the last in its final 5 minutes.
    expect(failedReads).toBeGreaterThanOrEqual(9);
    const [givenUp] = await scheduledCalls(handle, 'recordMissedCheckpoint');
    expect(givenUp!.input.checkpoint).toBe('15m');
    expect(givenUp!.at).toBeGreaterThan(dueAt(target, '1h') - 5 * MINUTE);
    expect(givenUp!.at).toBeLessThanOrEqual(dueAt(target, '1h'));
    const oneHour = (await scheduledCalls(handle, 'takeCheckpoint')).find((r) => r.input.checkpoint === '1h')!;
    expectAt(oneHour.at, dueAt(target, '1h'), '1h read');
  });
});
