import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmulatorState } from '../../../emulators/platforms/state.js';

describe('emulator rate windows pinned until full', () => {
  // Real time stands still; the emulator's clock moves only when the test moves it.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2027-01-15T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('calls however far apart fall in one window, which resets a window after the call that used it up', () => {
    const state = new EmulatorState();
    const hit = () => state.hitRateWindow('x:user', 2, 1_000, { pinnedUntilFull: true });
    expect(hit()).toMatchObject({ remaining: 1, exceeded: false });
    // Longer than the window passes before the second call (a slow publish on a loaded machine).
    state.clockOffsetMs += 5_000;
    const filled = hit();
    expect(filled).toMatchObject({ remaining: 0, exceeded: false, resetAt: state.now() + 1_000 });
    state.clockOffsetMs += 999;
    expect(hit()).toMatchObject({ remaining: 0, exceeded: true, resetAt: filled.resetAt });
    state.clockOffsetMs += 1;
    expect(hit()).toMatchObject({ remaining: 1, exceeded: false });
  });

  it('an unpinned window starts at its first call, so a slow second call finds it already reset', () => {
    const state = new EmulatorState();
    const hit = () => state.hitRateWindow('x:user', 2, 1_000);
    const first = hit();
    expect(first).toMatchObject({ remaining: 1, resetAt: state.now() + 1_000 });
    state.clockOffsetMs += 5_000;
    expect(hit()).toMatchObject({ remaining: 1, exceeded: false });
  });
});
