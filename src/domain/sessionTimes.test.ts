import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from './calendar.ts';
import { formatHhmm } from './dates.ts';
import type { Result } from './result.ts';
import {
  arrivalCode,
  presentCode,
  registerStatus,
  registerStatusAt,
  resolveSessionTimes,
  sessionTimesWarnings,
  timesFor,
  type ArrivalOutcome,
  type SchoolSessionTimes,
  type SessionTimes,
  type SessionTimesInput,
} from './sessionTimes.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) throw new Error('Expected an error');
  return result.error;
}

const hm = (h: number, m: number): number => h * 60 + m;

/** Seed 001, The Lady Byron School: late from 15 minutes after opening. */
const SEED_001: SchoolSessionTimes = {
  AM: { opens: '09:00', lateAfter: '09:15', closes: '09:30', ends: '12:00' },
  PM: { opens: '13:00', lateAfter: '13:15', closes: '13:30', ends: '15:00' },
};
/** Seed 000, Causeway Green Primary: AM 08:50–09:20 (PM not stated; chosen to match). */
const SEED_000: SchoolSessionTimes = {
  AM: { opens: '08:50', closes: '09:20', ends: '12:00' },
  PM: { opens: '13:00', closes: '13:30', ends: '15:15' },
};
const seed001Am = unwrap(resolveSessionTimes(SEED_001.AM));
const seed000Am = unwrap(resolveSessionTimes(SEED_000.AM));

describe('resolveSessionTimes', () => {
  it('[session-times] seed 001 resolves to minutes since midnight', () => {
    expect(seed001Am).toEqual({
      opens: hm(9, 0),
      lateAfter: hm(9, 15),
      closes: hm(9, 30),
      ends: hm(12, 0),
    });
  });

  it('[session-times] lateAfter defaults to opens (seed 000)', () => {
    expect(seed000Am).toEqual({
      opens: hm(8, 50),
      lateAfter: hm(8, 50),
      closes: hm(9, 20),
      ends: hm(12, 0),
    });
  });

  it.each(['9:00', '24:00', '12:60', 'ab:cd', ''])(
    '[session-times] malformed time %j is refused',
    (bad) => {
      const error = errorOf(resolveSessionTimes({ opens: bad, closes: '09:20', ends: '12:00' }));
      expect(error.code).toBe('malformed-time');
      expect(error.message).toContain('the time the register opens');
    },
  );

  it.each([
    ['lateAfter', 'the time late marks start'],
    ['closes', 'the time the register closes'],
    ['ends', 'the time the session ends'],
  ] as const)('[session-times] a malformed %s is named in the message', (field, label) => {
    const input: SessionTimesInput = { ...SEED_001.AM, [field]: '9:30' };
    const error = errorOf(resolveSessionTimes(input));
    expect(error).toEqual({
      code: 'malformed-time',
      message: expect.stringContaining(label) as unknown,
    });
  });

  it.each<[string, SessionTimesInput]>([
    [
      'lateAfter before opens',
      { opens: '09:00', lateAfter: '08:59', closes: '09:30', ends: '12:00' },
    ],
    ['closes equal to opens', { opens: '09:00', closes: '09:00', ends: '12:00' }],
    ['closes before opens', { opens: '09:00', closes: '08:30', ends: '12:00' }],
    [
      'lateAfter after closes',
      { opens: '09:00', lateAfter: '09:31', closes: '09:30', ends: '12:00' },
    ],
    ['ends before closes', { opens: '09:00', closes: '09:30', ends: '09:29' }],
  ])('[session-times] out of order: %s', (_name, input) => {
    expect(errorOf(resolveSessionTimes(input)).code).toBe('times-out-of-order');
  });

  it('[session-times] the out-of-order message names both times', () => {
    const input = { opens: '09:00', lateAfter: '08:45', closes: '09:30', ends: '12:00' };
    expect(errorOf(resolveSessionTimes(input)).message).toBe(
      'Late marks cannot start (08:45) before the register opens (09:00).',
    );
  });

  it('[session-times] lateAfter = closes and closes = ends are odd but allowed', () => {
    expect(
      resolveSessionTimes({ opens: '09:00', lateAfter: '09:30', closes: '09:30', ends: '09:30' })
        .ok,
    ).toBe(true);
  });
});

describe('timesFor', () => {
  const stagger: Partial<SchoolSessionTimes> = {
    AM: { opens: '08:40', closes: '09:00', ends: '12:00' },
  };

  it('[group-override] a group override replaces the school times for that session', () => {
    expect(unwrap(timesFor(SEED_001, stagger, 'AM'))).toEqual({
      opens: hm(8, 40),
      lateAfter: hm(8, 40),
      closes: hm(9, 0),
      ends: hm(12, 0),
    });
  });

  it('[group-override] the override replaces the whole session: no lateAfter inherited from the school', () => {
    expect(unwrap(timesFor(SEED_001, stagger, 'AM')).lateAfter).toBe(hm(8, 40));
  });

  it('[group-override] a session the group does not override uses the school times', () => {
    expect(unwrap(timesFor(SEED_001, stagger, 'PM'))).toEqual(
      unwrap(resolveSessionTimes(SEED_001.PM)),
    );
  });

  it.each([null, undefined, {}])(
    '[group-override] no override (%j) uses the school times',
    (override) => {
      expect(unwrap(timesFor(SEED_001, override, 'AM'))).toEqual(seed001Am);
    },
  );

  it('[group-override] errors say whose times and which session', () => {
    const bad = { AM: { opens: '8:40', closes: '09:00', ends: '12:00' } };
    expect(errorOf(timesFor(SEED_001, bad, 'AM')).message).toMatch(/^In this group's AM session: /);
    const badSchool = { ...SEED_001, PM: { opens: '13:00', closes: '12:00', ends: '15:00' } };
    expect(errorOf(timesFor(badSchool, null, 'PM'))).toEqual({
      code: 'times-out-of-order',
      message:
        "In the school's PM session: The register must close (12:00) after it opens (13:00).",
    });
  });
});

describe('sessionTimesWarnings', () => {
  const plain = (opens: string, closes: string): SessionTimesInput => ({
    opens,
    closes,
    ends: '15:00',
  });
  const codes = (times: SchoolSessionTimes): string[] =>
    unwrap(sessionTimesWarnings(times)).map((w) => w.code);

  it('[warnings] exactly 30 minutes open, same length, late from opens: no warning', () => {
    expect(codes({ AM: plain('08:50', '09:20'), PM: plain('13:00', '13:30') })).toEqual([]);
  });

  it('[warnings] 31 minutes open warns open-too-long for that session', () => {
    const warnings = unwrap(
      sessionTimesWarnings({ AM: plain('08:50', '09:21'), PM: plain('13:00', '13:31') }),
    );
    expect(warnings.map((w) => [w.code, w.sessions])).toEqual([
      ['open-too-long', ['AM']],
      ['open-too-long', ['PM']],
    ]);
    expect(warnings[0]?.message).toBe(
      'The AM register is open for 31 minutes (08:50–09:21); the guidance says no longer than 30 minutes.',
    );
  });

  it('[warnings] AM and PM open for different lengths warns open-periods-differ (seed 002: 30 and 10)', () => {
    const warnings = unwrap(
      sessionTimesWarnings({ AM: plain('09:00', '09:30'), PM: plain('13:00', '13:10') }),
    );
    expect(warnings).toEqual([
      {
        code: 'open-periods-differ',
        sessions: ['AM', 'PM'],
        message:
          'The AM register is open for 30 minutes but the PM register for 10; the guidance says the open period should be the same for every session.',
      },
    ]);
  });

  it('[warnings] seed 001 warns late-after-not-opens for both sessions, and nothing else', () => {
    const warnings = unwrap(sessionTimesWarnings(SEED_001));
    expect(warnings.map((w) => [w.code, w.sessions])).toEqual([
      ['late-after-not-opens', ['AM']],
      ['late-after-not-opens', ['PM']],
    ]);
    expect(warnings[0]?.message).toContain(
      'late marks start at 09:15, 15 minutes after the register opens at 09:00',
    );
  });

  it('[warnings] an explicit lateAfter equal to opens gives no warning', () => {
    const input = { opens: '09:00', lateAfter: '09:00', closes: '09:30', ends: '12:00' };
    expect(codes({ AM: input, PM: plain('13:00', '13:30') })).toEqual([]);
  });

  it('[warnings] unreadable times are an error, not a warning', () => {
    expect(
      errorOf(sessionTimesWarnings({ AM: plain('9:00', '09:30'), PM: plain('13:00', '13:30') }))
        .code,
    ).toBe('malformed-time');
  });
});

describe('arrivalCode', () => {
  const code = (times: SessionTimes, session: Session, at: string): ArrivalOutcome =>
    unwrap(arrivalCode(times, session, at));

  it.each<[string, ArrivalOutcome]>([
    ['08:30', { code: '/', minutesLate: 0 }],
    ['09:00', { code: '/', minutesLate: 0 }],
    ['09:15', { code: '/', minutesLate: 0 }],
    ['09:16', { code: 'L', minutesLate: 16 }],
    ['09:30', { code: 'L', minutesLate: 30 }],
    ['09:31', { code: 'U', minutesLate: 31 }],
    ['12:00', { code: 'U', minutesLate: 180 }],
    ['12:01', { code: null, minutesLate: 0 }],
  ])('[arrival] seed 001 AM: arriving at %s', (at, expected) => {
    expect(code(seed001Am, 'AM', at)).toEqual(expected);
  });

  it('[arrival] exactly at lateAfter is present; one minute after is L, late from opens', () => {
    expect(code(seed001Am, 'AM', '09:15')).toEqual({ code: '/', minutesLate: 0 });
    expect(code(seed001Am, 'AM', '09:16')).toEqual({ code: 'L', minutesLate: 16 });
  });

  it('[arrival] exactly at closes is L; one minute after is U', () => {
    expect(code(seed000Am, 'AM', '09:20')).toEqual({ code: 'L', minutesLate: 30 });
    expect(code(seed000Am, 'AM', '09:21')).toEqual({ code: 'U', minutesLate: 31 });
  });

  it('[arrival] exactly at ends is U; one minute after gives no mark', () => {
    expect(code(seed000Am, 'AM', '12:00')).toEqual({ code: 'U', minutesLate: 190 });
    expect(code(seed000Am, 'AM', '12:01')).toEqual({ code: null, minutesLate: 0 });
  });

  it('[arrival] seed 000: exactly at opens is present, one minute after is L (late from opens)', () => {
    expect(code(seed000Am, 'AM', '08:50')).toEqual({ code: '/', minutesLate: 0 });
    expect(code(seed000Am, 'AM', '08:51')).toEqual({ code: 'L', minutesLate: 1 });
  });

  it('[arrival] the PM present code is a backslash', () => {
    const pm = unwrap(resolveSessionTimes(SEED_001.PM));
    expect(code(pm, 'PM', '13:15')).toEqual({ code: '\\', minutesLate: 0 });
    expect(code(pm, 'PM', '13:16')).toEqual({ code: 'L', minutesLate: 16 });
  });

  it.each(['9:00', '24:00', '12:60', 'ab:cd', ''])('[arrival] malformed arrival time %j', (bad) => {
    expect(errorOf(arrivalCode(seed001Am, 'AM', bad)).code).toBe('malformed-time');
  });

  it('[arrival] later arrival never gives a better code (property, any valid times)', () => {
    const rank = (o: ArrivalOutcome): number =>
      o.code === null ? 3 : o.code === 'U' ? 2 : o.code === 'L' ? 1 : 0;
    const times = fc
      .tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 1439 })))
      .map((four) => [...four].sort((a, b) => a - b))
      .filter(([opens, , closes]) => opens !== undefined && closes !== undefined && opens < closes)
      .map(([opens = 0, lateAfter = 0, closes = 0, ends = 0]) => ({
        opens,
        lateAfter,
        closes,
        ends,
      }));
    const minute = fc.integer({ min: 0, max: 1439 });
    const session = fc.constantFrom<Session>('AM', 'PM');
    fc.assert(
      fc.property(times, session, minute, minute, (t, s, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const first = code(t, s, formatHhmm(early));
        const second = code(t, s, formatHhmm(late));
        if (rank(first) > rank(second)) return false;
        return rank(first) !== rank(second) || first.minutesLate <= second.minutesLate;
      }),
    );
  });
});

describe('registerStatus', () => {
  const now = (date: string, h: number, m: number) => ({ date, minutes: hm(h, m) });
  const day = '2026-01-12';

  it.each<[string, { date: string; minutes: number }, string]>([
    ['an earlier date', now('2026-01-11', 23, 59), 'not-open'],
    ['one minute before opens', now(day, 8, 49), 'not-open'],
    ['the minute of opens', now(day, 8, 50), 'open'],
    ['the minute of closes', now(day, 9, 20), 'open'],
    ['one minute after closes', now(day, 9, 21), 'closed'],
    ['a later date, before opens', now('2026-01-13', 8, 0), 'closed'],
  ])('[register-status] seed 000, %s', (_name, nowLocal, expected) => {
    expect(registerStatus(seed000Am, day, nowLocal)).toBe(expected);
  });

  it('[register-status] the minute of closes is still open; from the next minute it is closed', () => {
    expect(registerStatus(seed000Am, day, now(day, 9, 20))).toBe('open');
    expect(registerStatus(seed000Am, day, now(day, 9, 21))).toBe('closed');
  });
});

describe('registerStatusAt', () => {
  it('[register-status] in winter 09:20Z is the last open minute, to its last millisecond', () => {
    expect(registerStatusAt(seed000Am, '2026-01-12', Date.parse('2026-01-12T08:49:59.999Z'))).toBe(
      'not-open',
    );
    expect(registerStatusAt(seed000Am, '2026-01-12', Date.parse('2026-01-12T09:20:59.999Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2026-01-12', Date.parse('2026-01-12T09:21:00.000Z'))).toBe(
      'closed',
    );
  });

  it('[dst] 2027-03-28 (Sunday, clocks go forward): 08:20Z is 09:20 BST, open; 08:21Z closed', () => {
    expect(registerStatusAt(seed000Am, '2027-03-28', Date.parse('2027-03-28T08:20:00Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2027-03-28', Date.parse('2027-03-28T08:21:00Z'))).toBe(
      'closed',
    );
  });

  it('[dst] 2027-03-29 (Monday in BST): 08:20Z is 09:20 BST, open; 08:21Z closed', () => {
    expect(registerStatusAt(seed000Am, '2027-03-29', Date.parse('2027-03-29T07:49:00Z'))).toBe(
      'not-open',
    );
    expect(registerStatusAt(seed000Am, '2027-03-29', Date.parse('2027-03-29T07:50:00Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2027-03-29', Date.parse('2027-03-29T08:20:00Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2027-03-29', Date.parse('2027-03-29T08:21:00Z'))).toBe(
      'closed',
    );
  });

  it('[dst] 2026-10-25 (Sunday, clocks go back): 09:20Z is 09:20 GMT, open; 09:21Z closed', () => {
    expect(registerStatusAt(seed000Am, '2026-10-25', Date.parse('2026-10-25T09:20:00Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2026-10-25', Date.parse('2026-10-25T09:21:00Z'))).toBe(
      'closed',
    );
  });

  it('[dst] 2026-10-26 (Monday in GMT): 09:20Z is 09:20 GMT, open; 09:21Z closed', () => {
    expect(registerStatusAt(seed000Am, '2026-10-26', Date.parse('2026-10-26T08:20:00Z'))).toBe(
      'not-open',
    );
    expect(registerStatusAt(seed000Am, '2026-10-26', Date.parse('2026-10-26T09:20:00Z'))).toBe(
      'open',
    );
    expect(registerStatusAt(seed000Am, '2026-10-26', Date.parse('2026-10-26T09:21:00Z'))).toBe(
      'closed',
    );
  });

  it('[register-status] judged by the local date: 23:30Z on a summer evening is already tomorrow', () => {
    expect(registerStatusAt(seed000Am, '2026-06-16', Date.parse('2026-06-15T23:30:00Z'))).toBe(
      'not-open',
    );
    expect(registerStatusAt(seed000Am, '2026-06-15', Date.parse('2026-06-15T23:30:00Z'))).toBe(
      'closed',
    );
  });
});

describe('presentCode', () => {
  it('[arrival] present is `/` in the morning and `\\` in the afternoon', () => {
    expect(presentCode('AM')).toBe('/');
    expect(presentCode('PM')).toBe('\\');
  });
});
