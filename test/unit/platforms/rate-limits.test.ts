import { describe, expect, it } from 'vitest';
import { retryDelayFromHeaders } from '../../../activities/platforms/errors.js';
import { msUntilFree, rateLimitFromHeaders } from '../../../activities/platforms/rate-limits.js';
import { memoryCallWindows } from '../../../db/call-windows.js';
import { expectSlidingWindowRules } from '../../support/call-window-scenario.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const epoch = (ms: number) => String(Math.ceil(ms / 1000));

describe('what is left of a rate limit, from a successful answer\'s headers', () => {
  it('reads X\'s x-rate-limit window with its epoch-seconds reset', () => {
    const headers = new Headers({ 'x-rate-limit-limit': '300', 'x-rate-limit-remaining': '12', 'x-rate-limit-reset': epoch(NOW + 600_000) });
    expect(rateLimitFromHeaders(headers, NOW)).toEqual({ remaining: 12, limit: 300, resetAt: new Date(NOW + 600_000), scope: 'requests in the current rate-limit window' });
  });

  it('takes a used-up 24-hour user limit over a window with requests left', () => {
    const headers = {
      'x-rate-limit-limit': '200',
      'x-rate-limit-remaining': '150',
      'x-rate-limit-reset': epoch(NOW + 60_000),
      'x-user-limit-24hour-limit': '17',
      'x-user-limit-24hour-remaining': '0',
      'x-user-limit-24hour-reset': epoch(NOW + 5 * 3_600_000),
    };
    const budget = rateLimitFromHeaders(headers, NOW);
    expect(budget).toMatchObject({ remaining: 0, limit: 17, scope: 'requests per 24 hours' });
    expect(msUntilFree(budget, NOW)).toBe(5 * 3_600_000);
  });

  it('with nothing used up, reports the window with the least left', () => {
    const headers = { 'x-rate-limit-remaining': '9', 'x-rate-limit-reset': epoch(NOW + 60_000), 'x-app-limit-24hour-remaining': '3', 'x-app-limit-24hour-reset': epoch(NOW + 3_600_000) };
    expect(rateLimitFromHeaders(headers, NOW)).toMatchObject({ remaining: 3, scope: "Herald's app-wide requests per 24 hours" });
    expect(msUntilFree(rateLimitFromHeaders(headers, NOW), NOW)).toBeUndefined();
  });

  it('reads Meta\'s usage percentages, and the regain time once the budget is spent', () => {
    const busy = { 'x-app-usage': JSON.stringify({ call_count: 64, total_cputime: 10, total_time: 12 }) };
    expect(rateLimitFromHeaders(busy, NOW)).toMatchObject({ remaining: 36, limit: 100, resetAt: undefined });
    const spent = { 'x-business-use-case-usage': JSON.stringify({ page: [{ call_count: 100, total_cputime: 40, total_time: 40, estimated_time_to_regain_access: 12 }] }) };
    expect(msUntilFree(rateLimitFromHeaders(spent, NOW), NOW)).toBe(12 * 60_000);
  });

  it('reads nothing from an answer without rate-limit headers (or with unreadable ones)', () => {
    expect(rateLimitFromHeaders(new Headers({ 'content-type': 'application/json' }), NOW)).toBeUndefined();
    expect(rateLimitFromHeaders({ 'x-rate-limit-remaining': 'lots', 'x-app-usage': '{oops' }, NOW)).toBeUndefined();
  });

  it('a 429 waits for the used-up window, not for the 15-minute reset beside it', () => {
    const headers = { 'x-rate-limit-remaining': '40', 'x-rate-limit-reset': epoch(NOW + 60_000), 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': epoch(NOW + 7_200_000) };
    expect(retryDelayFromHeaders(headers, NOW)).toBe(7_200_000);
  });
});

describe('TikTok\'s per-minute inits, counted in the process', () => {
  it('gives out the limit\'s slots, then says how long until the oldest leaves the window', async () => {
    await expectSlidingWindowRules(memoryCallWindows, 'a', 'b');
  });
});
