import { describe, expect, it } from 'vitest';
import { pushResponseSchema } from './sync.ts';

describe('the push answer', () => {
  it('[protocol] a device reads a rejection code it does not know yet (a newer server’s)', () => {
    const answer = {
      results: [
        { opId: 'a', status: 'rejected', code: 'register-closed', reason: 'Closed.' },
        { opId: 'b', status: 'rejected', code: 'a-rule-added-later', reason: 'Not allowed.' },
      ],
      serverTime: '2026-12-02T09:00:00.000Z',
    };
    expect(pushResponseSchema.parse(answer).results.map((r) => r.code)).toEqual([
      'register-closed',
      'a-rule-added-later',
    ]);
  });

  it('[protocol] a code that is not kebab-case is a malformed answer', () => {
    const answer = {
      results: [{ opId: 'a', status: 'rejected', code: 'Not A Code', reason: 'x' }],
      serverTime: '2026-12-02T09:00:00.000Z',
    };
    expect(pushResponseSchema.safeParse(answer).success).toBe(false);
  });
});
