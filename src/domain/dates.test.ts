import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  eachDate,
  formatHhmm,
  fromEpochDay,
  isHhmm,
  isIsoDate,
  isoWeekday,
  isWeekday,
  maxDate,
  minDate,
  mondayOf,
  parseHhmm,
  parseIsoDate,
  toEpochDay,
} from './dates.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** An independent oracle: the Gregorian leap-year rule, written out. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Real dates in a range that comfortably covers any school calendar. */
const realDate = fc
  .date({
    min: new Date('1950-01-01T00:00:00Z'),
    max: new Date('2150-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe('parseIsoDate', () => {
  it.each(['2026-01-05', '2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '1999-01-01'])(
    '[dates] accepts the real date %s',
    (value) => {
      expect(parseIsoDate(value)).toEqual({ ok: true, value });
      expect(isIsoDate(value)).toBe(true);
    },
  );

  it.each([
    ['2026-02-29', 'not a leap year'],
    ['2100-02-29', 'century, not a leap year'],
    ['2026-02-30', 'no 30 February'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-01-00', 'day 0'],
    ['2026-01-32', 'day 32'],
    ['2026-1-05', 'unpadded month'],
    ['2026-01-5', 'unpadded day'],
    ['26-01-05', 'two-digit year'],
    ['2026/01/05', 'slashes'],
    ['05-01-2026', 'day first'],
    ['2026-01-05T00:00', 'a time attached'],
    [' 2026-01-05', 'leading space'],
    ['2026-01-05 ', 'trailing space'],
    ['2026-01-05\n', 'trailing newline'],
    ['', 'empty'],
  ])('[dates] rejects %j (%s) as malformed-date', (value) => {
    const result = parseIsoDate(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('malformed-date');
    expect(isIsoDate(value)).toBe(false);
  });

  it('[dates] property: accepts exactly the real dates among every yyyy-MM-dd shaped string', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (year, month, day) => {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
          expect(parseIsoDate(value).ok).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('[dates] property: any string it accepts is a yyyy-MM-dd date that round-trips', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (value) => {
        if (parseIsoDate(value).ok) {
          expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(fromEpochDay(toEpochDay(value))).toBe(value);
        }
      }),
    );
  });
});

describe('parseHhmm and formatHhmm', () => {
  it.each([
    ['00:00', 0],
    ['09:00', 540],
    ['08:50', 530],
    ['13:15', 795],
    ['23:59', 1439],
  ])('[times] parses %s to %i minutes', (value, minutes) => {
    expect(parseHhmm(value)).toEqual({ ok: true, value: minutes });
    expect(isHhmm(value)).toBe(true);
  });

  it.each([
    '24:00',
    '9:00',
    '09:0',
    '12:60',
    '25:00',
    '09:00:00',
    '09.00',
    ' 09:00',
    '09:00 ',
    'ab:cd',
    '',
  ])('[times] rejects %j as malformed-time', (value) => {
    const result = parseHhmm(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('malformed-time');
    expect(isHhmm(value)).toBe(false);
  });

  it.each([
    [0, '00:00'],
    [5, '00:05'],
    [540, '09:00'],
    [795, '13:15'],
    [1439, '23:59'],
  ])('[times] formats %i minutes as %s', (minutes, text) => {
    expect(formatHhmm(minutes)).toBe(text);
  });

  it('[times] property: formatHhmm and parseHhmm round-trip every minute of the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), (minutes) => {
        expect(parseHhmm(formatHhmm(minutes))).toEqual({ ok: true, value: minutes });
      }),
    );
  });
});

describe('day arithmetic', () => {
  it('[dates] addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-09-02', 0)).toBe('2026-09-02');
  });

  it('[dates] addDays is not disturbed by the clock changes (last Sundays of March and October)', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('[dates] daysBetween is signed', () => {
    expect(daysBetween('2026-09-02', '2026-09-09')).toBe(7);
    expect(daysBetween('2026-09-09', '2026-09-02')).toBe(-7);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2026-12-31')).toBe(0);
  });

  it('[dates] toEpochDay counts from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(fromEpochDay(0)).toBe('1970-01-01');
  });

  it('[dates] property: addDays and daysBetween round-trip', () => {
    fc.assert(
      fc.property(realDate, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const moved = addDays(date, n);
        expect(isIsoDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(n);
        expect(addDays(moved, -n)).toBe(date);
      }),
    );
  });

  it('[dates] minDate and maxDate', () => {
    expect(minDate('2026-09-02', '2026-10-23')).toBe('2026-09-02');
    expect(minDate('2027-01-05', '2026-12-18')).toBe('2026-12-18');
    expect(maxDate('2026-09-02', '2026-10-23')).toBe('2026-10-23');
    expect(maxDate('2027-01-05', '2026-12-18')).toBe('2027-01-05');
  });
});

describe('weekdays and weeks', () => {
  it.each([
    ['2026-08-31', 1],
    ['2026-09-01', 2],
    ['2026-09-02', 3],
    ['2026-09-03', 4],
    ['2026-09-04', 5],
    ['2026-09-05', 6],
    ['2026-09-06', 7],
    ['2028-02-29', 2],
  ])('[dates] isoWeekday(%s) is %i (Monday 1 … Sunday 7)', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
    expect(isWeekday(date)).toBe(weekday <= 5);
  });

  it.each([
    ['2026-09-02', '2026-08-31', 'Wednesday, across a month end'],
    ['2026-08-31', '2026-08-31', 'a Monday is its own Monday'],
    ['2026-09-06', '2026-08-31', 'Sunday belongs to the week before'],
    ['2027-01-01', '2026-12-28', 'Friday, across a year end'],
    ['2025-01-01', '2024-12-30', 'Wednesday, across a year end'],
    ['2026-03-01', '2026-02-23', 'Sunday, across February'],
    ['2028-03-01', '2028-02-28', 'Wednesday, across a leap February'],
  ])('[school-week] mondayOf(%s) is %s (%s)', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });

  it('[school-week] property: mondayOf is a Monday 0–6 days before the date', () => {
    fc.assert(
      fc.property(realDate, (date) => {
        const monday = mondayOf(date);
        expect(isoWeekday(monday)).toBe(1);
        const back = daysBetween(monday, date);
        expect(back).toBeGreaterThanOrEqual(0);
        expect(back).toBeLessThanOrEqual(6);
        expect(isoWeekday(addDays(date, 7))).toBe(isoWeekday(date));
      }),
    );
  });
});

describe('eachDate', () => {
  it('[dates] yields every date, both ends included, across a leap day', () => {
    expect([...eachDate('2028-02-27', '2028-03-01')]).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
  });

  it('[dates] crosses a year end', () => {
    expect([...eachDate('2026-12-30', '2027-01-02')]).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('[dates] yields one date when from equals to, and none when to is before from', () => {
    expect([...eachDate('2026-09-02', '2026-09-02')]).toEqual(['2026-09-02']);
    expect([...eachDate('2026-09-03', '2026-09-02')]).toEqual([]);
  });

  it('[dates] property: yields daysBetween + 1 consecutive dates', () => {
    fc.assert(
      fc.property(realDate, fc.integer({ min: 0, max: 400 }), (from, n) => {
        const dates = [...eachDate(from, addDays(from, n))];
        expect(dates).toHaveLength(n + 1);
        dates.forEach((date, i) => {
          expect(date).toBe(addDays(from, i));
        });
      }),
    );
  });
});
