import { describe, expect, it } from 'vitest';
import { errorForStatus, retryDelayFromHeaders, transportError } from '../../../activities/platforms/errors.js';
import { regainAccessMs } from '../../../activities/platforms/graph.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('how long a platform asked us to wait', () => {
  it('reads Retry-After in seconds', () => {
    expect(retryDelayFromHeaders(new Headers({ 'retry-after': '120' }), NOW)).toBe(120_000);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(retryDelayFromHeaders(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 12:01:30 GMT' }), NOW)).toBe(90_000);
  });

  it('reads X\'s x-rate-limit-reset as epoch seconds', () => {
    expect(retryDelayFromHeaders({ 'x-rate-limit-reset': String(NOW / 1000 + 300) }, NOW)).toBe(300_000);
  });

  it('reads Meta\'s estimated_time_to_regain_access in minutes, taking the longest', () => {
    const usage = JSON.stringify({ a: [{ estimated_time_to_regain_access: 3 }], b: [{ estimated_time_to_regain_access: 7 }] });
    expect(regainAccessMs(new Headers({ 'x-business-use-case-usage': usage }))).toBe(420_000);
  });

  it('gives undefined when nothing says', () => {
    expect(retryDelayFromHeaders(new Headers(), NOW)).toBeUndefined();
  });
});

describe('HTTP status to error kind', () => {
  it('maps 429 to retryable with the delay, 401 to needs_reconnect, 5xx to retryable, other 4xx to permanent', () => {
    expect(errorForStatus('x', 429, { 'retry-after': '5' }, 'slow down')).toMatchObject({ kind: 'retryable', options: { retryAfterMs: 5_000 } });
    expect(errorForStatus('x', 401, {}, 'expired').kind).toBe('needs_reconnect');
    expect(errorForStatus('x', 502, {}, 'bad gateway').kind).toBe('retryable');
    const refused = errorForStatus('linkedin', 403, {}, 'Not enough permissions');
    expect(refused).toMatchObject({ kind: 'permanent', message: 'LinkedIn refused the request: Not enough permissions' });
  });
});

describe('a call with no answer', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } });
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

  it('is retryable when the request never left, even for a post', () => {
    expect(transportError('x', refused, true, 'the post').kind).toBe('retryable');
  });

  it('is unconfirmed for a post that was sent and lost its answer or timed out', () => {
    expect(transportError('x', reset, true, 'the post').kind).toBe('unconfirmed');
    expect(transportError('x', timeout, true, 'the post').kind).toBe('unconfirmed');
  });

  it('is retryable for a read that lost its answer', () => {
    expect(transportError('x', reset, false, 'the metrics lookup').kind).toBe('retryable');
  });
});
