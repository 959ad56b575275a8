import { describe, expect, it } from 'vitest';
import { buildCalendar, type SchoolCalendar } from '../../domain/index.ts';
import type { CurrentCell } from '../../storage/officeView.ts';
import {
  chosenSessions,
  confirmationText,
  fridayOf,
  initialWhen,
  previewRows,
  spanText,
  type When,
} from './recordSessions.ts';

function calendar(): SchoolCalendar {
  const built = buildCalendar({
    terms: [{ name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' }],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET' }],
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

const WED = '2026-12-02';

function range(fromDate: string, toDate: string): When {
  return { kind: 'range', range: { fromDate, fromSession: 'AM', toDate, toSession: 'PM' } };
}

function listed(when: When, today = WED): string[] | string {
  const result = chosenSessions(calendar(), when, today);
  return result.ok ? result.value.map((p) => `${p.date} ${p.session}`) : result.error;
}

describe('record: the sessions a phone-in covers', () => {
  it('the quick choices: today PM, today, today to Friday', () => {
    const today = initialWhen(WED);
    expect(listed({ ...today, kind: 'today-pm' })).toEqual(['2026-12-02 PM']);
    expect(listed(today)).toEqual(['2026-12-02 AM', '2026-12-02 PM']);
    expect(listed({ ...today, kind: 'to-friday' })).toHaveLength(6);
  });

  it('Friday is the week’s own, or the next one from a weekend', () => {
    expect(fridayOf('2026-11-30')).toBe('2026-12-04');
    expect(fridayOf('2026-12-04')).toBe('2026-12-04');
    expect(fridayOf('2026-12-05')).toBe('2026-12-11');
    expect(fridayOf('2026-12-06')).toBe('2026-12-11');
  });

  it('a range typed in: empty or impossible dates are said, the domain refuses the rest', () => {
    expect(listed(range('', WED))).toBe('Give the first day of the absence.');
    expect(listed(range(WED, '2026-12-32'))).toBe('The last day is not a date.');
    expect(listed(range('2026-11-26', '2026-11-30'))).toEqual([
      '2026-11-26 AM',
      '2026-11-26 PM',
      '2026-11-30 AM',
      '2026-11-30 PM',
    ]);
    expect(listed(range('2026-12-05', '2026-12-06'))).toMatch(/no school sessions/);
    expect(listed(range('2027-07-20', '2027-09-03'))).toMatch(/next school year/);
  });

  it('words for the span and the confirmation', () => {
    const am = { date: '2026-12-07', session: 'AM' as const };
    const pm = { date: '2026-12-07', session: 'PM' as const };
    const fri = { date: '2026-12-11', session: 'PM' as const };
    expect(spanText([pm])).toBe('Mon 7 Dec PM');
    expect(spanText([am, pm])).toBe('Mon 7 Dec AM and PM');
    expect(confirmationText('I', 'Amy Smith', [am, pm, fri])).toBe(
      'Recorded I for Amy Smith, 3 sessions: Mon 7 Dec AM – Fri 11 Dec PM.',
    );
  });

  it('each session shows the mark it replaces and is based on the cell’s head, cleared or not', () => {
    const head = (opId: string, code: string | null) => ({
      opId,
      code,
      basedOn: null,
      isPending: false,
      source: 'register' as const,
      arrivedAt: null,
      recordedAt: '2026-12-02T08:55:00.000Z',
      authorId: 's-hughes',
    });
    const cells: CurrentCell[] = [
      {
        pupilId: 'p-1',
        date: WED,
        session: 'AM',
        view: { code: '/', head: head('a', '/'), conflict: false, pending: false },
      },
      {
        pupilId: 'p-1',
        date: WED,
        session: 'PM',
        view: { code: null, head: head('b', null), conflict: false, pending: false },
      },
    ];
    const staff = new Map([['s-hughes', { name: 'Tess Hughes' }]]);
    const rows = previewRows(
      [
        { date: WED, session: 'AM' },
        { date: WED, session: 'PM' },
        { date: '2026-12-03', session: 'AM' },
      ],
      cells,
      { admissionDate: '2022-09-05', leavingDate: WED },
      staff,
    );
    expect(rows.map((r) => [r.currentCode, r.currentBy, r.basedOn, r.isOnRoll])).toEqual([
      ['/', 'Tess Hughes', 'a', true],
      [null, null, 'b', true],
      [null, null, null, false],
    ]);
  });
});
