import { describe, expect, it } from 'vitest';
import { buildCalendar, type SchoolCalendar, type Session } from './calendar.ts';
import { fromSchoolTime } from './clock.ts';
import type { RecordedAmendment, RollPupil } from './closeRule.ts';
import { missingRegisters, type DayMarks, type RegisterSchool } from './missingRegisters.ts';
import { resolveSessionTimes, type SessionTimes } from './sessionTimes.ts';

function calendar(): SchoolCalendar {
  const built = buildCalendar({
    terms: [
      { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    ],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET' }],
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

const SCHOOL: RegisterSchool = {
  calendar: calendar(),
  timeZone: 'Europe/London',
  groupIds: ['g3b', 'g4h', 'g5e'],
  timesOf: (groupId, session) => (session === 'PM' ? PM : groupId === 'g4h' ? LATE_AM : AM),
};

const MONDAY = '2026-11-23';

/** An instant on the school's clock (November: GMT). */
function at(time: string, date = MONDAY): number {
  const instant = fromSchoolTime(date, time);
  if (!instant.ok) throw new Error(instant.error.message);
  return instant.value;
}

const pupil = (id: string, groupId: string, change: Partial<RollPupil> = {}): RollPupil => ({
  id,
  groupId,
  admissionDate: '2026-09-02',
  leavingDate: null,
  ...change,
});

/** 3B has two pupils, 4H one; 5E has none on roll (its only pupil left in October). */
const PUPILS = [
  pupil('p1', 'g3b'),
  pupil('p2', 'g3b'),
  pupil('p3', 'g4h'),
  pupil('p4', 'g5e', { leavingDate: '2026-10-23' }),
];

const STAFF = [
  { name: 'Tess Hughes', role: 'teacher' as const, groups: ['g3b'] },
  { name: 'Amir Cover', role: 'teacher' as const, groups: ['g3b', 'g4h'] },
  { name: 'Olive Office', role: 'office' as const, groups: [] },
];

const mark = (
  opId: string,
  code: string,
  recordedAt: number,
  source: RecordedAmendment['source'] = 'register',
): RecordedAmendment => ({
  opId,
  code,
  basedOn: null,
  source,
  recordedAt: new Date(recordedAt).toISOString(),
});

/** The day's marks by `pupilId session`; any other cell was never marked. */
function day(cells: Record<string, readonly RecordedAmendment[]>): DayMarks {
  return {
    pupils: PUPILS,
    cellOf: (pupilId: string, session: Session) => cells[`${pupilId} ${session}`] ?? [],
    staff: STAFF,
  };
}

const shown = (rows: ReturnType<typeof missingRegisters>) =>
  rows.map((r) => `${r.session} ${r.groupId}: ${r.teachers.join(', ')}`);

describe('missingRegisters', () => {
  it('[missing] none while a register is open, the whole closing minute included', () => {
    expect(missingRegisters(SCHOOL, MONDAY, at('09:05'), day({}))).toEqual([]);
    expect(missingRegisters(SCHOOL, MONDAY, at('09:20') + 59_999, day({}))).toEqual([]);
  });

  it('[missing] a register untaken is missing from the end of its closing minute, with its teachers', () => {
    const rows = missingRegisters(SCHOOL, MONDAY, at('09:21'), day({}));
    expect(shown(rows)).toEqual(['AM g3b: Amir Cover, Tess Hughes']);
    expect(rows[0]?.closedAt).toBe(at('09:21'));
  });

  it('[missing] each group by its own close, in the order they closed; PM after both', () => {
    expect(shown(missingRegisters(SCHOOL, MONDAY, at('09:41'), day({})))).toEqual([
      'AM g3b: Amir Cover, Tess Hughes',
      'AM g4h: Amir Cover',
    ]);
    expect(shown(missingRegisters(SCHOOL, MONDAY, at('16:00'), day({})))).toHaveLength(4);
  });

  it('[missing] a register with every pupil marked before the close is taken', () => {
    const taken = day({
      'p1 AM': [mark('a', '/', at('09:20'))],
      'p2 AM': [mark('b', 'N', at('09:02'))],
    });
    expect(shown(missingRegisters(SCHOOL, MONDAY, at('09:21'), taken))).toEqual([]);
  });

  it('[missing] one pupil marked after the close leaves the register missing', () => {
    const late = day({
      'p1 AM': [mark('a', '/', at('09:10'))],
      'p2 AM': [mark('b', 'L', at('09:21'))],
    });
    const rows = missingRegisters(SCHOOL, MONDAY, at('09:30'), late);
    expect(shown(rows)).toEqual(['AM g3b: Amir Cover, Tess Hughes']);
    expect(rows[0]).toMatchObject({ onRoll: 2, unmarked: 1 });
  });

  it('[missing] the close job’s N does not take the register; a phone-in recorded before does', () => {
    const closed = day({
      'p1 AM': [mark('i', 'I', at('08:12'), 'office')],
      'p2 AM': [mark('n', 'N', at('09:21'), 'system')],
    });
    expect(shown(missingRegisters(SCHOOL, MONDAY, at('09:30'), closed))).toEqual([
      'AM g3b: Amir Cover, Tess Hughes',
    ]);
  });

  it('[missing] an INSET day, a weekend and half-term have no registers to miss', () => {
    const evening = (date: string) => at('18:00', date);
    expect(missingRegisters(SCHOOL, '2026-11-27', evening('2026-11-27'), day({}))).toEqual([]);
    expect(missingRegisters(SCHOOL, '2026-11-28', evening('2026-11-28'), day({}))).toEqual([]);
    expect(missingRegisters(SCHOOL, '2026-10-28', evening('2026-10-28'), day({}))).toEqual([]);
  });

  it('[missing] a past date shows all its untaken registers; a date still to come shows none', () => {
    const later = at('10:00', '2026-12-02');
    expect(shown(missingRegisters(SCHOOL, MONDAY, later, day({})))).toEqual([
      'AM g3b: Amir Cover, Tess Hughes',
      'AM g4h: Amir Cover',
      'PM g3b: Amir Cover, Tess Hughes',
      'PM g4h: Amir Cover',
    ]);
    expect(missingRegisters(SCHOOL, '2026-12-03', later, day({}))).toEqual([]);
  });

  it('[missing] a group with no pupil on roll has no register to miss', () => {
    const rows = missingRegisters(SCHOOL, MONDAY, at('16:00'), day({}));
    expect(rows.some((r) => r.groupId === 'g5e')).toBe(false);
  });

  it('[missing] a group nobody teaches is missing with no teachers named', () => {
    const school = { ...SCHOOL, groupIds: ['g3b'] };
    const marks = { ...day({}), staff: [] };
    expect(shown(missingRegisters(school, MONDAY, at('09:21'), marks))).toEqual(['AM g3b: ']);
  });
});
