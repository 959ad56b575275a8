import { describe, expect, it } from 'vitest';
import { buildCalendar, type SchoolCalendar } from './calendar.ts';
import {
  absenceSessions,
  isPriorityPupil,
  officeCodeGroups,
  OVERDUE_N_REASON,
  reasonsFor,
  unexplainedAbsences,
  type UnexplainedCell,
  type WorklistPupil,
} from './office.ts';

function calendar(): SchoolCalendar {
  const built = buildCalendar({
    terms: [
      { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    ],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET day' }],
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

const PUPILS: ReadonlyMap<string, WorklistPupil> = new Map([
  ['p-1', { name: 'Amelia Jones', groupId: 'g3b', flags: {} }],
  ['p-2', { name: 'Noah Khan', groupId: 'g3b', flags: { lookedAfter: true } }],
  ['p-3', { name: 'Eva Smith', groupId: 'g4h', flags: { fsm: true } }],
]);

function n(pupilId: string, date: string, session: 'AM' | 'PM' = 'AM'): UnexplainedCell {
  return { pupilId, date, session, recordedAt: `${date}T09:21:00.000Z`, authorId: null };
}

describe('unexplainedAbsences', () => {
  it('[N-deadline] the deadline is the 5th school day after, skipping the INSET day', () => {
    // Mon 23 Nov: Tue, Wed, Thu, (Fri 27 INSET), Mon 30, Tue 1 Dec.
    const [row] = unexplainedAbsences(calendar(), '2026-11-23', [n('p-1', '2026-11-23')], PUPILS);
    expect(row).toMatchObject({ deadline: '2026-12-01', schoolDaysLeft: 5, overdue: false });
  });

  it('[N-deadline] 0 days left and due today on the deadline; overdue the next day, even a Saturday', () => {
    const cells = [n('p-1', '2026-11-23')];
    expect(unexplainedAbsences(calendar(), '2026-12-01', cells, PUPILS)[0]).toMatchObject({
      schoolDaysLeft: 0,
      dueToday: true,
      overdue: false,
    });
    expect(unexplainedAbsences(calendar(), '2026-12-02', cells, PUPILS)[0]).toMatchObject({
      schoolDaysLeft: -1,
      dueToday: false,
      overdue: true,
    });
    const friday = [n('p-1', '2026-12-04')];
    // Deadline Fri 11 Dec; Saturday 12th is already overdue.
    expect(unexplainedAbsences(calendar(), '2026-12-12', friday, PUPILS)[0]).toMatchObject({
      deadline: '2026-12-11',
      overdue: true,
    });
  });

  it('[N-deadline] oldest deadline first, AM before PM, then by name; later dates and unknown pupils left out', () => {
    const rows = unexplainedAbsences(
      calendar(),
      '2026-12-02',
      [
        n('p-3', '2026-12-01', 'PM'),
        n('p-1', '2026-12-01', 'PM'),
        n('p-2', '2026-11-30', 'PM'),
        n('p-1', '2026-12-01', 'AM'),
        n('p-1', '2026-12-03', 'AM'),
        n('p-gone', '2026-11-30', 'AM'),
      ],
      PUPILS,
    );
    expect(rows.map((r) => [r.name, r.date, r.session])).toEqual([
      ['Noah Khan', '2026-11-30', 'PM'],
      ['Amelia Jones', '2026-12-01', 'AM'],
      ['Amelia Jones', '2026-12-01', 'PM'],
      ['Eva Smith', '2026-12-01', 'PM'],
    ]);
    expect(rows[0]).toMatchObject({ priority: true, groupId: 'g3b' });
    expect(rows[3]).toMatchObject({ priority: false, groupId: 'g4h' });
  });

  it('[N-deadline] a cell outside the calendar has no deadline and is left out', () => {
    expect(unexplainedAbsences(calendar(), '2027-01-04', [n('p-1', '2026-12-25')], PUPILS)).toEqual(
      [],
    );
  });
});

describe('the office’s other rules', () => {
  it('[first-day] social worker, looked after and EHC plan pupils come first; other flags do not', () => {
    expect(isPriorityPupil({ socialWorker: true })).toBe(true);
    expect(isPriorityPupil({ lookedAfter: true })).toBe(true);
    expect(isPriorityPupil({ ehcPlan: true })).toBe(true);
    expect(isPriorityPupil({ fsm: true, senSupport: true, previouslyLookedAfter: true })).toBe(
      false,
    );
    expect(isPriorityPupil({ lookedAfter: false })).toBe(false);
  });

  it('[codes] the office chooses from the codes of the date, grouped, without N, L or U', () => {
    const groups = officeCodeGroups('2026-12-01');
    expect(groups.map((g) => g.label)).toEqual([
      'Illness',
      'Medical or dental',
      'Leave of absence',
      'Other authorised',
      'Unauthorised',
      'Educated off site (counts as present)',
      'Present',
      'Not counted (not a possible session)',
    ]);
    const all = groups.flatMap((g) => g.codes.map((c) => c.code));
    expect(all).toContain('C1');
    expect(all).toContain('Y7');
    expect(all).not.toContain('N');
    expect(all).not.toContain('L');
    expect(all).not.toContain('U');
    expect(all).not.toContain('H');
    expect(groups[4]?.codes.map((c) => c.code)).toEqual(['G', 'O']);
  });

  it('[codes] with an arrival time L is offered as present and U as unauthorised, still without N', () => {
    const groups = officeCodeGroups('2026-12-01', { withArrival: true });
    const codesIn = (label: string) =>
      groups.find((g) => g.label === label)?.codes.map((c) => c.code);
    expect(codesIn('Present')).toContain('L');
    expect(codesIn('Unauthorised')).toEqual(['G', 'O', 'U']);
    expect(groups.flatMap((g) => g.codes.map((c) => c.code))).not.toContain('N');
    expect(reasonsFor('L')[0]).toBe('Signed in late at reception');
  });

  it('[codes] before 19 August 2024 the retired codes are offered and the 2024 codes are not', () => {
    const all = officeCodeGroups('2024-08-18').flatMap((g) => g.codes.map((c) => c.code));
    expect(all).toContain('H');
    expect(all).toContain('J');
    expect(all).not.toContain('C1');
    expect(all).not.toContain('Y1');
  });

  it('[reasons] the statutory overdue reason is offered for O, the general reasons for every code', () => {
    expect(reasonsFor('O')[0]).toBe(OVERDUE_N_REASON);
    expect(reasonsFor('I')).toContain('Phoned in by parent');
    expect(reasonsFor(null)).toContain('Phoned in by parent');
  });
});

describe('absenceSessions', () => {
  const cal = calendar();
  const at = (date: string, session: 'AM' | 'PM') => ({ date, session });
  const list = (from: { date: string; session: 'AM' | 'PM' }, to: typeof from) => {
    const result = absenceSessions(cal, from, to);
    return result.ok ? result.value.map((p) => `${p.date} ${p.session}`) : result.error.code;
  };

  it('[absence] today PM is one session; today to Friday skips nothing on school days', () => {
    expect(list(at('2026-12-01', 'PM'), at('2026-12-01', 'PM'))).toEqual(['2026-12-01 PM']);
    expect(list(at('2026-11-30', 'AM'), at('2026-12-04', 'PM'))).toHaveLength(10);
  });

  it('[absence] weekends and the INSET day are skipped', () => {
    // Thu 26 Nov to Mon 30 Nov: Thu, (Fri INSET), (weekend), Mon.
    expect(list(at('2026-11-26', 'AM'), at('2026-11-30', 'PM'))).toEqual([
      '2026-11-26 AM',
      '2026-11-26 PM',
      '2026-11-30 AM',
      '2026-11-30 PM',
    ]);
  });

  it('[absence] a range backwards, across the school year, too long, or with no sessions is refused', () => {
    expect(list(at('2026-12-02', 'AM'), at('2026-12-01', 'PM'))).toBe('range-backwards');
    expect(list(at('2026-12-02', 'PM'), at('2026-12-02', 'AM'))).toBe('range-backwards');
    expect(list(at('2027-07-20', 'AM'), at('2027-09-03', 'PM'))).toBe('range-crosses-school-year');
    expect(list(at('2026-09-02', 'AM'), at('2026-12-18', 'PM'))).toBe('range-too-long');
    expect(list(at('2026-11-27', 'AM'), at('2026-11-29', 'PM'))).toBe('no-school-sessions');
  });
});
