import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, schoolDaysBetween, sessionsOn, type Term } from './calendar.ts';
import { addDays } from './dates.ts';
import type { Result } from './result.ts';
import {
  buildSchoolDayIndex,
  dayRange,
  hasSession,
  lastSchoolDayOnOrBefore,
} from './schoolDayIndex.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Autumn 2026: half term 26–30 Oct, an INSET Friday, and a Wednesday with the PM closed. */
const TERMS: readonly Term[] = [
  { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
  { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
];
const INSET = '2026-11-27';
const PM_CLOSED = '2026-11-18';
const CAL = unwrap(
  buildCalendar({
    terms: TERMS,
    closures: [
      { date: INSET, sessions: ['AM', 'PM'], code: '#' },
      { date: PM_CLOSED, sessions: ['PM'], code: '#' },
    ],
  }),
);
const INDEX = buildSchoolDayIndex(CAL);

describe('buildSchoolDayIndex', () => {
  it('[school-day] lists the school days of the whole calendar, oldest first', () => {
    expect(INDEX.dates).toEqual(schoolDaysBetween(CAL, CAL.first, CAL.last));
    expect(INDEX.dates[0]).toBe('2026-09-02');
    expect(INDEX.dates.at(-1)).toBe('2026-12-18');
    expect(INDEX.position.get('2026-09-03')).toBe(1);
  });

  it('[school-day] skips weekends, half term and the INSET day', () => {
    for (const date of ['2026-09-05', '2026-10-28', INSET]) {
      expect(INDEX.position.has(date)).toBe(false);
    }
    const friday = INDEX.position.get('2026-11-26') ?? -1;
    expect(INDEX.dates[friday + 1]).toBe('2026-11-30'); // Thursday, then (INSET) the Monday
  });

  it('[school-day] a half-closure day is listed with its one session', () => {
    const day = INDEX.position.get(PM_CLOSED) ?? -1;
    expect(INDEX.sessions[day]).toEqual(['AM']);
    expect(hasSession(INDEX, day, 'AM')).toBe(true);
    expect(hasSession(INDEX, day, 'PM')).toBe(false);
    expect(hasSession(INDEX, day + 1, 'PM')).toBe(true);
    expect(hasSession(INDEX, INDEX.dates.length, 'AM')).toBe(false);
  });

  it('[school-day] a range of dates gives only the school days inside it', () => {
    const week = buildSchoolDayIndex(CAL, '2026-11-23', '2026-11-29');
    expect(week.dates).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    expect(buildSchoolDayIndex(CAL, '2026-10-24', '2026-11-01').dates).toEqual([]);
  });

  it('[school-day] agrees with sessionsOn for every day of the calendar', () => {
    const days = fc.integer({ min: -10, max: 120 }).map((n) => addDays(CAL.first, n));
    fc.assert(
      fc.property(days, (date) => {
        const day = INDEX.position.get(date);
        const sessions = sessionsOn(CAL, date);
        expect(day === undefined ? [] : INDEX.sessions[day]).toEqual(sessions);
      }),
    );
  });
});

describe('lastSchoolDayOnOrBefore and dayRange', () => {
  const at = (date: string) => INDEX.position.get(date) ?? -99;

  it('[school-day] a school day is its own last school day; a weekend gives the Friday', () => {
    expect(lastSchoolDayOnOrBefore(INDEX, '2026-09-04')).toBe(at('2026-09-04'));
    expect(lastSchoolDayOnOrBefore(INDEX, '2026-09-06')).toBe(at('2026-09-04'));
    expect(lastSchoolDayOnOrBefore(INDEX, INSET)).toBe(at('2026-11-26'));
  });

  it('[school-day] before the first school day there is none (-1); after the last, the last', () => {
    expect(lastSchoolDayOnOrBefore(INDEX, '2026-09-01')).toBe(-1);
    expect(lastSchoolDayOnOrBefore(INDEX, '2027-01-04')).toBe(INDEX.dates.length - 1);
  });

  it('[school-day] ranges are inclusive and may start or end on a day off', () => {
    expect(dayRange(INDEX, '2026-09-02', '2026-09-04')).toEqual({ from: 0, to: 2 });
    expect(dayRange(INDEX, '2026-10-24', '2026-11-03')).toEqual({
      from: at('2026-11-02'),
      to: at('2026-11-03'),
    });
    expect(dayRange(INDEX, '0000-01-01', '9999-12-31')).toEqual({
      from: 0,
      to: INDEX.dates.length - 1,
    });
  });

  it('[school-day] a range with no school day in it is empty (from > to)', () => {
    const { from, to } = dayRange(INDEX, '2026-10-24', '2026-11-01');
    expect(from).toBeGreaterThan(to);
    const reversed = dayRange(INDEX, '2026-11-03', '2026-11-02');
    expect(reversed.from).toBeGreaterThan(reversed.to);
  });
});
