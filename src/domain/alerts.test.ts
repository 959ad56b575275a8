import { describe, expect, it } from 'vitest';
import { alertsWindow, computeAlerts, type Alerts, type PupilAlertInput } from './alerts.ts';
import {
  buildCalendar,
  schoolDaysBetween,
  sessionsOn,
  type SchoolCalendar,
  type Session,
  type Term,
} from './calendar.ts';
import type { IsoDate } from './dates.ts';
import { PRESETS } from './presets.ts';
import type { DomainErrorCode, Result } from './result.ts';
import { DEFAULT_SETTINGS, type SchoolSettings } from './settings.ts';
import type { SessionMark } from './statistics.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>): DomainErrorCode | undefined {
  return result.ok ? undefined : result.error.code;
}

/** 2025–26 Summer 2, then the real shape of the 2026–27 English year. */
const TERMS: readonly Term[] = [
  { name: 'Summer 2 2026', start: '2026-06-01', end: '2026-07-22' },
  { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
  { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
  { name: 'Spring 1', start: '2027-01-05', end: '2027-02-12' },
  { name: 'Spring 2', start: '2027-02-22', end: '2027-03-26' },
  { name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
  { name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
];
const INSET = '2026-11-27';
const PM_CLOSED = '2027-02-12';
const CALENDAR: SchoolCalendar = unwrap(
  buildCalendar({
    terms: TERMS,
    closures: [
      { date: INSET, sessions: ['AM', 'PM'], code: '#', note: 'INSET' },
      { date: PM_CLOSED, sessions: ['PM'], code: '#', note: 'INSET (afternoon)' },
    ],
  }),
);

/** Marks for every school session from `from` to `to`. */
function fill(
  from: IsoDate,
  to: IsoDate,
  am: string | null,
  pm: string | null = am,
): SessionMark[] {
  return schoolDaysBetween(CALENDAR, from, to).flatMap((date) =>
    sessionsOn(CALENDAR, date).map((session) => ({
      date,
      session,
      code: session === 'AM' ? am : pm,
    })),
  );
}

function mark(date: IsoDate, session: Session, code: string | null): SessionMark {
  return { date, session, code };
}

/** One mark per cell, later lists winning: present all along, then the case under test. */
function pupil(pupilId: string, asOf: IsoDate, ...lists: SessionMark[][]): PupilAlertInput {
  const cells = new Map<string, SessionMark>();
  for (const m of [...fill('2026-06-01', asOf, '/', '\\'), ...lists.flat()]) {
    cells.set(`${m.date}|${m.session}`, m);
  }
  return { pupilId, marks: [...cells.values()] };
}

function alerts(
  asOf: IsoDate,
  pupils: readonly PupilAlertInput[],
  settings: SchoolSettings = DEFAULT_SETTINGS,
): Alerts {
  return unwrap(computeAlerts({ calendar: CALENDAR, settings, asOf, pupils }));
}

const ids = (rows: readonly { pupilId: string }[]) => rows.map((r) => r.pupilId);

describe('penalty watch', () => {
  const asOf = '2026-11-20';

  it('[penalty] 10 sessions of G, O and U in 10 school weeks reach the threshold', () => {
    const p = pupil('p', asOf, fill('2026-11-16', '2026-11-18', 'G'), [
      mark('2026-11-19', 'AM', 'O'),
      mark('2026-11-19', 'PM', 'U'),
      mark('2026-11-20', 'AM', 'O'),
      mark('2026-11-20', 'PM', 'O'),
    ]);
    expect(alerts(asOf, [p]).penalty).toEqual([
      {
        pupilId: 'p',
        count: 10,
        outstandingN: 0,
        windowStart: '2026-09-07',
        windowEnd: asOf,
        reached: true,
        wouldReach: true,
      },
    ]);
  });

  it('[penalty] window spans the October half term', () => {
    const inside = pupil(
      'in',
      asOf,
      fill('2026-09-07', '2026-09-08', 'O'),
      fill('2026-11-02', '2026-11-04', 'G'),
    );
    const outside = pupil(
      'out',
      asOf,
      fill('2026-09-03', '2026-09-04', 'O'),
      fill('2026-11-02', '2026-11-04', 'G'),
    );
    const rows = alerts(asOf, [inside, outside]).penalty;
    // 'out' has 6 in the window (its 4 on 3–4 Sept fall before it): not within 2 of 10.
    expect(rows.map((r) => [r.pupilId, r.count, r.reached, r.windowStart])).toEqual([
      ['in', 10, true, '2026-09-07'],
    ]);
  });

  it('[penalty] window crosses the summer holiday into last year', () => {
    const at = '2026-09-18';
    const last = pupil('last-year', at, fill('2026-06-08', '2026-06-12', 'G'));
    const older = pupil('too-old', at, fill('2026-06-01', '2026-06-05', 'G'));
    const rows = alerts(at, [last, older]).penalty;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pupilId: 'last-year', count: 10, windowStart: '2026-06-08' });
  });

  it('[penalty] the INSET day has no sessions to count', () => {
    const p = pupil('p', '2026-12-04', fill('2026-11-23', '2026-11-26', 'O'), [
      mark(INSET, 'AM', 'O'),
      mark(INSET, 'PM', 'O'),
    ]);
    expect(alerts('2026-12-04', [p]).penalty[0]).toMatchObject({ count: 8, reached: false });
  });

  it('[penalty] lists pupils within 2 sessions of the threshold, not 3', () => {
    const eight = pupil('eight', asOf, fill('2026-11-16', '2026-11-19', 'O'));
    const seven = pupil('seven', asOf, fill('2026-11-16', '2026-11-18', 'O'), [
      mark('2026-11-19', 'AM', 'O'),
    ]);
    const rows = alerts(asOf, [eight, seven]).penalty;
    expect(rows).toEqual([expect.objectContaining({ pupilId: 'eight', count: 8, reached: false })]);
  });

  it('[penalty] outstanding N is shown apart and lists a pupil it would tip over', () => {
    const p = pupil(
      'p',
      asOf,
      fill('2026-11-16', '2026-11-18', 'O'),
      fill('2026-11-19', '2026-11-20', 'N'),
    );
    const old = pupil(
      'old-n',
      asOf,
      fill('2026-09-02', '2026-09-04', 'N'),
      fill('2026-11-16', '2026-11-18', 'O'),
    );
    const rows = alerts(asOf, [p, old]).penalty;
    expect(rows).toEqual([
      expect.objectContaining({
        pupilId: 'p',
        count: 6,
        outstandingN: 4,
        reached: false,
        wouldReach: true,
      }),
    ]);
  });

  it('[penalty] L, N and authorised absence do not count', () => {
    const p = pupil(
      'p',
      asOf,
      fill('2026-11-09', '2026-11-13', 'L', 'I'),
      fill('2026-11-16', '2026-11-16', 'N'),
    );
    expect(alerts(asOf, [p]).penalty).toEqual([]);
  });

  it('[penalty] in the half-term week the window is the 10 school weeks before it', () => {
    const at = '2026-10-28';
    const p = pupil('p', at, fill('2026-10-19', '2026-10-23', 'G'));
    const row = alerts(at, [p]).penalty[0];
    expect(row).toMatchObject({ count: 10, windowEnd: '2026-10-25', windowStart: '2026-07-13' });
  });
});

describe('lateness', () => {
  const asOf = '2026-11-20';
  const lates = (n: number, code = 'L') =>
    schoolDaysBetween(CALENDAR, '2026-11-02', asOf)
      .slice(0, n)
      .map((date) => mark(date, 'AM', code));

  it('[lateness] seed 000: listed at 4 lates in the half term', () => {
    const settings = PRESETS['causeway-green'].settings;
    const rows = alerts(
      asOf,
      [pupil('four', asOf, lates(4)), pupil('three', asOf, lates(3))],
      settings,
    ).lateness;
    expect(rows).toEqual([
      {
        pupilId: 'four',
        count: 4,
        late: 4,
        lateAfterClose: 0,
        term: 'Autumn 2',
        termStart: '2026-11-02',
        termEnd: '2026-12-18',
      },
    ]);
  });

  it('[lateness] seed 003: listed only after more than 3', () => {
    const settings = PRESETS['stoc-trust'].settings;
    const rows = alerts(
      asOf,
      [pupil('four', asOf, lates(4)), pupil('three', asOf, lates(3))],
      settings,
    ).lateness;
    expect(ids(rows)).toEqual(['four']);
  });

  it('[lateness] counted per half term: lates before half term do not carry over', () => {
    const p = pupil('p', asOf, lates(2), [
      mark('2026-10-21', 'AM', 'L'),
      mark('2026-10-22', 'AM', 'L'),
    ]);
    expect(alerts(asOf, [p]).lateness).toEqual([]);
  });

  it('[lateness] U counts as a late arrival unless the school turns it off', () => {
    const p = pupil('p', asOf, lates(2), lates(4, 'U').slice(2));
    expect(alerts(asOf, [p]).lateness[0]).toMatchObject({ count: 4, late: 2, lateAfterClose: 2 });
    const off = { ...DEFAULT_SETTINGS, lateness: { ...DEFAULT_SETTINGS.lateness, countsU: false } };
    expect(alerts(asOf, [p], off).lateness).toEqual([]);
  });

  it('[lateness] in a holiday, the half term just ended is used', () => {
    const p = pupil('p', '2026-10-23', fill('2026-10-19', '2026-10-22', 'L', '\\'));
    expect(alerts('2026-10-28', [p]).lateness[0]).toMatchObject({ term: 'Autumn 1', count: 4 });
  });
});

describe('continuous unauthorised absence', () => {
  it('[continuous] 10 school days of N/O/G, across the INSET day, go to the local authority', () => {
    const asOf = '2026-12-04';
    const ten = pupil('ten', asOf, fill('2026-11-20', asOf, 'O', 'N'));
    const nine = pupil('nine', asOf, fill('2026-11-23', asOf, 'G'));
    const out = alerts(asOf, [ten, nine]);
    expect(out.continuous10).toEqual([{ pupilId: 'ten', days: 10, since: '2026-11-20' }]);
    expect(out.continuous20).toEqual([]);
  });

  it('[continuous] 20 days across half term is in both lists', () => {
    const asOf = '2026-11-13';
    const out = alerts(asOf, [pupil('p', asOf, fill('2026-10-12', asOf, 'O'))]);
    expect(out.continuous20).toEqual([{ pupilId: 'p', days: 20, since: '2026-10-12' }]);
    expect(ids(out.continuous10)).toEqual(['p']);
  });

  it('[continuous] a U day breaks the run: the pupil was on site', () => {
    const asOf = '2026-12-04';
    const p = pupil('p', asOf, fill('2026-11-16', asOf, 'O'), [mark('2026-11-24', 'AM', 'U')]);
    expect(alerts(asOf, [p]).continuous10).toEqual([]);
  });

  it('[continuous] a day half ill, half unauthorised breaks the run', () => {
    const asOf = '2026-12-04';
    const p = pupil('p', asOf, fill('2026-11-16', asOf, 'O'), [mark('2026-11-24', 'AM', 'I')]);
    expect(alerts(asOf, [p]).continuous10).toEqual([]);
  });

  it('[continuous] a day with nothing possible recorded neither counts nor breaks', () => {
    const asOf = '2026-12-07';
    const p = pupil(
      'p',
      asOf,
      fill('2026-11-19', '2026-12-04', 'O'),
      fill('2026-11-25', '2026-11-25', 'Y2'),
      [mark(asOf, 'AM', null), mark(asOf, 'PM', null)],
    );
    expect(alerts(asOf, [p]).continuous10).toEqual([
      { pupilId: 'p', days: 10, since: '2026-11-19' },
    ]);
  });

  it('[continuous] a half-closure day counts when its one session is absent', () => {
    const asOf = '2027-02-12';
    const p = pupil('p', asOf, fill('2027-01-29', asOf, 'O'));
    expect(alerts(asOf, [p]).continuous10[0]).toMatchObject({ days: 11, since: '2027-01-29' });
  });
});

describe('not back after a leave of absence', () => {
  // Leave of exceptional circumstances ending on Friday 6 November; day 10 is Friday 20th.
  const leave = fill('2026-11-02', '2026-11-06', 'C');
  const away = (to: IsoDate, code = 'O') => fill('2026-11-09', to, code);

  it('[not-back] day 9 after a leave ending on a Friday is not yet listed; day 10 is', () => {
    const day9 = '2026-11-19';
    const day10 = '2026-11-20';
    expect(alerts(day9, [pupil('p', day9, leave, away(day9))]).notBack10).toEqual([]);
    expect(alerts(day10, [pupil('p', day10, leave, away(day10))]).notBack10).toEqual([
      { pupilId: 'p', days: 10, since: '2026-11-09', leaveEnded: '2026-11-06', leaveCode: 'C' },
    ]);
  });

  it('[not-back] the half-term week and the INSET day are not school days', () => {
    const halfTerm = pupil(
      'half-term',
      '2026-11-06',
      fill('2026-10-12', '2026-10-16', 'C1'),
      fill('2026-10-19', '2026-11-06', 'N', 'O'),
    );
    expect(alerts('2026-11-05', [halfTerm]).notBack10).toEqual([]);
    expect(alerts('2026-11-06', [halfTerm]).notBack10).toEqual([
      {
        pupilId: 'half-term',
        days: 10,
        since: '2026-10-19',
        leaveEnded: '2026-10-16',
        leaveCode: 'C1',
      },
    ]);
    const inset = pupil(
      'inset',
      '2026-12-07',
      fill('2026-11-16', '2026-11-20', 'S'),
      fill('2026-11-23', '2026-12-07', 'G'),
    );
    expect(alerts('2026-12-04', [inset]).notBack10).toEqual([]);
    expect(alerts('2026-12-07', [inset]).notBack10[0]).toMatchObject({ days: 10 });
  });

  it('[not-back] coming back on day 10 clears it, whether present, late or after close', () => {
    const day10 = '2026-11-20';
    const back = (id: string, session: Session, code: string) =>
      pupil(id, day10, leave, away(day10), [mark(day10, session, code)]);
    const out = alerts(day10, [back('am', 'AM', '/'), back('pm', 'PM', 'L'), back('u', 'AM', 'U')]);
    expect(out.notBack10).toEqual([]);
  });

  it('[not-back] a pupil who came back in between is not listed, however long away since', () => {
    const asOf = '2026-11-27';
    const p = pupil('p', asOf, leave, fill('2026-11-10', asOf, 'O'), [
      mark('2026-11-09', 'AM', 'B'),
    ]);
    const out = alerts(asOf, [p]);
    expect(out.notBack10).toEqual([]);
    expect(out.continuous10).toEqual([{ pupilId: 'p', days: 13, since: '2026-11-10' }]);
  });

  it('[not-back] still listed from day 11 on, and any absence counts, illness included', () => {
    const asOf = '2026-11-24';
    const ill = pupil('ill', asOf, leave, away(asOf, 'I'));
    const out = alerts(asOf, [ill]);
    expect(out.notBack10).toEqual([
      { pupilId: 'ill', days: 12, since: '2026-11-09', leaveEnded: '2026-11-06', leaveCode: 'C' },
    ]);
    expect(out.continuous10).toEqual([]);
  });

  it('[not-back] the leave day is day 0 even when its afternoon is absent', () => {
    const p = (asOf: IsoDate) =>
      pupil('p', asOf, [mark('2026-11-06', 'AM', 'J1'), mark('2026-11-06', 'PM', 'N')], away(asOf));
    expect(alerts('2026-11-19', [p('2026-11-19')]).notBack10).toEqual([]);
    expect(alerts('2026-11-20', [p('2026-11-20')]).notBack10[0]).toMatchObject({
      days: 10,
      leaveEnded: '2026-11-06',
      leaveCode: 'J1',
    });
  });

  it('[not-back] a blank day (register not yet taken) or a Y day neither counts nor clears', () => {
    const day10 = '2026-11-20';
    const blank = pupil('blank', day10, leave, away('2026-11-19'), [
      mark(day10, 'AM', null),
      mark(day10, 'PM', null),
    ]);
    const nMarked = pupil('n-marked', day10, leave, away('2026-11-19'), [
      mark(day10, 'AM', 'N'),
      mark(day10, 'PM', null),
    ]);
    const y2 = (asOf: IsoDate) =>
      pupil('y2', asOf, leave, away(asOf), fill('2026-11-12', '2026-11-12', 'Y2'));
    expect(ids(alerts(day10, [blank, nMarked, y2(day10)]).notBack10)).toEqual(['n-marked']);
    expect(alerts('2026-11-23', [y2('2026-11-23')]).notBack10[0]).toMatchObject({
      days: 10,
      since: '2026-11-09',
    });
  });

  it('[not-back] every granted leave code counts; a medical appointment (M) does not', () => {
    const asOf = '2026-11-20';
    const out = alerts(
      asOf,
      ['C1', 'J1', 'S', 'C2', 'C', 'M'].map((code) =>
        pupil(code, asOf, fill('2026-11-06', '2026-11-06', code), away(asOf)),
      ),
    );
    expect(out.notBack10.map((r) => [r.pupilId, r.leaveCode])).toEqual([
      ['C1', 'C1'],
      ['J1', 'J1'],
      ['S', 'S'],
      ['C2', 'C2'],
      ['C', 'C'],
    ]);
  });

  it('[not-back] leave still running, recorded into the future, is not over', () => {
    const asOf = '2026-11-20';
    const p = pupil('p', asOf, fill('2026-11-02', '2026-12-04', 'C2'));
    expect(alerts(asOf, [p]).notBack10).toEqual([]);
  });
});

describe('sickness', () => {
  it('[sickness] 15 school days of I in the year, cumulative, reach the sickness return', () => {
    const asOf = '2026-12-18';
    const p = pupil(
      'p',
      asOf,
      fill('2026-09-07', '2026-09-11', 'I'),
      fill('2026-11-02', '2026-11-13', 'I'),
    );
    expect(alerts(asOf, [p]).sickness15).toEqual([
      { pupilId: 'p', days: 15, daysToDate: 15, reached: true, reachesOn: '2026-11-13' },
    ]);
  });

  it('[sickness] a recorded future I counts', () => {
    const asOf = '2026-11-06';
    const p = pupil(
      'p',
      asOf,
      fill('2026-11-02', asOf, 'I'),
      fill('2026-11-09', '2026-11-20', 'I'),
    );
    expect(alerts(asOf, [p]).sickness15).toEqual([
      { pupilId: 'p', days: 15, daysToDate: 5, reached: false, reachesOn: '2026-11-20' },
    ]);
  });

  it('[sickness] one I session of two is half a day', () => {
    const asOf = '2026-12-18';
    const days = schoolDaysBetween(CALENDAR, '2026-09-07', asOf);
    const halves = (n: number) => days.slice(0, n).map((date) => mark(date, 'AM', 'I'));
    const out = alerts(asOf, [pupil('thirty', asOf, halves(30)), pupil('29', asOf, halves(29))]);
    expect(out.sickness15.map((r) => [r.pupilId, r.days])).toEqual([['thirty', 15]]);
  });

  it('[sickness] on a half-closure day an I in the one session is a whole day', () => {
    const asOf = '2027-02-12';
    const p = pupil('p', asOf, fill('2027-01-25', '2027-02-11', 'I'), [mark(PM_CLOSED, 'AM', 'I')]);
    expect(alerts(asOf, [p]).sickness15[0]).toMatchObject({ days: 15, reachesOn: PM_CLOSED });
  });

  it('[sickness] illness in the previous academic year does not count', () => {
    const asOf = '2026-09-18';
    const p = pupil(
      'p',
      asOf,
      fill('2026-06-22', '2026-07-10', 'I'),
      fill('2026-09-14', asOf, 'I'),
    );
    expect(alerts(asOf, [p]).sickness15).toEqual([]);
  });
});

describe('suspension', () => {
  it('[suspension] more than 5 consecutive days of E: provision due from day 6', () => {
    const asOf = '2026-11-24';
    const six = pupil('six', asOf, fill('2026-11-17', asOf, 'E'));
    const five = pupil('five', asOf, fill('2026-11-18', asOf, 'E'));
    expect(alerts(asOf, [six, five]).suspension5).toEqual([
      {
        pupilId: 'six',
        days: 6,
        start: '2026-11-17',
        end: asOf,
        provisionFrom: asOf,
        reached: true,
      },
    ]);
  });

  it('[suspension] a recorded future suspension is flagged before day 6 comes', () => {
    const asOf = '2026-11-18';
    const p = pupil('p', asOf, fill('2026-11-16', '2026-11-24', 'E'));
    expect(alerts(asOf, [p]).suspension5[0]).toMatchObject({
      days: 7,
      provisionFrom: '2026-11-23',
      reached: false,
    });
  });

  it('[suspension] the INSET day does not interrupt the count', () => {
    const asOf = '2026-11-30';
    const p = pupil('p', asOf, fill('2026-11-24', asOf, 'E'));
    expect(alerts(asOf, [p]).suspension5).toEqual([]);
    const q = pupil('q', '2026-12-01', fill('2026-11-23', '2026-12-01', 'E'));
    expect(alerts('2026-12-01', [q]).suspension5[0]).toMatchObject({
      days: 6,
      provisionFrom: '2026-12-01',
    });
  });
});

describe('first-day calling', () => {
  const asOf = '2026-11-19';

  it('[first-day] lists pupils with N today, with the sessions', () => {
    const am = pupil('am', asOf, [mark(asOf, 'AM', 'N'), mark(asOf, 'PM', null)]);
    const both = pupil('both', asOf, fill(asOf, asOf, 'N'));
    const yesterday = pupil('yesterday', asOf, fill('2026-11-18', '2026-11-18', 'N'));
    const known = pupil('known', asOf, fill(asOf, asOf, 'I'));
    expect(alerts(asOf, [am, both, yesterday, known]).firstDay).toEqual([
      { pupilId: 'am', sessions: ['AM'] },
      { pupilId: 'both', sessions: ['AM', 'PM'] },
    ]);
  });

  it('[first-day] nothing on a day that is not a school day', () => {
    expect(alerts(INSET, [pupil('p', INSET, [mark('2026-11-26', 'AM', 'N')])]).firstDay).toEqual(
      [],
    );
  });
});

describe('home visits and medical evidence', () => {
  const asOf = '2026-11-19';

  it('[home-visit] default: day 3 of any absence prompts a visit, due that day', () => {
    const three = pupil('three', asOf, fill('2026-11-17', asOf, 'I'));
    const four = pupil('four', asOf, fill('2026-11-16', asOf, 'G'));
    const two = pupil('two', asOf, fill('2026-11-18', asOf, 'N'));
    expect(alerts(asOf, [three, four, two]).homeVisit).toEqual([
      { pupilId: 'three', days: 3, since: '2026-11-17', visitDue: true },
      { pupilId: 'four', days: 4, since: '2026-11-16', visitDue: false },
    ]);
  });

  it('[home-visit] seed 003: unexplained absence only, day 3 and every 3 days after', () => {
    const settings = PRESETS['stoc-trust'].settings;
    const run = (id: string, from: IsoDate, code = 'N') => pupil(id, asOf, fill(from, asOf, code));
    const rows = alerts(
      asOf,
      [
        run('3', '2026-11-17'),
        run('5', '2026-11-13'),
        run('6', '2026-11-12', 'O'),
        run('ill', '2026-11-12', 'I'),
      ],
      settings,
    ).homeVisit;
    expect(rows.map((r) => [r.pupilId, r.days, r.visitDue])).toEqual([
      ['3', 3, true],
      ['5', 5, false],
      ['6', 6, true],
    ]);
  });

  it('[home-visit] a U day ends the run: the pupil came in', () => {
    const p = pupil('p', asOf, fill('2026-11-16', asOf, 'N'), [mark('2026-11-18', 'AM', 'U')]);
    expect(alerts(asOf, [p]).homeVisit).toEqual([]);
  });

  it('[medical] seed 000: illness over 3 days prompts for evidence', () => {
    const settings = PRESETS['causeway-green'].settings;
    const four = pupil('four', asOf, fill('2026-11-16', asOf, 'I'));
    const three = pupil('three', asOf, fill('2026-11-17', asOf, 'I'));
    expect(alerts(asOf, [four, three], settings).medicalEvidence).toEqual([
      { pupilId: 'four', days: 4, since: '2026-11-16' },
    ]);
  });

  it('[medical] seed 001: over 5 days; seed 003: never by day count', () => {
    const five = pupil('five', asOf, fill('2026-11-13', asOf, 'I'));
    const six = pupil('six', asOf, fill('2026-11-12', asOf, 'I'));
    expect(ids(alerts(asOf, [five, six], PRESETS['lady-byron'].settings).medicalEvidence)).toEqual([
      'six',
    ]);
    expect(alerts(asOf, [six], PRESETS['stoc-trust'].settings).medicalEvidence).toEqual([]);
  });
});

describe('enrolment, errors and speed', () => {
  const asOf = '2026-11-20';

  it('[roll] a pupil who has left, or not yet joined, gets no alerts', () => {
    const absent = fill('2026-11-02', asOf, 'O');
    const left = { ...pupil('left', asOf, absent), leavingDate: '2026-11-19' };
    const joining = { ...pupil('joining', asOf, absent), admissionDate: '2026-11-23' };
    const out = alerts(asOf, [left, joining]);
    expect(Object.values(out).flat()).toEqual([]);
  });

  it('[roll] marks before admission are ignored', () => {
    const p = { ...pupil('p', asOf, fill('2026-11-02', asOf, 'O')), admissionDate: '2026-11-16' };
    const out = alerts(asOf, [p]);
    expect(out.penalty[0]).toMatchObject({ count: 10 });
    expect(out.continuous10).toEqual([]);
  });

  it('[errors] an unknown or out-of-date code is an error value naming the pupil', () => {
    const run = (code: string) =>
      computeAlerts({
        calendar: CALENDAR,
        settings: DEFAULT_SETTINGS,
        asOf,
        pupils: [pupil('p7', asOf, [mark(asOf, 'AM', code)])],
      });
    expect(errorOf(run('Q9'))).toBe('unknown-code');
    const old = run('H');
    expect(errorOf(old)).toBe('code-not-valid-on-date');
    expect(old.ok ? '' : old.error.message).toContain('p7');
  });

  it('[errors] a malformed as-of date is an error value', () => {
    const result = computeAlerts({
      calendar: CALENDAR,
      settings: DEFAULT_SETTINGS,
      asOf: '2026-02-30',
      pupils: [],
    });
    expect(errorOf(result)).toBe('malformed-date');
  });

  // How long this takes is measured by `npm run bench` (alertsYear1000PupilsMs), not here.
  it('[scale] 1,000 pupils × a full year', () => {
    const end = '2027-07-21';
    const year = fill('2026-09-02', end, '/', '\\').map((m, i) =>
      i % 23 === 0
        ? { ...m, code: 'O' }
        : i % 31 === 0
          ? { ...m, code: 'I' }
          : i % 37 === 0
            ? { ...m, code: 'L' }
            : m,
    );
    const pupils = Array.from({ length: 1000 }, (_, i) => ({
      pupilId: `p${String(i)}`,
      marks: year,
    }));
    const out = unwrap(
      computeAlerts({ calendar: CALENDAR, settings: DEFAULT_SETTINGS, asOf: end, pupils }),
    );
    expect(year.length).toBeGreaterThan(370);
    expect(new Set(out.penalty.map((r) => r.count)).size).toBeLessThanOrEqual(1);
  });
});

describe('the window the alerts read', () => {
  it('is the whole academic year of the as-of date (1 August to 31 July), future included', () => {
    expect(alertsWindow({ first: '2026-09-02' }, '2026-12-02')).toEqual({
      from: '2026-08-01',
      to: '2027-07-31',
    });
  });

  it('starts on the calendar’s first day when that comes before 1 August', () => {
    expect(alertsWindow({ first: '2026-07-27' }, '2026-12-02')).toEqual({
      from: '2026-07-27',
      to: '2027-07-31',
    });
  });

  it('turns over on 1 August: 31 July still reads the year before', () => {
    expect(alertsWindow({ first: '2025-09-03' }, '2026-07-31')).toEqual({
      from: '2025-08-01',
      to: '2026-07-31',
    });
    expect(alertsWindow({ first: '2026-09-02' }, '2026-08-01').from).toBe('2026-08-01');
  });
});
