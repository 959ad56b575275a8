import { describe, expect, it } from 'vitest';
import { takesRegister, type Author } from './people.ts';
import {
  callRights,
  isRegisterBound,
  markRights,
  movementRights,
  movementRole,
  registerRights,
  type CallMoment,
  type CallWrite,
  type MarkMoment,
  type MarkWrite,
  type Rights,
} from './rights.ts';

const TODAY = '2026-11-23';
const teacher: Author = { role: 'teacher', groups: ['g3b'] };
const reception: Author = { role: 'reception', groups: [] };
const office: Author = { role: 'office', groups: [] };
const admin: Author = { role: 'admin', groups: [] };

const mark = (change: Partial<MarkWrite> = {}): MarkWrite => ({
  pupil: { groupId: 'g3b', name: 'Sam Example' },
  date: TODAY,
  session: 'AM',
  code: '/',
  source: 'register',
  arrivedAt: null,
  hasReason: false,
  ...change,
});

const moment = (change: Partial<MarkMoment> = {}): MarkMoment => ({
  recordedOn: TODAY,
  today: TODAY,
  status: 'open',
  cellHasMark: false,
  ...change,
});

/** The refusal's code, or `ok`. */
const codeOf = (rights: Rights): string => (rights.ok ? 'ok' : rights.error.code);

describe('markRights: a teacher', () => {
  it('[rights] present, N and a clear while the register is open, AM and PM', () => {
    for (const code of ['/', 'N', null])
      expect(codeOf(markRights(teacher, mark({ code }), moment()))).toBe('ok');
    expect(codeOf(markRights(teacher, mark({ session: 'PM', code: '\\' }), moment()))).toBe('ok');
  });

  it('[rights] the other session’s present mark, or any office code, is code-not-allowed', () => {
    const wrongPresent = markRights(teacher, mark({ session: 'PM', code: '/' }), moment());
    expect(wrongPresent).toEqual({
      ok: false,
      error: {
        code: 'code-not-allowed',
        message: 'Teachers record present, absent or late; / is for the office.',
      },
    });
    expect(codeOf(markRights(teacher, mark({ code: 'I' }), moment()))).toBe('code-not-allowed');
    expect(codeOf(markRights(teacher, mark({ code: 'L' }), moment()))).toBe('code-not-allowed');
  });

  it('[rights] only from the register, and only for pupils of their own groups', () => {
    expect(markRights(teacher, mark({ source: 'office' }), moment())).toEqual({
      ok: false,
      error: { code: 'wrong-source', message: 'A teacher’s marks come from the register.' },
    });
    expect(
      markRights(teacher, mark({ pupil: { groupId: 'g4h', name: 'Ali Cole' } }), moment()),
    ).toEqual({
      ok: false,
      error: {
        code: 'not-your-group',
        message: 'Ali Cole is not in a group you take the register for.',
      },
    });
  });

  it('[rights] only on the day itself, judged at recording: a day before or after is not-today', () => {
    expect(codeOf(markRights(teacher, mark(), moment({ recordedOn: '2026-11-22' })))).toBe(
      'not-today',
    );
    expect(codeOf(markRights(teacher, mark(), moment({ recordedOn: '2026-11-24' })))).toBe(
      'not-today',
    );
    // Synced a day later, recorded on the day: the server's today does not matter.
    expect(codeOf(markRights(teacher, mark(), moment({ today: '2026-11-24' })))).toBe('ok');
  });

  it('[rights] before the register opens nothing, a late arrival included', () => {
    const notOpen = moment({ status: 'not-open' });
    expect(markRights(teacher, mark(), notOpen)).toEqual({
      ok: false,
      error: { code: 'register-not-open', message: 'The AM register is not open yet.' },
    });
    expect(codeOf(markRights(teacher, mark({ code: 'L', arrivedAt: '09:00' }), notOpen))).toBe(
      'register-not-open',
    );
  });

  it('[rights] after the close only a late arrival; present, N and a clear are register-closed', () => {
    const closed = moment({ status: 'closed' });
    for (const code of ['/', 'N', null])
      expect(codeOf(markRights(teacher, mark({ code }), closed))).toBe('register-closed');
    expect(markRights(teacher, mark({ session: 'PM', code: '\\' }), closed)).toEqual({
      ok: false,
      error: {
        code: 'register-closed',
        message:
          'The PM register has closed: only a late arrival can be recorded now; anything else goes to the office.',
      },
    });
    expect(codeOf(markRights(teacher, mark({ code: 'U', arrivedAt: '09:25' }), closed))).toBe('ok');
  });

  it('[rights] an arrival’s code is not judged here (the arrival rule checks it)', () => {
    expect(codeOf(markRights(teacher, mark({ code: 'I', arrivedAt: '09:00' }), moment()))).toBe(
      'ok',
    );
  });

  it('[rights] checks come in order: source, group, day, opening, code, close', () => {
    const everythingWrong = mark({
      source: 'office',
      pupil: { groupId: 'g4h', name: 'A B' },
      code: 'I',
    });
    const when = moment({ recordedOn: '2026-11-22', status: 'not-open' });
    expect(codeOf(markRights(teacher, everythingWrong, when))).toBe('wrong-source');
    expect(codeOf(markRights(teacher, { ...everythingWrong, source: 'register' }, when))).toBe(
      'not-your-group',
    );
    expect(codeOf(markRights(teacher, mark({ code: 'I' }), when))).toBe('not-today');
    expect(codeOf(markRights(teacher, mark({ code: 'I' }), moment({ status: 'not-open' })))).toBe(
      'register-not-open',
    );
    expect(codeOf(markRights(teacher, mark({ code: 'I' }), moment({ status: 'closed' })))).toBe(
      'code-not-allowed',
    );
  });
});

describe('markRights: reception', () => {
  const arrival = (change: Partial<MarkWrite> = {}) =>
    mark({ source: 'reception', code: 'L', arrivedAt: '09:05', ...change });

  it('[rights] arrivals of any pupil today, open or closed', () => {
    const otherGroup = arrival({ pupil: { groupId: 'g4h', name: 'Ali Cole' } });
    expect(codeOf(markRights(reception, otherGroup, moment()))).toBe('ok');
    expect(
      codeOf(markRights(reception, arrival({ code: 'U' }), moment({ status: 'closed' }))),
    ).toBe('ok');
  });

  it('[rights] from the desk only, today only, and always with an arrival time', () => {
    expect(codeOf(markRights(reception, arrival({ source: 'register' }), moment()))).toBe(
      'wrong-source',
    );
    expect(markRights(reception, arrival(), moment({ recordedOn: '2026-11-22' }))).toEqual({
      ok: false,
      error: { code: 'not-today', message: 'Reception can only sign pupils in today.' },
    });
    expect(markRights(reception, arrival({ code: 'N', arrivedAt: null }), moment())).toEqual({
      ok: false,
      error: {
        code: 'arrival-required',
        message: 'Reception records arrivals: give the time the pupil arrived.',
      },
    });
  });
});

describe('markRights: the office and admin', () => {
  const amend = (change: Partial<MarkWrite> = {}) =>
    mark({ source: 'office', code: 'I', ...change });

  it('[rights] any code on any date of the school year holding today, 1 August to 31 July', () => {
    for (const author of [office, admin]) {
      const when = moment({ today: '2027-07-31', recordedOn: '2027-07-31' });
      expect(codeOf(markRights(author, amend({ date: '2026-08-01' }), when))).toBe('ok');
      expect(codeOf(markRights(author, amend({ date: '2027-07-31' }), when))).toBe('ok');
      expect(markRights(author, amend({ date: '2026-07-31' }), when)).toEqual({
        ok: false,
        error: {
          code: 'outside-school-year',
          message: '2026-07-31 is not in the current school year.',
        },
      });
      expect(codeOf(markRights(author, amend({ date: '2027-08-01' }), when))).toBe(
        'outside-school-year',
      );
    }
  });

  it('[rights] the school year is the server’s today, not the day it was recorded', () => {
    const lateSync = moment({ recordedOn: '2027-07-31', today: '2027-08-01' });
    expect(codeOf(markRights(office, amend({ date: '2027-07-30' }), lateSync))).toBe(
      'outside-school-year',
    );
  });

  it('[rights] never a clear; source office only; no register times apply', () => {
    expect(codeOf(markRights(office, amend({ code: null }), moment()))).toBe('code-not-allowed');
    expect(codeOf(markRights(office, amend({ source: 'register' }), moment()))).toBe(
      'wrong-source',
    );
    expect(codeOf(markRights(office, amend(), moment({ status: 'not-open' })))).toBe('ok');
    expect(codeOf(markRights(office, amend(), moment({ status: 'closed' })))).toBe('ok');
  });

  it('[rights] a reason whenever the cell already has a mark, N → O included; none for a blank cell', () => {
    expect(codeOf(markRights(office, amend({ code: 'O' }), moment({ cellHasMark: false })))).toBe(
      'ok',
    );
    expect(markRights(office, amend({ code: 'O' }), moment({ cellHasMark: true }))).toEqual({
      ok: false,
      error: {
        code: 'reason-required',
        message: 'Give a reason for changing a mark that is already recorded.',
      },
    });
    expect(
      codeOf(
        markRights(office, amend({ code: 'O', hasReason: true }), moment({ cellHasMark: true })),
      ),
    ).toBe('ok');
  });
});

describe('movement rights', () => {
  it('[rights] teachers never sign pupils in or out; everyone else may', () => {
    expect(movementRole('teacher')).toEqual({
      ok: false,
      error: {
        code: 'not-allowed',
        message: 'Signing pupils in and out is done at reception or by the office.',
      },
    });
    for (const role of ['reception', 'office', 'admin'] as const)
      expect(codeOf(movementRole(role))).toBe('ok');
    expect(codeOf(movementRights(teacher, TODAY, { recordedOn: TODAY, today: TODAY }))).toBe(
      'not-allowed',
    );
  });

  it('[rights] reception today only; the office and admin any date', () => {
    const onTheDay = { recordedOn: TODAY, today: TODAY };
    expect(movementRights(reception, '2026-11-22', onTheDay)).toEqual({
      ok: false,
      error: { code: 'not-today', message: 'Reception can only sign pupils in or out today.' },
    });
    expect(codeOf(movementRights(reception, TODAY, onTheDay))).toBe('ok');
    for (const author of [office, admin])
      expect(codeOf(movementRights(author, '2020-01-06', onTheDay))).toBe('ok');
  });
});

describe('isRegisterBound', () => {
  it('[rights] teachers’ and reception’s marks are judged against the open register', () => {
    expect(isRegisterBound('teacher')).toBe(true);
    expect(isRegisterBound('reception')).toBe(true);
    expect(isRegisterBound('office')).toBe(false);
    expect(isRegisterBound('admin')).toBe(false);
  });
});

describe('registerRights and takesRegister', () => {
  it('[rights] the register’s own rule: the teacher’s rights without the who', () => {
    const at = (status: 'not-open' | 'open' | 'closed', recordedOn = TODAY) => ({
      status,
      recordedOn,
    });
    const present = { date: TODAY, session: 'AM' as const, code: '/', arrivedAt: null };
    expect(codeOf(registerRights(present, at('open')))).toBe('ok');
    expect(codeOf(registerRights(present, at('not-open')))).toBe('register-not-open');
    expect(codeOf(registerRights(present, at('closed')))).toBe('register-closed');
    expect(codeOf(registerRights(present, at('open', '2026-11-24')))).toBe('not-today');
    expect(codeOf(registerRights({ ...present, code: 'M' }, at('open')))).toBe('code-not-allowed');
    const late = { ...present, code: 'U', arrivedAt: '09:25' };
    expect(codeOf(registerRights(late, at('closed')))).toBe('ok');
  });

  it('[rights] a teacher takes the registers of the groups on their record, nobody else does', () => {
    expect(takesRegister(teacher, 'g3b')).toBe(true);
    expect(takesRegister(teacher, 'g4h')).toBe(false);
    expect(takesRegister({ role: 'office', groups: ['g3b'] }, 'g3b')).toBe(false);
  });
});

describe('markRights: who reported an absence', () => {
  const reported = (change: Partial<MarkWrite>) => mark({ hasReportedBy: true, ...change });

  it('[reported-by] the office and admin may name who reported an absence', () => {
    for (const author of [office, admin])
      expect(codeOf(markRights(author, reported({ source: 'office', code: 'I' }), moment()))).toBe(
        'ok',
      );
  });

  it('[reported-by] a mark from the register or the desk naming one is reported-by-not-allowed', () => {
    const fromRegister = markRights(teacher, reported({ code: 'N' }), moment());
    expect(fromRegister).toEqual({
      ok: false,
      error: {
        code: 'reported-by-not-allowed',
        message:
          'Only the office records who reported an absence; send this mark without that name.',
      },
    });
    const fromDesk = reported({ source: 'reception', code: 'L', arrivedAt: '09:00' });
    expect(codeOf(markRights(reception, fromDesk, moment()))).toBe('reported-by-not-allowed');
    // Whoever sends it: the office's own mark with the register's source is refused the same way.
    expect(codeOf(markRights(office, reported({ source: 'register' }), moment()))).toBe(
      'reported-by-not-allowed',
    );
  });

  it('[reported-by] a teacher claiming the office source is still wrong-source', () => {
    expect(codeOf(markRights(teacher, reported({ source: 'office' }), moment()))).toBe(
      'wrong-source',
    );
  });

  it('[reason] an office change of a marked cell with a blank reason (none) is reason-required', () => {
    // The protocol trims a reason of only spaces to nothing: hasReason is false.
    const blank = mark({ source: 'office', code: 'I', hasReason: false, hasReportedBy: true });
    expect(markRights(office, blank, moment({ cellHasMark: true }))).toEqual({
      ok: false,
      error: {
        code: 'reason-required',
        message: 'Give a reason for changing a mark that is already recorded.',
      },
    });
  });
});

describe('callRights', () => {
  const call = (change: Partial<CallWrite> = {}): CallWrite => ({
    date: TODAY,
    at: '09:30',
    ...change,
  });
  const when = (change: Partial<CallMoment> = {}): CallMoment => ({
    recordedOn: TODAY,
    today: TODAY,
    recordedTime: '09:35',
    ...change,
  });

  it('[call] the office and admin log calls; teachers and reception are not-allowed', () => {
    expect(codeOf(callRights(office, call(), when()))).toBe('ok');
    expect(codeOf(callRights(admin, call(), when()))).toBe('ok');
    for (const author of [teacher, reception])
      expect(callRights(author, call(), when())).toEqual({
        ok: false,
        error: { code: 'not-allowed', message: 'Calls to families are logged by the office.' },
      });
  });

  it('[call] any earlier date of the current school year, 1 August to 31 July', () => {
    for (const date of ['2026-08-01', '2026-11-20'])
      expect(codeOf(callRights(office, call({ date }), when())), date).toBe('ok');
    expect(codeOf(callRights(office, call({ date: '2026-07-31' }), when()))).toBe(
      'outside-school-year',
    );
    // The school year is the server's today's, as for the office's marks.
    const lastYear = when({ recordedOn: '2026-07-31', today: '2026-08-03' });
    expect(codeOf(callRights(office, call({ date: '2026-07-31' }), lastYear))).toBe(
      'outside-school-year',
    );
  });

  it('[call] never for a day after the one it was recorded on', () => {
    const tomorrow = callRights(office, call({ date: '2026-11-24', at: '08:00' }), when());
    expect(tomorrow).toEqual({
      ok: false,
      error: {
        code: 'call-after-recording',
        message:
          'A call cannot be logged for 2026-11-24, a day after it was recorded (2026-11-23).',
      },
    });
  });

  it('[call] on the day it was recorded, the call time may be up to the minute recorded, not after', () => {
    expect(codeOf(callRights(office, call({ at: '09:35' }), when()))).toBe('ok');
    expect(callRights(office, call({ at: '09:36' }), when())).toEqual({
      ok: false,
      error: {
        code: 'call-after-recording',
        message: 'The call time 09:36 is later than when it was recorded (09:35).',
      },
    });
    // An earlier day's call was made at any time of that day.
    expect(codeOf(callRights(office, call({ date: '2026-11-20', at: '16:00' }), when()))).toBe(
      'ok',
    );
  });
});
