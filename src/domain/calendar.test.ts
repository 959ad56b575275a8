import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  academicYearEnd,
  academicYearStart,
  addSchoolDays,
  buildCalendar,
  closureOf,
  isInCalendar,
  isSchoolDay,
  isSchoolSession,
  isSchoolWeek,
  isSession,
  nDeadline,
  schoolDaysBetween,
  schoolDaysFromTo,
  schoolDaysLeft,
  schoolWeekWindow,
  sessionsOn,
  termOf,
  type CalendarInput,
  type Closure,
  type SchoolCalendar,
  type Session,
  type Term,
} from './calendar.ts';
import { addDays, daysBetween, isWeekday } from './dates.ts';
import type { DomainErrorCode, Result } from './result.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>): DomainErrorCode | undefined {
  return result.ok ? undefined : result.error.code;
}

const YEAR_2025_26: readonly Term[] = [
  { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
  { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
  { name: 'Spring 1', start: '2026-01-05', end: '2026-02-13' },
  { name: 'Spring 2', start: '2026-02-23', end: '2026-03-27' },
  { name: 'Summer 1', start: '2026-04-13', end: '2026-05-22' },
  { name: 'Summer 2', start: '2026-06-01', end: '2026-07-22' },
];

const YEAR_2026_27: readonly Term[] = [
  { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
  { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
  { name: 'Spring 1', start: '2027-01-05', end: '2027-02-12' },
  { name: 'Spring 2', start: '2027-02-22', end: '2027-03-26' },
  { name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
  { name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
];

const INSET: Closure = { date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET' };
/** A Wednesday with the morning closed (a partial closure): still a school day. */
const AM_ONLY: Closure = { date: '2026-09-16', sessions: ['AM'], code: '#' };

const INPUT_2026_27: CalendarInput = { terms: YEAR_2026_27, closures: [INSET, AM_ONLY] };
const CAL = unwrap(buildCalendar(INPUT_2026_27));
const TWO_YEARS = unwrap(
  buildCalendar({ terms: [...YEAR_2025_26, ...YEAR_2026_27], closures: [INSET] }),
);

function invalid(input: CalendarInput): DomainErrorCode | undefined {
  let result: Result<SchoolCalendar> | undefined;
  expect(() => {
    result = buildCalendar(input);
  }).not.toThrow();
  return result === undefined ? undefined : errorOf(result);
}

const term = (start: string, end: string, name = 'Term'): Term => ({ name, start, end });

describe('buildCalendar', () => {
  it('[calendar] builds the 2026-27 calendar and indexes first and last days', () => {
    expect(CAL.first).toBe('2026-09-02');
    expect(CAL.last).toBe('2027-07-21');
    expect(CAL.terms).toHaveLength(6);
  });

  it('[calendar] sorts terms given out of order', () => {
    const cal = unwrap(buildCalendar({ terms: [...YEAR_2026_27].reverse(), closures: [] }));
    expect(cal.terms.map((t) => t.name)).toEqual(YEAR_2026_27.map((t) => t.name));
    expect(cal.first).toBe('2026-09-02');
    expect(cal.last).toBe('2027-07-21');
  });

  it('[calendar] accepts a one-day term and terms that meet without overlapping', () => {
    const cal = buildCalendar({
      terms: [term('2026-09-02', '2026-09-02', 'A'), term('2026-09-03', '2026-09-04', 'B')],
      closures: [],
    });
    expect(cal.ok).toBe(true);
  });

  it('[calendar] refuses a calendar with no terms', () => {
    expect(invalid({ terms: [], closures: [] })).toBe('invalid-calendar');
  });

  it('[calendar] refuses a term that ends before it starts', () => {
    expect(invalid({ terms: [term('2026-10-23', '2026-09-02')], closures: [] })).toBe(
      'invalid-calendar',
    );
  });

  it('[calendar] refuses overlapping terms, including two that share a day', () => {
    expect(
      invalid({
        terms: [term('2026-09-02', '2026-10-23'), term('2026-10-19', '2026-12-18')],
        closures: [],
      }),
    ).toBe('invalid-calendar');
    expect(
      invalid({
        terms: [term('2026-09-02', '2026-10-23'), term('2026-10-23', '2026-12-18')],
        closures: [],
      }),
    ).toBe('invalid-calendar');
    expect(
      invalid({
        terms: [term('2026-11-02', '2026-12-18'), term('2026-09-02', '2026-12-01')],
        closures: [],
      }),
    ).toBe('invalid-calendar');
  });

  it.each([
    ['2026-9-02', '2026-10-23'],
    ['2026-09-02', '2026-02-30'],
    ['not a date', '2026-10-23'],
    ['', ''],
  ])('[calendar] refuses a term with a bad date (%j to %j)', (start, end) => {
    expect(invalid({ terms: [term(start, end)], closures: [] })).toBe('invalid-calendar');
  });

  it.each<[string, Closure]>([
    ['on a Saturday', { date: '2026-09-05', sessions: ['AM', 'PM'], code: '#' }],
    ['on a Sunday', { date: '2026-09-06', sessions: ['AM'], code: '#' }],
    ['in the half-term holiday', { date: '2026-10-28', sessions: ['AM', 'PM'], code: '#' }],
    ['before the first term', { date: '2026-09-01', sessions: ['AM', 'PM'], code: '#' }],
    ['after the last term', { date: '2027-07-22', sessions: ['AM', 'PM'], code: '#' }],
    ['with a bad date', { date: '2026-11-31', sessions: ['AM', 'PM'], code: '#' }],
    ['with a malformed date', { date: '2026-11-3', sessions: ['AM', 'PM'], code: '#' }],
    ['with no sessions', { date: '2026-11-27', sessions: [], code: '#' }],
    [
      'with a session that is not AM or PM',
      { date: '2026-11-27', sessions: ['EV' as Session], code: '#' },
    ],
    ['with a code that is not a closure code', { date: '2026-11-27', sessions: ['AM'], code: 'I' }],
    ['with an unknown code', { date: '2026-11-27', sessions: ['AM'], code: 'A' }],
    ['with the retired Y after 2024-08-19', { date: '2026-11-27', sessions: ['AM'], code: 'Y' }],
  ])('[calendar] refuses a closure %s', (_label, closure) => {
    expect(invalid({ terms: YEAR_2026_27, closures: [closure] })).toBe('invalid-calendar');
  });

  it('[calendar] accepts Y1–Y7 closures after 2024-08-19 and the old Y before it', () => {
    const y4 = buildCalendar({
      terms: YEAR_2026_27,
      closures: [{ date: '2026-12-01', sessions: ['AM', 'PM'], code: 'Y4', note: 'Snow' }],
    });
    expect(y4.ok).toBe(true);
    const oldY = buildCalendar({
      terms: [term('2024-01-08', '2024-02-09')],
      closures: [{ date: '2024-01-18', sessions: ['AM', 'PM'], code: 'Y' }],
    });
    expect(oldY.ok).toBe(true);
    const earlyY4 = buildCalendar({
      terms: [term('2024-01-08', '2024-02-09')],
      closures: [{ date: '2024-01-18', sessions: ['AM', 'PM'], code: 'Y4' }],
    });
    expect(errorOf(earlyY4)).toBe('invalid-calendar');
  });
});

describe('sessions and school days', () => {
  it('[calendar] isSession', () => {
    expect(isSession('AM')).toBe(true);
    expect(isSession('PM')).toBe(true);
    expect(isSession('am')).toBe(false);
    expect(isSession('')).toBe(false);
  });

  it('[calendar] a full school day has both sessions, including the first and last days of a term', () => {
    expect(sessionsOn(CAL, '2026-09-02')).toEqual(['AM', 'PM']);
    expect(sessionsOn(CAL, '2026-10-23')).toEqual(['AM', 'PM']);
    expect(sessionsOn(CAL, '2027-07-21')).toEqual(['AM', 'PM']);
  });

  it('[calendar] an AM-only closure leaves the PM session and is still a school day', () => {
    expect(sessionsOn(CAL, '2026-09-16')).toEqual(['PM']);
    expect(isSchoolDay(CAL, '2026-09-16')).toBe(true);
    expect(isSchoolSession(CAL, '2026-09-16', 'AM')).toBe(false);
    expect(isSchoolSession(CAL, '2026-09-16', 'PM')).toBe(true);
    expect(closureOf(CAL, '2026-09-16', 'AM')).toEqual(AM_ONLY);
    expect(closureOf(CAL, '2026-09-16', 'PM')).toBeUndefined();
  });

  it('[calendar] a weekend is not a school day', () => {
    expect(sessionsOn(CAL, '2026-09-05')).toEqual([]);
    expect(isSchoolDay(CAL, '2026-09-05')).toBe(false);
    expect(isSchoolDay(CAL, '2026-09-06')).toBe(false);
  });

  it('[calendar] a holiday weekday is not a school day', () => {
    expect(isSchoolDay(CAL, '2026-10-28')).toBe(false);
    expect(isSchoolDay(CAL, '2026-12-23')).toBe(false);
    expect(isSchoolDay(CAL, '2027-01-04')).toBe(false);
    expect(termOf(CAL, '2026-10-28')).toBeUndefined();
  });

  it('[calendar] an INSET day is not a school day but is in term', () => {
    expect(isSchoolDay(CAL, '2026-11-27')).toBe(false);
    expect(sessionsOn(CAL, '2026-11-27')).toEqual([]);
    expect(termOf(CAL, '2026-11-27')?.name).toBe('Autumn 2');
    expect(closureOf(CAL, '2026-11-27', 'PM')?.note).toBe('INSET');
  });

  it('[calendar] days before the first term and after the last are not school days', () => {
    expect(isSchoolDay(CAL, '2026-09-01')).toBe(false);
    expect(isSchoolDay(CAL, '2027-07-22')).toBe(false);
    expect(isInCalendar(CAL, '2026-09-01')).toBe(false);
    expect(isInCalendar(CAL, '2026-09-02')).toBe(true);
    expect(isInCalendar(CAL, '2027-07-21')).toBe(true);
    expect(isInCalendar(CAL, '2027-07-22')).toBe(false);
  });

  it('[calendar] termOf names the half term', () => {
    expect(termOf(CAL, '2026-11-02')?.name).toBe('Autumn 2');
    expect(termOf(CAL, '2027-02-12')?.name).toBe('Spring 1');
  });

  it('[calendar] schoolDaysBetween lists school days, both ends included', () => {
    expect(schoolDaysBetween(CAL, '2026-11-23', '2026-12-01')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(schoolDaysBetween(CAL, '2026-10-24', '2026-11-01')).toEqual([]);
  });
});

describe('nDeadline', () => {
  const deadline = (date: string): string => unwrap(nDeadline(CAL, date));

  it('[N-deadline] an N on a Monday in a normal week is due the next Monday', () => {
    expect(deadline('2026-09-07')).toBe('2026-09-14');
  });

  it('[N-deadline] counts over a weekend (Wednesday to Wednesday)', () => {
    expect(deadline('2026-09-09')).toBe('2026-09-16');
  });

  it('[N-deadline] counts a half-closed day as a school day', () => {
    expect(deadline('2026-09-10')).toBe('2026-09-17');
    expect(deadline('2026-09-16')).toBe('2026-09-23');
  });

  it('[N-deadline] skips the INSET day', () => {
    expect(deadline('2026-11-23')).toBe('2026-12-01');
  });

  it('[N-deadline] an N on the Friday before half term is due 5 school days later, after the holiday', () => {
    expect(deadline('2026-10-23')).toBe('2026-11-06');
  });

  it('[N-deadline] an N two days before half term is due in the week after it', () => {
    expect(deadline('2026-10-21')).toBe('2026-11-04');
  });

  it('[N-deadline] an N on the last day before Christmas is due after the new term starts', () => {
    expect(deadline('2026-12-18')).toBe('2027-01-11');
  });

  it('[N-deadline] an N on the last day of the year still has a deadline (weekdays beyond the last term count)', () => {
    expect(deadline('2027-07-21')).toBe('2027-07-28');
    expect(deadline('2027-07-19')).toBe('2027-07-26');
  });

  it('[N-deadline] the summer holiday does not count when the next year is in the calendar', () => {
    expect(unwrap(nDeadline(TWO_YEARS, '2026-07-22'))).toBe('2026-09-08');
  });

  it.each(['2026-09-01', '2026-08-20', '2027-07-22', '2027-09-01'])(
    '[N-deadline] a session on %s, outside the calendar, is date-outside-calendar',
    (date) => {
      expect(errorOf(nDeadline(CAL, date))).toBe('date-outside-calendar');
    },
  );

  it.each([
    ['2026-09-05', 'a Saturday'],
    ['2026-10-28', 'in half term'],
    ['2026-11-27', 'the INSET day'],
  ])('[N-deadline] a session on %s (%s) is not-a-school-day', (date) => {
    expect(errorOf(nDeadline(CAL, date))).toBe('not-a-school-day');
  });

  it('[N-deadline] a malformed date is malformed-date', () => {
    expect(errorOf(nDeadline(CAL, '2026-9-07'))).toBe('malformed-date');
    expect(errorOf(nDeadline(CAL, '2026-11-31'))).toBe('malformed-date');
  });

  it('[N-deadline] property: the deadline is a school day 5 counted days after the session', () => {
    const schoolDays = schoolDaysBetween(CAL, CAL.first, CAL.last);
    fc.assert(
      fc.property(fc.constantFrom(...schoolDays), (date) => {
        const due = deadline(date);
        expect(due > date).toBe(true);
        expect(schoolDaysFromTo(CAL, date, due)).toBe(5);
        expect(isSchoolDay(CAL, due) || (due > CAL.last && isWeekday(due))).toBe(true);
      }),
    );
  });
});

describe('addSchoolDays and schoolDaysFromTo', () => {
  it('[N-deadline] day 0 is the start itself', () => {
    expect(addSchoolDays(CAL, '2026-09-07', 0)).toBe('2026-09-07');
  });

  it('[N-deadline] from a holiday, the first school day counts as day 1', () => {
    expect(addSchoolDays(CAL, '2026-10-28', 1)).toBe('2026-11-02');
    expect(addSchoolDays(CAL, '2026-09-05', 1)).toBe('2026-09-07');
  });

  it('[N-deadline] schoolDaysFromTo counts (from, to] and is signed', () => {
    expect(schoolDaysFromTo(CAL, '2026-10-23', '2026-11-06')).toBe(5);
    expect(schoolDaysFromTo(CAL, '2026-11-06', '2026-10-23')).toBe(-5);
    expect(schoolDaysFromTo(CAL, '2026-11-06', '2026-11-06')).toBe(0);
  });

  it('[N-deadline] property: the result is a school day (or a weekday beyond the calendar), strictly after the start', () => {
    const anyDate = fc
      .integer({ min: 0, max: daysBetween(CAL.first, CAL.last) + 14 })
      .map((n) => addDays(CAL.first, n));
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const result = addSchoolDays(CAL, start, n);
        expect(result > start).toBe(true);
        expect(isSchoolDay(CAL, result) || (result > CAL.last && isWeekday(result))).toBe(true);
        expect(schoolDaysFromTo(CAL, start, result)).toBe(n);
        expect(schoolDaysFromTo(CAL, start, addDays(result, -1))).toBe(n - 1);
      }),
    );
  });
});

describe('schoolDaysLeft', () => {
  const due = '2026-11-06'; // for an N on Friday 2026-10-23

  it('[N-deadline] is 0 on the deadline day', () => {
    expect(schoolDaysLeft(CAL, due, due)).toBe(0);
  });

  it('[N-deadline] is positive before the deadline, counting school days only', () => {
    expect(schoolDaysLeft(CAL, '2026-10-23', due)).toBe(5);
    expect(schoolDaysLeft(CAL, '2026-10-28', due)).toBe(5);
    expect(schoolDaysLeft(CAL, '2026-11-05', due)).toBe(1);
  });

  it('[N-deadline] is negative on the school days after the deadline', () => {
    expect(schoolDaysLeft(CAL, '2026-11-09', due)).toBe(-1);
    expect(schoolDaysLeft(CAL, '2026-11-13', due)).toBe(-5);
  });

  it('[N-deadline] an N due on a Friday is overdue (negative) on the Saturday after', () => {
    expect(schoolDaysLeft(CAL, '2026-11-07', due)).toBeLessThan(0);
  });
});

describe('school weeks', () => {
  it('[school-week] the half-term week is not a school week', () => {
    expect(isSchoolWeek(CAL, '2026-10-28')).toBe(false);
    expect(isSchoolWeek(CAL, '2026-10-26')).toBe(false);
    expect(isSchoolWeek(CAL, '2026-11-01')).toBe(false);
  });

  it('[school-week] a week with one school day is a school week, from any day in it', () => {
    expect(isSchoolWeek(CAL, '2026-08-31')).toBe(true); // term starts Wednesday
    expect(isSchoolWeek(CAL, '2026-09-06')).toBe(true); // the Sunday
    expect(isSchoolWeek(CAL, '2026-11-29')).toBe(true); // INSET Friday, rest of week in school
  });

  it('[school-week] the Christmas weeks are not school weeks', () => {
    expect(isSchoolWeek(CAL, '2026-12-21')).toBe(false);
    expect(isSchoolWeek(CAL, '2026-12-28')).toBe(false);
    expect(isSchoolWeek(CAL, '2027-01-04')).toBe(true); // term starts Tuesday
  });

  it('[penalty-window] 10 school weeks ending in the current week skip half term and Christmas', () => {
    const window = schoolWeekWindow(CAL, '2027-01-13', 10);
    expect(window.weeks).toEqual([
      '2026-10-19',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      '2027-01-04',
      '2027-01-11',
    ]);
    expect(window.start).toBe('2026-10-19');
    expect(window.end).toBe('2027-01-13');
  });

  it('[penalty-window] when asOf is in a holiday week, the window is the 10 school weeks before it', () => {
    const window = schoolWeekWindow(CAL, '2027-02-17', 10);
    expect(window.weeks).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      '2027-01-04',
      '2027-01-11',
      '2027-01-18',
      '2027-01-25',
      '2027-02-01',
      '2027-02-08',
    ]);
    expect(window.start).toBe('2026-11-23');
    expect(window.end).toBe('2027-02-14');
  });

  it('[penalty-window] on Christmas Day the window ends on the Sunday of the last school week', () => {
    const window = schoolWeekWindow(CAL, '2026-12-25', 10);
    expect(window.weeks).toHaveLength(10);
    expect(window.weeks[0]).toBe('2026-10-05');
    expect(window.weeks[9]).toBe('2026-12-14');
    expect(window.end).toBe('2026-12-20');
  });

  it('[penalty-window] a Sunday asOf keeps its own week (which holds the INSET day)', () => {
    const window = schoolWeekWindow(CAL, '2026-11-29', 1);
    expect(window.weeks).toEqual(['2026-11-23']);
    expect(window.start).toBe('2026-11-23');
    expect(window.end).toBe('2026-11-29');
  });

  it('[penalty-window] near the calendar start the window has fewer weeks', () => {
    const window = schoolWeekWindow(CAL, '2026-09-16', 10);
    expect(window.weeks).toEqual(['2026-08-31', '2026-09-07', '2026-09-14']);
    expect(window.start).toBe('2026-08-31');
    expect(window.end).toBe('2026-09-16');
  });

  it('[penalty-window] before the calendar starts the window is empty', () => {
    const window = schoolWeekWindow(CAL, '2026-08-20', 10);
    expect(window.weeks).toEqual([]);
  });

  it('[penalty-window] spans the summer holiday when the calendar has two years', () => {
    const window = schoolWeekWindow(TWO_YEARS, '2026-09-16', 10);
    expect(window.weeks).toEqual([
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
      '2026-07-06',
      '2026-07-13',
      '2026-07-20',
      '2026-08-31',
      '2026-09-07',
      '2026-09-14',
    ]);
    expect(window.start).toBe('2026-06-08');
    expect(window.end).toBe('2026-09-16');
  });

  it('[penalty-window] in the summer holiday of a two-year calendar, the window is the end of the summer term', () => {
    const window = schoolWeekWindow(TWO_YEARS, '2026-08-12', 2);
    expect(window.weeks).toEqual(['2026-07-13', '2026-07-20']);
    expect(window.end).toBe('2026-07-26');
  });

  it('[penalty-window] property: every week in the window is a school week, oldest first, none after asOf', () => {
    const anyDate = fc
      .integer({ min: 0, max: daysBetween(TWO_YEARS.first, TWO_YEARS.last) })
      .map((n) => addDays(TWO_YEARS.first, n));
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 15 }), (asOf, count) => {
        const { weeks, start, end } = schoolWeekWindow(TWO_YEARS, asOf, count);
        expect(weeks.length).toBeLessThanOrEqual(count);
        expect(weeks.length).toBeGreaterThan(0);
        expect(start).toBe(weeks[0]);
        expect(end <= asOf).toBe(true);
        weeks.forEach((monday, i) => {
          expect(isSchoolWeek(TWO_YEARS, monday)).toBe(true);
          if (i > 0) expect(monday > (weeks[i - 1] ?? '')).toBe(true);
        });
        const newest = weeks[weeks.length - 1] ?? '';
        expect(daysBetween(newest, end)).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe('academicYearStart', () => {
  it.each([
    ['2026-07-31', '2025-08-01'],
    ['2026-08-01', '2026-08-01'],
    ['2026-09-02', '2026-08-01'],
    ['2026-12-31', '2026-08-01'],
    ['2027-01-01', '2026-08-01'],
    ['2027-07-21', '2026-08-01'],
  ])('[academic-year] %s is in the year starting %s', (date, start) => {
    expect(academicYearStart(date)).toBe(start);
  });
});

describe('academicYearEnd', () => {
  it.each([
    ['2026-07-31', '2026-07-31'],
    ['2026-08-01', '2027-07-31'],
    ['2027-01-01', '2027-07-31'],
    ['2027-07-21', '2027-07-31'],
  ])('[academic-year] %s is in the year ending %s', (date, end) => {
    expect(academicYearEnd(date)).toBe(end);
    expect(academicYearStart(end)).toBe(academicYearStart(date));
  });
});
