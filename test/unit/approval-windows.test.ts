import { describe, expect, it } from 'vitest';
import { approvalWindowAt } from '../../core/approval.js';
import { refusalOfStage, refusalOfWorkflow } from '../../core/bulk-approvals.js';
import { intlOffsetAt, localDaysBetween, localDaysSpan, localTimeOf } from '../../core/local-time.js';

const MIN = 60_000;
const NOW = Date.parse('2027-05-10T09:00:00Z');
const BERLIN = intlOffsetAt('Europe/Berlin');
const NEW_YORK = intlOffsetAt('America/New_York');

describe('approvalWindowAt', () => {
  it('closes a post lead minutes before publishing while that is still ahead', () => {
    expect(approvalWindowAt(NOW, NOW + 90 * MIN, 30)).toEqual({ deadlineMs: NOW + 60 * MIN, secondsLeft: 3600, onReject: 'normal' });
  });

  it('gives a replacement past the normal deadline until 5 minutes before publishing', () => {
    expect(approvalWindowAt(NOW, NOW + 20 * MIN, 30)).toMatchObject({ deadlineMs: NOW + 15 * MIN, onReject: 'normal' });
  });

  it('names the emergency window under 15 minutes and the skip window under 5; seconds left never go negative', () => {
    expect(approvalWindowAt(NOW, NOW + 14 * MIN, 30)).toMatchObject({ onReject: 'emergency', secondsLeft: 540 });
    expect(approvalWindowAt(NOW, NOW + 15 * MIN, 30)).toMatchObject({ onReject: 'normal' });
    expect(approvalWindowAt(NOW, NOW + 4 * MIN, 30)).toMatchObject({ onReject: 'skip', secondsLeft: 0 });
  });
});

describe('bulk refusals', () => {
  it('says an expired post missed its deadline and a decided one was decided', () => {
    expect(refusalOfStage('awaiting_approval')).toBeUndefined();
    expect(refusalOfStage('expired')?.code).toBe('deadline_passed');
    expect(refusalOfStage('approved')).toEqual({ code: 'already_decided', message: 'Nothing was done: this post was already approved.' });
  });

  it('reads a refused Update from the workflow state after it', () => {
    const waiting = { stage: 'awaiting_approval' as const, deadline: new Date(NOW - 1000).toISOString() };
    expect(refusalOfWorkflow('The approval deadline has passed.', waiting, NOW).code).toBe('deadline_passed');
    expect(refusalOfWorkflow('The author cannot approve their own post.', { ...waiting, deadline: new Date(NOW + MIN).toISOString() }, NOW)).toEqual({
      code: 'refused',
      message: 'Nothing was done: The author cannot approve their own post.',
    });
    expect(refusalOfWorkflow('x', { ...waiting, stage: 'drafted' }, NOW).code).toBe('already_decided');
  });
});

describe('local days', () => {
  it('spans 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const spring = localDaysSpan('2027-03-28', '2027-03-28', BERLIN);
    expect(new Date(spring.startMs).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect((spring.endMs - spring.startMs) / (60 * MIN)).toBe(23);
    const fall = localDaysSpan('2027-11-07', '2027-11-07', NEW_YORK);
    expect((fall.endMs - fall.startMs) / (60 * MIN)).toBe(25);
  });

  it('reads the wall-clock time on either side of a change', () => {
    expect(localTimeOf(Date.parse('2027-03-28T00:59:00Z'), BERLIN)).toBe('01:59');
    expect(localTimeOf(Date.parse('2027-03-28T01:00:00Z'), BERLIN)).toBe('03:00');
  });

  it('counts days between dates and refuses impossible ones', () => {
    expect(localDaysBetween('2027-03-01', '2027-03-31')).toBe(30);
    expect(localDaysBetween('2027-03-02', '2027-03-01')).toBe(-1);
    expect(() => localDaysBetween('2027-02-30', '2027-03-01')).toThrow('Invalid local date');
  });
});
