import { describe, expect, it } from 'vitest';
import { buildCalendar, type IsoDate, type Session } from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import type { CurrentCell } from '../../storage/officeView.ts';
import { heatmapSessions, yearShown } from './pupilYear.ts';

const calendar = (() => {
  const built = buildCalendar({
    terms: [
      { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    ],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#' }],
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
})();

const pupil: PupilRecord = {
  id: 'p-1',
  upn: 'A123456789012',
  givenName: 'Amelia',
  familyName: 'Jones',
  preferredName: null,
  dateOfBirth: '2018-05-01',
  sex: 'F',
  groupId: 'g3b',
  admissionDate: '2026-11-23',
  leavingDate: '2026-12-01',
  flags: {},
  contacts: [],
};

function cell(date: IsoDate, session: Session, code: string | null): CurrentCell {
  return {
    pupilId: 'p-1',
    date,
    session,
    view: { code, head: null, conflict: false, pending: false },
  };
}

describe('the pupil’s year', () => {
  it('runs from admission to leaving inside the school year’s terms', () => {
    expect(yearShown(calendar, pupil, '2026-12-02')).toEqual({
      from: '2026-11-23',
      to: '2026-12-01',
    });
    expect(yearShown(calendar, { ...pupil, leavingDate: null }, '2026-12-02')?.to).toBe(
      '2026-12-18',
    );
    // A pupil who left before this school year has none of it.
    expect(yearShown(calendar, { ...pupil, leavingDate: '2026-07-20' }, '2026-12-02')).toBeNull();
  });

  it('has every school session on roll, closures left out, and a mark on a closed session kept', () => {
    const sessions = heatmapSessions(
      calendar,
      pupil,
      [
        cell('2026-11-23', 'AM', 'N'),
        cell('2026-11-27', 'AM', '#'),
        cell('2026-11-20', 'AM', '/'), // before admission: not shown
      ],
      '2026-12-02',
    );
    // Mon 23 – Thu 26 Nov, Mon 30 Nov, Tue 1 Dec: six days of two sessions; Fri 27 is INSET.
    expect(sessions.filter((s) => s.date !== '2026-11-27')).toHaveLength(12);
    expect(sessions[0]).toEqual({
      date: '2026-11-23',
      session: 'AM',
      code: 'N',
      meaning: 'unexplained',
    });
    expect(sessions[1]).toMatchObject({ date: '2026-11-23', session: 'PM', code: null });
    expect(sessions.find((s) => s.date === '2026-11-27')).toMatchObject({
      session: 'AM',
      code: '#',
      meaning: 'not-counted',
    });
    expect(sessions.map((s) => s.date)).toEqual([...sessions.map((s) => s.date)].sort());
  });
});
