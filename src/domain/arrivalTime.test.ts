import { describe, expect, it } from 'vitest';
import { checkArrivalTime, needsArrivalTime, type TimedMark } from './arrivalTime.ts';
import { parseHhmm } from './dates.ts';
import type { SessionTimes } from './sessionTimes.ts';

/** Seed 001's morning: opens 09:00, late from 09:15, closes 09:30, ends 12:00. */
const AM: SessionTimes = { opens: 540, lateAfter: 555, closes: 570, ends: 720 };

function minutes(hhmm: string): number {
  const parsed = parseHhmm(hhmm);
  if (!parsed.ok) throw new Error(hhmm);
  return parsed.value;
}

/** Recorded the same day at 14:00, after the morning. */
const AFTERNOON = { date: '2026-12-02', minutes: minutes('14:00') };

function mark(code: string | null, arrivedAt: string | null, more: Partial<TimedMark> = {}) {
  return {
    name: 'Amelia Jones',
    date: '2026-12-02',
    session: 'AM',
    code,
    arrivedAt,
    ...more,
  } as const;
}

const codeOf = (result: ReturnType<typeof checkArrivalTime>) =>
  result.ok ? result.value : result.error.code;

describe('checkArrivalTime (attendance-rules §1: L and U from the arrival time)', () => {
  it('[late] L and U need the time; other marks do not', () => {
    expect(needsArrivalTime('L')).toBe(true);
    expect(needsArrivalTime('U')).toBe(true);
    expect(needsArrivalTime('/')).toBe(false);
    expect(needsArrivalTime(null)).toBe(false);
    expect(checkArrivalTime(mark('L', null), AM, AFTERNOON)).toEqual({
      ok: false,
      error: {
        code: 'arrival-required',
        message: 'Give the time Amelia Jones arrived: a late mark (L) needs it.',
      },
    });
    expect(codeOf(checkArrivalTime(mark('U', null), AM, AFTERNOON))).toBe('arrival-required');
    expect(checkArrivalTime(mark('I', null), AM, AFTERNOON)).toEqual({ ok: true, value: null });
  });

  it.each(['9.25', '9:25', '24:00', '09:60', '', 'late'])(
    '[late] "%s" is not a time',
    (arrivedAt) => {
      const result = checkArrivalTime(mark('L', arrivedAt), AM, AFTERNOON);
      expect(codeOf(result)).toBe('malformed-time');
      expect(result.ok ? '' : result.error.message).toContain('for example 09:25');
    },
  );

  it.each([
    ['09:16', 'L', 16],
    ['09:30', 'L', 30],
    ['09:31', 'U', 31],
    ['12:00', 'U', 180],
  ])(
    '[late] arriving at %s is %s, %i minutes late from opening (inclusive boundaries)',
    (at, code, late) => {
      expect(checkArrivalTime(mark(code, at), AM, AFTERNOON)).toEqual({ ok: true, value: late });
    },
  );

  it('[late] an arrival the minute after the session ended earns no mark', () => {
    const result = checkArrivalTime(mark('U', '12:01'), AM, AFTERNOON);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'arrival-after-session-end',
        message:
          'Arriving at 12:01 is after the AM session ended (12:00): no mark is recorded for it, and Amelia Jones stays absent for the session.',
      },
    });
  });

  it.each([
    [
      'before the register opened',
      'L',
      '08:45',
      'Arriving at 08:45 is before the AM register opened (09:00): Amelia Jones was not late, so the mark is /, not L.',
    ],
    [
      'to late-after, by the school’s policy',
      'L',
      '09:15',
      'Arriving at 09:15 is on time for the AM register (late marks start after 09:15): the mark is /, not L.',
    ],
    [
      'after the close, as L',
      'L',
      '09:31',
      'Arriving at 09:31 is after the AM register closed (09:30): the mark is U, not L.',
    ],
    [
      'at the close, as U',
      'U',
      '09:30',
      'Arriving at 09:30 is before the AM register closed (09:30): the mark is L, not U.',
    ],
  ])('[late] an arrival %s does not give the code', (_, code, at, message) => {
    expect(checkArrivalTime(mark(code, at), AM, AFTERNOON)).toEqual({
      ok: false,
      error: { code: 'arrival-code-mismatch', message },
    });
  });

  it('[late] an afternoon arrival is judged against the afternoon’s present code', () => {
    const PM: SessionTimes = { opens: 780, lateAfter: 780, closes: 810, ends: 915 };
    const result = checkArrivalTime(mark('L', '13:00', { session: 'PM' }), PM, AFTERNOON);
    expect(result.ok ? '' : result.error.message).toContain('the mark is \\, not L');
  });

  it('[late] a time on another mark must give that mark too, as the server checks it', () => {
    expect(checkArrivalTime(mark('/', '08:55'), AM, AFTERNOON)).toEqual({ ok: true, value: null });
    expect(codeOf(checkArrivalTime(mark('I', '09:20'), AM, AFTERNOON))).toBe(
      'arrival-code-mismatch',
    );
  });

  it('[late] an arrival later than it was recorded is refused; the recording minute is not', () => {
    const at0920 = { date: '2026-12-02', minutes: minutes('09:20') };
    expect(checkArrivalTime(mark('L', '09:20'), AM, at0920)).toEqual({ ok: true, value: 20 });
    expect(checkArrivalTime(mark('L', '09:21'), AM, at0920)).toEqual({
      ok: false,
      error: {
        code: 'arrival-after-recording',
        message: 'The arrival time 09:21 is later than now (09:20).',
      },
    });
  });

  it('[late] a late mark for a day not yet come is refused; one for an earlier day is any time', () => {
    const tomorrow = mark('L', '09:20', { date: '2026-12-03' });
    expect(codeOf(checkArrivalTime(tomorrow, AM, { date: '2026-12-02', minutes: 600 }))).toBe(
      'arrival-after-recording',
    );
    const yesterday = mark('U', '11:59', { date: '2026-12-01' });
    expect(checkArrivalTime(yesterday, AM, { date: '2026-12-02', minutes: 0 })).toEqual({
      ok: true,
      value: 179,
    });
  });
});
