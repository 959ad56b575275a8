import { describe, expect, it } from 'vitest';
import { buildCalendar, type SchoolCalendar, type Session } from './calendar.ts';
import { fromSchoolTime } from './clock.ts';
import {
  markedBeforeClose,
  closeOpId,
  planClose,
  registersClosedBetween,
  type CellHead,
  type ClosingSchool,
  type DueRegister,
  type RollPupil,
} from './closeRule.ts';
import { resolveSessionTimes, type SessionTimes } from './sessionTimes.ts';

function calendar(): SchoolCalendar {
  const built = buildCalendar({
    terms: [{ name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' }],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#' }],
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

function times(opens: string, closes: string, ends: string): SessionTimes {
  const resolved = resolveSessionTimes({ opens, closes, ends });
  if (!resolved.ok) throw new Error(resolved.error.message);
  return resolved.value;
}

const AM = times('08:50', '09:20', '12:00');
const PM = times('13:00', '13:30', '15:15');
/** 4H's morning register closes later than the school's. */
const LATE_AM = times('09:00', '09:40', '12:00');

const school = (change: Partial<ClosingSchool> = {}): ClosingSchool => ({
  calendar: calendar(),
  liveFrom: '2026-11-23',
  timeZone: 'Europe/London',
  groupIds: ['g3b', 'g4h'],
  timesOf: (groupId, session) => (session === 'PM' ? PM : groupId === 'g4h' ? LATE_AM : AM),
  ...change,
});

/** An instant on the school's clock (November: GMT). */
function at(date: string, time: string): number {
  const instant = fromSchoolTime(date, time);
  if (!instant.ok) throw new Error(instant.error.message);
  return instant.value;
}

const due = (registers: readonly DueRegister[]) =>
  registers.map((r) => `${r.date} ${r.session} ${r.groupId}`);

describe('registersClosedBetween', () => {
  it('[close] a register is due from the end of its closing minute, which is still open', () => {
    const monday = '2026-11-23';
    expect(due(registersClosedBetween(school(), 0, at(monday, '09:20') + 59_999))).toEqual([]);
    const closed = registersClosedBetween(school(), 0, at(monday, '09:21'));
    expect(due(closed)).toEqual(['2026-11-23 AM g3b']);
    expect(closed[0]?.closedAt).toBe(at(monday, '09:21'));
  });

  it('[close] the window is (after, now]: a register closed at `after` is not due again', () => {
    const after = at('2026-11-23', '09:21');
    expect(due(registersClosedBetween(school(), after, at('2026-11-23', '09:41')))).toEqual([
      '2026-11-23 AM g4h',
    ]);
    expect(registersClosedBetween(school(), after, after)).toEqual([]);
  });

  it('[close] each group by its own times, oldest close first, and the PM after both', () => {
    const all = registersClosedBetween(school(), 0, at('2026-11-23', '16:00'));
    expect(due(all)).toEqual([
      '2026-11-23 AM g3b',
      '2026-11-23 AM g4h',
      '2026-11-23 PM g3b',
      '2026-11-23 PM g4h',
    ]);
  });

  it('[close] never before liveFrom, whatever `after` says; catches up on every day since', () => {
    const fromStart = registersClosedBetween(school(), 0, at('2026-11-24', '09:21'));
    expect(due(fromStart)[0]).toBe('2026-11-23 AM g3b');
    expect(fromStart).toHaveLength(5);
    const early = registersClosedBetween(
      school(),
      at('2026-11-02', '08:00'),
      at('2026-11-23', '09:21'),
    );
    expect(due(early)).toEqual(['2026-11-23 AM g3b']);
  });

  it('[close] weekends and closure days have no registers to close', () => {
    const friday = at('2026-11-27', '08:00');
    expect(registersClosedBetween(school(), friday, at('2026-11-29', '23:59'))).toEqual([]);
  });

  it('[close] a group whose times cannot be read is passed over, the others still close', () => {
    const unreadable = school({ timesOf: (groupId) => (groupId === 'g4h' ? null : AM) });
    expect(due(registersClosedBetween(unreadable, 0, at('2026-11-23', '12:00')))).toEqual([
      '2026-11-23 AM g3b',
      '2026-11-23 PM g3b',
    ]);
  });
});

const register = (groupId: string, session: Session = 'AM'): DueRegister => ({
  groupId,
  date: '2026-11-23',
  session,
  closedAt: at('2026-11-23', session === 'AM' ? '09:21' : '13:31'),
});

const pupil = (id: string, groupId: string, change: Partial<RollPupil> = {}): RollPupil => ({
  id,
  groupId,
  admissionDate: '2026-09-02',
  leavingDate: null,
  ...change,
});

const BLANK: CellHead = { code: null, headOpId: null };

/** Cells by `pupilId session`; any other is blank. */
const cells =
  (marked: Record<string, CellHead>) => (pupilId: string, _date: string, session: Session) =>
    marked[`${pupilId} ${session}`] ?? BLANK;

describe('planClose', () => {
  const pupils = [pupil('p1', 'g3b'), pupil('p2', 'g3b'), pupil('p3', 'g3b'), pupil('p5', 'g4h')];

  it('[close] blank cells of pupils on roll get N; a marked cell is left alone', () => {
    const plan = planClose(
      [register('g3b')],
      pupils,
      cells({ 'p1 AM': { code: '/', headOpId: 'a1' } }),
    );
    expect(plan.blanks.map((b) => [b.pupilId, b.basedOn])).toEqual([
      ['p2', null],
      ['p3', null],
    ]);
    expect(plan.registers).toEqual([{ register: register('g3b'), taken: false }]);
  });

  it('[close] a cleared cell counts as blank, and its N is based on the clear', () => {
    const plan = planClose(
      [register('g3b')],
      pupils,
      cells({
        'p1 AM': { code: '/', headOpId: 'a1' },
        'p2 AM': { code: null, headOpId: 'clear-2' },
        'p3 AM': { code: '/', headOpId: 'a3' },
      }),
    );
    expect(plan.blanks).toEqual([{ register: register('g3b'), pupilId: 'p2', basedOn: 'clear-2' }]);
  });

  it('[close] an absence the office recorded in advance, or any other mark, is not overwritten', () => {
    const plan = planClose(
      [register('g3b')],
      pupils,
      cells({
        'p1 AM': { code: 'M', headOpId: 'office-1' },
        'p2 AM': { code: 'N', headOpId: 'n-2' },
        'p3 AM': { code: 'L', headOpId: 'l-3' },
      }),
    );
    expect(plan.blanks).toEqual([]);
    expect(plan.registers[0]?.taken).toBe(true);
  });

  it('[close] pupils not yet admitted or already left, and other groups, are not on this register', () => {
    const roll = [
      pupil('p1', 'g3b', { admissionDate: '2026-11-24' }),
      pupil('p2', 'g3b', { leavingDate: '2026-11-22' }),
      pupil('p3', 'g3b', { admissionDate: '2026-11-23', leavingDate: '2026-11-23' }),
      pupil('p5', 'g4h'),
    ];
    const plan = planClose([register('g3b')], roll, cells({}));
    expect(plan.blanks.map((b) => b.pupilId)).toEqual(['p3']);
  });

  it('[close] a register with nobody on roll is not taken, and writes nothing', () => {
    const plan = planClose([register('g9z')], pupils, cells({}));
    expect(plan).toEqual({ registers: [{ register: register('g9z'), taken: false }], blanks: [] });
  });

  it('[close] blanks come in the order of the registers, then of the pupils', () => {
    const plan = planClose(
      [register('g4h'), register('g3b'), register('g3b', 'PM')],
      pupils,
      cells({ 'p1 AM': { code: '/', headOpId: 'a1' }, 'p2 PM': { code: '\\', headOpId: 'b2' } }),
    );
    expect(plan.blanks.map((b) => `${b.register.session} ${b.pupilId}`)).toEqual([
      'AM p5',
      'AM p2',
      'AM p3',
      'PM p1',
      'PM p3',
    ]);
    expect(plan.registers.map((r) => r.taken)).toEqual([false, false, false]);
  });
});

describe('closeOpId', () => {
  it('[close] one id per cell, so the same N can never be written twice', () => {
    expect(closeOpId('p1', '2026-11-23', 'AM')).toBe('close:p1:2026-11-23:AM');
    expect(closeOpId('p1', '2026-11-23', 'PM')).not.toBe(closeOpId('p1', '2026-11-23', 'AM'));
  });
});

describe('markedBeforeClose', () => {
  const CLOSED_AT = Date.parse('2026-12-02T09:21:00.000Z');
  const mark = (
    opId: string,
    code: string | null,
    recordedAt: string,
    basedOn: string | null = null,
    source: 'register' | 'office' | 'reception' | 'system' = 'register',
  ) => ({ opId, code, basedOn, source, recordedAt: `2026-12-02T${recordedAt}:00.000Z` });

  it('[taken] a mark recorded in the closing minute counts; one a minute later does not', () => {
    expect(markedBeforeClose([mark('a', '/', '09:20')], CLOSED_AT)).toBe(true);
    expect(markedBeforeClose([mark('a', 'L', '09:21')], CLOSED_AT)).toBe(false);
  });

  it('[taken] the close job’s N is not the teacher’s mark', () => {
    expect(markedBeforeClose([mark('n', 'N', '09:20', null, 'system')], CLOSED_AT)).toBe(false);
  });

  it('[taken] an N the teacher recorded counts, and so does an office mark made in advance', () => {
    expect(markedBeforeClose([mark('n', 'N', '09:05')], CLOSED_AT)).toBe(true);
    expect(markedBeforeClose([mark('i', 'I', '08:12', null, 'office')], CLOSED_AT)).toBe(true);
  });

  it('[taken] a mark cleared again before the close leaves the cell blank', () => {
    const marks = [mark('a', '/', '09:00'), mark('b', null, '09:01', 'a')];
    expect(markedBeforeClose(marks, CLOSED_AT)).toBe(false);
  });
});
