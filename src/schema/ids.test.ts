import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('[ids] UUID version 7 op ids', () => {
  it('has the RFC 9562 shape: version 7, variant 10', () => {
    const id = uuidv7(Date.parse('2026-11-23T08:52:00Z'), new Uint8Array(10).fill(0xff));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.slice(0, 13).replace('-', '')).toBe(
      Date.parse('2026-11-23T08:52:00Z').toString(16).padStart(12, '0'),
    );
  });

  it('orders by time: a later millisecond always sorts later, whatever the random bits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (t, dt, a, b) => uuidv7(t, a) < uuidv7(t + dt, b),
      ),
    );
  });

  it('refuses too few random bytes rather than making a weak id', () => {
    expect(() => uuidv7(0, new Uint8Array(4))).toThrow(RangeError);
  });
});
