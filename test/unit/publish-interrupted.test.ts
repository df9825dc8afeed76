import { describe, expect, it } from 'vitest';
import { interruptedMessage, isInterrupted, mayLandUntil, type PublishRunStatus } from '../../core/publishing.js';

const now = new Date('2026-11-22T10:00:00Z');
const run = (status: PublishRunStatus, registeredMinutesAgo = 60) => ({ workflowId: 'publish-t1', status, registeredAt: new Date(now.getTime() - registeredMinutesAgo * 60_000), closedAt: new Date('2026-11-22T09:30:00Z') });

describe('an interrupted publish (a run stopped before it recorded an outcome)', () => {
  it.each(['TERMINATED', 'CANCELLED', 'TIMED_OUT', 'FAILED'] as const)('a publishing target whose run is %s is interrupted', (status) => {
    expect(isInterrupted('publishing', run(status), now)).toBe(true);
  });

  it.each(['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW', 'PAUSED', 'UNKNOWN'] as const)('a run that is %s is not', (status) => {
    expect(isInterrupted('publishing', run(status), now)).toBe(false);
  });

  it('only a publishing target can be interrupted', () => {
    expect(isInterrupted('failed', run('TERMINATED'), now)).toBe(false);
    expect(isInterrupted('published', run('TERMINATED'), now)).toBe(false);
  });

  it('a run Temporal does not know counts only once it is too old to be still starting (5 min)', () => {
    expect(isInterrupted('publishing', run('NOT_FOUND', 4), now)).toBe(false);
    expect(isInterrupted('publishing', run('NOT_FOUND', 6), now)).toBe(true);
  });

  it('says which run stopped, how and when', () => {
    expect(interruptedMessage(run('TIMED_OUT'))).toMatch(/^publish-t1 was timed out in Temporal at 2026-11-22T09:30:00.000Z before it recorded an outcome\./);
    expect(interruptedMessage(run('NOT_FOUND'))).toMatch(/^publish-t1 is not in Temporal/);
  });
});

describe('until when a stopped run’s open attempt may still land', () => {
  const startedAt = new Date('2026-11-22T09:00:00Z');
  it('a send in flight: until the send timeout (30 min after it started)', () => {
    expect(mayLandUntil({ status: 'sending', startedAt, finishedAt: null })).toEqual(new Date('2026-11-22T09:30:00Z'));
  });
  it('a lost answer: 10 s after it was lost', () => {
    expect(mayLandUntil({ status: 'unconfirmed', startedAt, finishedAt: new Date('2026-11-22T09:00:02Z') })).toEqual(new Date('2026-11-22T09:00:12Z'));
  });
  it('a settled attempt: never', () => {
    expect(mayLandUntil({ status: 'absent', startedAt, finishedAt: startedAt })).toBeUndefined();
    expect(mayLandUntil({ status: 'retry', startedAt, finishedAt: startedAt })).toBeUndefined();
  });
});
