import { describe, expect, it } from 'vitest';
import {
  arrivalSession,
  checkDeskMovement,
  isListedContact,
  planArrival,
  type ArrivalCase,
  type DayTimes,
  type MovementCase,
} from './desk.ts';
import { parseHhmm } from './dates.ts';
import type { MovementAt } from './movements.ts';
import { resolveSessionTimes } from './sessionTimes.ts';

function times(opens: string, closes: string, ends: string, lateAfter = opens) {
  const resolved = resolveSessionTimes({ opens, lateAfter, closes, ends });
  if (!resolved.ok) throw new Error(resolved.error.message);
  return resolved.value;
}

const SCHOOL: DayTimes = {
  AM: times('08:50', '09:20', '12:00'),
  PM: times('13:00', '13:30', '15:15'),
};

function minutes(hhmm: string): number {
  const parsed = parseHhmm(hhmm);
  if (!parsed.ok) throw new Error(hhmm);
  return parsed.value;
}

function arrival(arrivedAt: string, now: string, change: Partial<ArrivalCase> = {}): ArrivalCase {
  return {
    name: 'Amelia Jones',
    arrivedAt,
    nowMinutes: minutes(now),
    times: SCHOOL,
    schoolSessions: ['AM', 'PM'],
    isOnRoll: true,
    marks: { AM: null, PM: null },
    movements: [],
    ...change,
  };
}

const out = (at: string): MovementAt => ({ direction: 'out', at });
const back = (at: string): MovementAt => ({ direction: 'in', at });

describe('planArrival: the code the desk will write', () => {
  it('[arrival] 09:12 is L, 22 minutes late from the 08:50 opening', () => {
    expect(planArrival(arrival('09:12', '09:12'))).toEqual({
      ok: true,
      value: { kind: 'late', session: 'AM', code: 'L', minutesLate: 22, closes: '09:20' },
    });
  });

  it('[arrival] the close minute is L (inclusive), the next minute U', () => {
    const atClose = planArrival(arrival('09:20', '09:30'));
    expect(atClose.ok && atClose.value.kind === 'late' && atClose.value.code).toBe('L');
    const after = planArrival(arrival('09:21', '09:30'));
    expect(after.ok && after.value).toEqual({
      kind: 'late',
      session: 'AM',
      code: 'U',
      minutesLate: 31,
      closes: '09:20',
    });
  });

  it('[arrival] the session end minute is still U; the PM register has its own times', () => {
    const atEnd = planArrival(arrival('12:00', '12:00'));
    expect(atEnd.ok && atEnd.value.kind === 'late' && atEnd.value.code).toBe('U');
    const afternoon = planArrival(arrival('13:31', '13:45'));
    expect(afternoon.ok && afternoon.value).toMatchObject({
      session: 'PM',
      code: 'U',
      minutesLate: 31,
    });
  });

  it('[arrival] a group with its own times is judged by them (per-group close)', () => {
    const staggered: DayTimes = { ...SCHOOL, AM: times('08:40', '09:05', '12:00') };
    const plan = planArrival(arrival('09:12', '09:12', { times: staggered }));
    expect(plan.ok && plan.value).toMatchObject({ code: 'U', minutesLate: 32, closes: '09:05' });
  });

  it('[arrival] at or before lateAfter the pupil is on time: the teacher marks them while open', () => {
    const lenient: DayTimes = { ...SCHOOL, AM: times('09:00', '09:30', '12:00', '09:15') };
    const open = planArrival(arrival('09:15', '09:16', { times: lenient }));
    expect(open.ok && open.value).toEqual({
      kind: 'on-time',
      session: 'AM',
      code: '/',
      isRegisterOpen: true,
      closes: '09:30',
    });
    const closedSince = planArrival(arrival('09:15', '09:31', { times: lenient }));
    expect(
      closedSince.ok && closedSince.value.kind === 'on-time' && closedSince.value.isRegisterOpen,
    ).toBe(false);
    const late = planArrival(arrival('09:16', '09:16', { times: lenient }));
    expect(late.ok && late.value).toMatchObject({ code: 'L', minutesLate: 16 });
  });

  it('[arrival] the opening minute itself is not late', () => {
    const plan = planArrival(arrival('08:50', '08:55'));
    expect(plan.ok && plan.value).toMatchObject({
      kind: 'on-time',
      code: '/',
      isRegisterOpen: true,
    });
  });
});

describe('planArrival: what the desk refuses', () => {
  const refusal = (c: ArrivalCase) => {
    const plan = planArrival(c);
    return plan.ok ? null : plan.error.code;
  };

  it('[arrival] a time later than now is refused; now itself is allowed', () => {
    expect(refusal(arrival('09:13', '09:12'))).toBe('time-in-future');
    expect(refusal(arrival('09:12', '09:12'))).toBeNull();
  });

  it('[arrival] before the morning register opens, between sessions, after the day', () => {
    expect(refusal(arrival('08:49', '09:00'))).toBe('before-session-opens');
    expect(refusal(arrival('12:01', '12:30'))).toBe('between-sessions');
    expect(refusal(arrival('12:59', '13:00'))).toBe('between-sessions');
    expect(refusal(arrival('15:16', '15:30'))).toBe('after-school-day');
  });

  it('[arrival] a malformed time, a closed session, a pupil not on roll', () => {
    expect(refusal(arrival('9.12', '09:12'))).toBe('malformed-time');
    expect(refusal(arrival('09:12', '09:12', { schoolSessions: ['PM'] }))).toBe(
      'not-a-school-session',
    );
    expect(refusal(arrival('09:12', '09:12', { isOnRoll: false }))).toBe('not-on-roll');
  });

  it('[arrival] a pupil signed out at the time comes back by signing back in', () => {
    const movements = [out('09:00')];
    expect(refusal(arrival('09:12', '09:12', { movements }))).toBe('signed-out');
    const returned = [out('09:00'), back('09:05')];
    expect(refusal(arrival('09:12', '09:12', { movements: returned }))).toBeNull();
  });

  it('[arrival] a pupil already present or late for the session is not signed in again', () => {
    for (const code of ['/', 'L', 'U'])
      expect(refusal(arrival('09:12', '09:12', { marks: { AM: code, PM: null } }))).toBe(
        'already-on-site',
      );
    // An N (or an absence the office recorded) is what a late arrival replaces.
    expect(refusal(arrival('09:12', '09:12', { marks: { AM: 'N', PM: null } }))).toBeNull();
  });

  it('[arrival] the refusal names the pupil and the times', () => {
    const plan = planArrival(arrival('09:40', '09:31'));
    expect(plan.ok ? '' : plan.error.message).toBe(
      '09:40 is later than now (09:31): an arrival is signed in once it has happened.',
    );
  });
});

describe('arrivalSession', () => {
  it('[arrival] the morning until the afternoon register opens', () => {
    expect(arrivalSession(SCHOOL, minutes('12:59'))).toBe('AM');
    expect(arrivalSession(SCHOOL, minutes('13:00'))).toBe('PM');
  });
});

describe('checkDeskMovement', () => {
  const move = (direction: 'in' | 'out', at: string, change: Partial<MovementCase> = {}) =>
    checkDeskMovement({
      name: 'Noah Khan',
      direction,
      at,
      nowMinutes: minutes('13:45'),
      isSchoolDay: true,
      isOnRoll: true,
      movements: [],
      ...change,
    });
  const code = (result: ReturnType<typeof move>) => (result.ok ? null : result.error.code);

  it('[movement] signs out at or before now, and back in only when out', () => {
    expect(code(move('out', '13:40'))).toBeNull();
    expect(code(move('out', '13:45'))).toBeNull();
    expect(code(move('out', '13:46'))).toBe('time-in-future');
    expect(code(move('in', '13:45', { movements: [out('13:40')] }))).toBeNull();
    expect(code(move('in', '13:45'))).toBe('not-signed-out');
    expect(code(move('in', '13:39', { movements: [out('13:40')] }))).toBe('not-signed-out');
  });

  it('[movement] a pupil already signed out is not signed out again', () => {
    const result = move('out', '13:44', { movements: [out('13:40')] });
    expect(result.ok ? null : result.error).toEqual({
      code: 'already-signed-out',
      message: 'Noah Khan is already signed out at 13:44: sign them back in first.',
    });
    expect(code(move('out', '13:44', { movements: [out('10:00'), back('11:00')] }))).toBeNull();
  });

  it('[movement] not on roll, not a school day, a malformed time', () => {
    expect(code(move('out', '13:40', { isOnRoll: false }))).toBe('not-on-roll');
    expect(code(move('out', '13:40', { isSchoolDay: false }))).toBe('not-a-school-session');
    expect(code(move('out', '1340'))).toBe('malformed-time');
  });
});

describe('isListedContact', () => {
  const contacts = [{ name: 'Priya Khan' }, { name: 'Sam Khan' }];
  it('[collect] any listed contact, compared ignoring case, spaces and full stops', () => {
    expect(isListedContact(contacts, 'priya  khan')).toBe(true);
    expect(isListedContact(contacts, 'Sam Khan.')).toBe(true);
    expect(isListedContact(contacts, 'Aunt Jo')).toBe(false);
    expect(isListedContact(contacts, '')).toBe(false);
  });
});
