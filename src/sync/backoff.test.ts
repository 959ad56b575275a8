import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, MAX_RETRY_AFTER_MS } from './backoff.ts';
import { betterSample, clockSample } from './clockOffset.ts';
import { takeEvents } from './events.ts';

const policy = { baseMs: 1000, capMs: 60_000 };

describe('backoffDelayMs', () => {
  it('grows the ceiling exponentially from the base up to the cap', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 6, 7, 8, 50].map((n) => backoffDelayMs(n, top, policy))).toEqual([
      999, 1999, 3999, 7999, 31_999, 59_999, 59_999, 59_999,
    ]);
  });

  it('is full jitter: any wait from 0 to the ceiling, never beyond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
          const delay = backoffDelayMs(n, () => r, policy);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it('waits at least as long as Retry-After asks, within reason', () => {
    expect(backoffDelayMs(1, () => 0, policy, 5)).toBe(5000);
    expect(backoffDelayMs(8, () => 0.99, policy, 5)).toBe(59_400);
    expect(backoffDelayMs(1, () => 0, policy, 86_400)).toBe(MAX_RETRY_AFTER_MS);
    expect(backoffDelayMs(1, () => 0.5, policy, Number.NaN)).toBe(500);
  });

  it('treats a nonsense failure count or random value as the first and the bounds', () => {
    expect(backoffDelayMs(0, () => 0.5, policy)).toBe(500);
    expect(backoffDelayMs(-3, () => 2, policy)).toBe(1000);
  });
});

describe('clock offset', () => {
  it('takes the midpoint of the round trip', () => {
    const sample = clockSample(
      '2026-12-02T09:00:00.000Z',
      Date.parse('2026-12-02T08:54:59.000Z'),
      Date.parse('2026-12-02T08:55:01.000Z'),
    );
    expect(sample).toEqual({ offsetMs: 5 * 60_000, roundTripMs: 2000 });
  });

  it('ignores a server time that is not an instant, and a clock that ran backwards', () => {
    expect(clockSample('soon', 0, 10)).toBeNull();
    expect(clockSample('2026-12-02T09:00:00.000Z', 10, 5)).toBeNull();
  });

  it('prefers the sample with the shorter round trip', () => {
    const slow = { offsetMs: 100, roundTripMs: 900 };
    const fast = { offsetMs: 40, roundTripMs: 30 };
    expect(betterSample(slow, fast)).toBe(fast);
    expect(betterSample(fast, slow)).toBe(fast);
    expect(betterSample(null, slow)).toBe(slow);
  });
});

describe('takeEvents', () => {
  it('names complete events, skips comments, and keeps an incomplete tail', () => {
    const text =
      'event: ready\ndata: {}\n\n: keepalive\n\nevent: poke\r\ndata: {}\r\n\r\ndata: x\n\nevent: po';
    expect(takeEvents(text)).toEqual({ events: ['ready', 'poke', 'message'], rest: 'event: po' });
  });
});
