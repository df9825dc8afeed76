import { expect } from 'vitest';
import type { CallWindows } from '../../db/call-windows.js';

/**
 * The sliding-window rules every CallWindows implementation must keep, on a fixed clock: the
 * limit's slots are given out, then the wait until the oldest leaves the window; keys are separate.
 */
export async function expectSlidingWindowRules(windows: CallWindows, keyA: string, keyB: string) {
  const NOW = Date.parse('2026-11-22T12:00:00Z');
  const inits = windows('test:sliding-window', 2, 60_000, 'video inits per minute');
  expect(await inits.reserve(keyA, NOW)).toBe(0);
  expect(await inits.reserve(keyA, NOW + 10_000)).toBe(0);
  expect(await inits.budget(keyA, NOW + 10_000)).toEqual({ remaining: 0, limit: 2, resetAt: new Date(NOW + 60_000), scope: 'video inits per minute' });
  expect(await inits.reserve(keyA, NOW + 20_000)).toBe(40_000);
  expect(await inits.reserve(keyB, NOW + 20_000)).toBe(0);
  expect(await inits.reserve(keyA, NOW + 60_000)).toBe(0);
  expect(await inits.budget(keyA, NOW + 60_000)).toMatchObject({ remaining: 0, resetAt: new Date(NOW + 70_000) });
  expect(await inits.budget(keyB, NOW + 70_000)).toMatchObject({ remaining: 1, resetAt: new Date(NOW + 80_000) });
}
