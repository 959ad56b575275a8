import { describe, expect, it } from 'vitest';
import { isSignedOutAt, type MovementAt } from './movements.ts';

const out = (at: string): MovementAt => ({ direction: 'out', at });
const back = (at: string): MovementAt => ({ direction: 'in', at });

describe('isSignedOutAt', () => {
  it('[movement] nobody is signed out without a movement', () => {
    expect(isSignedOutAt([], '13:00')).toBe(false);
  });

  it('[movement] signed out from the minute of the sign-out, inclusive, until the return', () => {
    const day = [out('13:40'), back('14:35')];
    expect(isSignedOutAt(day, '13:39')).toBe(false);
    expect(isSignedOutAt(day, '13:40')).toBe(true);
    expect(isSignedOutAt(day, '14:34')).toBe(true);
    expect(isSignedOutAt(day, '14:35')).toBe(false);
  });

  it('[movement] the order given does not matter, only the times', () => {
    expect(isSignedOutAt([back('14:35'), out('13:40')], '14:00')).toBe(true);
    expect(isSignedOutAt([back('14:35'), out('13:40')], '15:00')).toBe(false);
  });

  it('[movement] a late arrival signed in is on site; out again later is not', () => {
    expect(isSignedOutAt([back('09:31')], '13:00')).toBe(false);
    expect(isSignedOutAt([back('09:31'), out('11:50')], '13:00')).toBe(true);
  });

  it('[movement] out and back in the same minute, in server order, leaves the pupil on site', () => {
    expect(isSignedOutAt([out('12:10'), back('12:10')], '12:10')).toBe(false);
    expect(isSignedOutAt([back('12:10'), out('12:10')], '12:10')).toBe(true);
  });
});
