import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Countdown } from '../../web/src/features/approvals/components/countdown.js';

describe('the approval countdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-03T09:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('counts down in the user zone, turns urgent under 15 minutes and says when approval closed', () => {
    render(<Countdown deadline="2026-12-03T09:16:00Z" timeZone="Europe/Berlin" />);
    const countdown = screen.getByTestId('countdown');
    expect(countdown.className).toContain('open');
    expect(countdown.textContent).toContain('Approve within');
    expect(countdown.textContent).toContain('10:16');

    act(() => vi.advanceTimersByTime(2 * 60_000));
    expect(countdown.className).toContain('urgent');

    act(() => vi.advanceTimersByTime(15 * 60_000));
    expect(countdown.className).toContain('closed');
    expect(countdown.textContent).toContain('Approval closed at');
  });
});
