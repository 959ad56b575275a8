import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from './calendar.ts';
import { codesOn } from './codes.ts';
import { addDays, type IsoDate } from './dates.ts';
import type { DomainErrorCode, Result } from './result.ts';
import {
  bandFor,
  countSessions,
  formatPct,
  groupStatistics,
  pupilStatistics,
  readMark,
  triggersMet,
  yearToDate,
  type AttendanceBand,
  type SessionCounts,
  type SessionMark,
} from './statistics.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>): DomainErrorCode | undefined {
  return result.ok ? undefined : result.error.code;
}

/** One mark per session, AM then PM, day after day from `start`. */
function marks(codes: readonly (string | null)[], start: IsoDate = '2026-09-07'): SessionMark[] {
  return codes.map((code, i) => ({
    date: addDays(start, Math.floor(i / 2)),
    session: i % 2 === 0 ? 'AM' : 'PM',
    code,
  }));
}

/** `present` attendance marks and `absent` absences (`O`). */
function split(present: number, absent: number, absentCode = 'O'): SessionMark[] {
  return marks([...Array<string>(present).fill('/'), ...Array<string>(absent).fill(absentCode)]);
}

const SEED_002_BANDS: readonly AttendanceBand[] = [
  { name: 'purple', tenths: 970, comparison: 'at-least' },
  { name: 'green', tenths: 955, comparison: 'at-least' },
  { name: 'yellow', tenths: 940, comparison: 'at-least' },
  { name: 'amber', tenths: 925, comparison: 'at-least' },
  { name: 'red', tenths: 0, comparison: 'at-least' },
];

const counts = (attendance: number, absent: number): SessionCounts => ({
  possible: attendance + absent,
  attendance,
  authorised: 0,
  unauthorised: absent,
});

describe('countSessions', () => {
  it('[stats] counts each code by its treatment', () => {
    const result = unwrap(countSessions(marks(['/', '\\', 'L', 'V', 'I', 'M', 'G', 'U', 'N'])));
    expect(result).toEqual({ possible: 9, attendance: 4, authorised: 2, unauthorised: 3 });
  });

  it('[stats] blank cells and not-possible codes are left out of every figure', () => {
    const result = unwrap(countSessions(marks(['/', null, '', 'X', '#', 'Y2', 'D', 'Z', 'O'])));
    expect(result).toEqual({ possible: 2, attendance: 1, authorised: 0, unauthorised: 1 });
  });

  it('[stats] a 2023 J counts as attendance', () => {
    const result = unwrap(countSessions(marks(['J', 'J'], '2023-05-10')));
    expect(result).toEqual({ possible: 2, attendance: 2, authorised: 0, unauthorised: 0 });
  });

  it('[stats] a 2023 H counts as authorised absence', () => {
    expect(unwrap(countSessions(marks(['H'], '2023-07-03'))).authorised).toBe(1);
  });

  it('[stats] code H after 2024-08-19 is an error', () => {
    expect(errorOf(countSessions(marks(['H'], '2024-08-19')))).toBe('code-not-valid-on-date');
    expect(errorOf(countSessions(marks(['H'], '2024-08-16')))).toBeUndefined();
  });

  it('[stats] a 2024 code before 2024-08-19 is an error', () => {
    expect(errorOf(countSessions(marks(['C1'], '2024-08-16')))).toBe('code-not-valid-on-date');
    expect(errorOf(countSessions(marks(['J1'], '2024-08-19')))).toBeUndefined();
  });

  it('[stats] an unknown code is an error naming the session, not a wrong answer', () => {
    const result = countSessions(marks(['/', 'Q9']));
    expect(errorOf(result)).toBe('unknown-code');
    expect(result.ok ? '' : result.error.message).toContain('2026-09-07 PM');
  });

  it('[stats] the period and the enrolment dates are inclusive bounds', () => {
    const list = marks(['O', 'O', '/', '/', '/', '/', 'O', 'O']); // 07..10 Sept
    const period = { from: '2026-09-08', to: '2026-09-09' };
    expect(unwrap(countSessions(list, period)).possible).toBe(4);
    expect(unwrap(countSessions(list, period)).unauthorised).toBe(0);
    const enrolment = { admissionDate: '2026-09-08', leavingDate: '2026-09-10' };
    expect(unwrap(countSessions(list, enrolment))).toMatchObject({ possible: 6, unauthorised: 2 });
  });

  it('[stats] a bad code outside the period is not read', () => {
    const list = [...marks(['/'], '2026-09-07'), ...marks(['H'], '2026-10-01')];
    expect(unwrap(countSessions(list, { to: '2026-09-30' })).possible).toBe(1);
  });

  it('[stats] a malformed period bound is an error', () => {
    expect(errorOf(countSessions([], { from: '2026-13-01' }))).toBe('malformed-date');
  });

  it('[stats] attendance + authorised + unauthorised = possible for any mark list', () => {
    const codes = codesOn('2025-01-06').map((c) => c.code as string);
    const mark = fc.record({
      day: fc.integer({ min: 0, max: 300 }),
      session: fc.constantFrom<Session>('AM', 'PM'),
      code: fc.option(fc.constantFrom(...codes)),
    });
    fc.assert(
      fc.property(fc.array(mark, { maxLength: 400 }), (raw) => {
        const list = raw.map((m) => ({ ...m, date: addDays('2024-09-02', m.day) }));
        const c = unwrap(countSessions(list));
        expect(c.attendance + c.authorised + c.unauthorised).toBe(c.possible);
        expect(c.possible).toBeLessThanOrEqual(list.length);
      }),
    );
  });
});

describe('readMark', () => {
  it('[codes] a blank cell (null or empty) reads as null, not as an error', () => {
    expect(unwrap(readMark({ date: '2026-09-07', session: 'AM', code: null }))).toBeNull();
    expect(unwrap(readMark({ date: '2026-09-07', session: 'PM', code: '' }))).toBeNull();
  });

  it('[codes] a code is read with its meaning on the date: old J is attendance, J1 is leave', () => {
    expect(unwrap(readMark({ date: '2023-09-07', session: 'AM', code: 'J' }))?.treatment).toBe(
      'attendance',
    );
    expect(unwrap(readMark({ date: '2026-09-07', session: 'AM', code: 'J1' }))?.treatment).toBe(
      'authorised',
    );
  });

  it('[codes] an error names the date and session', () => {
    const result = readMark({ date: '2026-09-07', session: 'PM', code: 'H' });
    expect(errorOf(result)).toBe('code-not-valid-on-date');
    expect(result.ok ? '' : result.error.message).toMatch(/^2026-09-07 PM: /);
  });
});

describe('pupilStatistics', () => {
  it('[PA] exactly 90.0% attendance is persistent absence', () => {
    const stats = unwrap(pupilStatistics(split(18, 2)));
    expect(stats.attendancePct).toBe(90);
    expect(stats.absencePct).toBe(10);
    expect(stats.isPersistent).toBe(true);
  });

  it('[PA] 90.1% attendance is not persistent absence', () => {
    const stats = unwrap(pupilStatistics(split(901, 99)));
    expect(stats.attendancePct).toBeCloseTo(90.1, 10);
    expect(stats.isPersistent).toBe(false);
  });

  it('[PA] just over 90% (91 of 101) is not persistent absence', () => {
    expect(unwrap(pupilStatistics(split(91, 10))).isPersistent).toBe(false);
  });

  it('[PA] authorised absence counts towards persistent absence', () => {
    const stats = unwrap(pupilStatistics(split(9, 1, 'I')));
    expect(stats).toMatchObject({ authorised: 1, unauthorised: 0, isPersistent: true });
  });

  it('[SA] exactly 50% absence is severe absence', () => {
    expect(unwrap(pupilStatistics(split(10, 10)))).toMatchObject({
      isSevere: true,
      isPersistent: true,
    });
  });

  it('[SA] 51% attendance is not severe absence', () => {
    expect(unwrap(pupilStatistics(split(51, 49))).isSevere).toBe(false);
  });

  it('[stats] no possible session gives null percentages, never NaN', () => {
    const stats = unwrap(pupilStatistics(marks(['X', null, '#']), { bands: SEED_002_BANDS }));
    expect(stats).toMatchObject({
      possible: 0,
      attendancePct: null,
      absencePct: null,
      isPersistent: false,
      isSevere: false,
      band: null,
    });
  });

  it('[bands] seed 002: 95.5% exactly is green, 95.4% is yellow', () => {
    const bands = { bands: SEED_002_BANDS };
    expect(unwrap(pupilStatistics(split(191, 9), bands)).band).toBe('green'); // 95.5
    expect(unwrap(pupilStatistics(split(954, 46), bands)).band).toBe('yellow'); // 95.4
  });

  it('[bands] seed 002: every boundary is inclusive and judged exactly', () => {
    expect(bandFor(counts(97, 3), SEED_002_BANDS)).toBe('purple');
    expect(bandFor(counts(9699, 301), SEED_002_BANDS)).toBe('green'); // 96.99
    expect(bandFor(counts(94, 6), SEED_002_BANDS)).toBe('yellow');
    expect(bandFor(counts(185, 15), SEED_002_BANDS)).toBe('amber'); // 92.5
    expect(bandFor(counts(924, 76), SEED_002_BANDS)).toBe('red'); // 92.4
    expect(bandFor(counts(0, 5), SEED_002_BANDS)).toBe('red');
  });

  it('[bands] an "above" band excludes its own threshold', () => {
    const bands: AttendanceBand[] = [
      { name: 'amber', tenths: 900, comparison: 'above' },
      { name: 'red', tenths: 0, comparison: 'at-least' },
    ];
    expect(bandFor(counts(9, 1), bands)).toBe('red');
    expect(bandFor(counts(901, 99), bands)).toBe('amber');
  });

  it('[bands] more attendance never gives a lower band', () => {
    const rank = (c: SessionCounts) =>
      SEED_002_BANDS.findIndex((b) => b.name === bandFor(c, SEED_002_BANDS));
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), (attendance, absent) => {
        fc.pre(attendance + absent > 0 && absent > 0);
        expect(rank(counts(attendance + 1, absent - 1))).toBeLessThanOrEqual(
          rank(counts(attendance, absent)),
        );
      }),
    );
  });

  it('[letters] seed 000: below 92% is a letter, 90% or below a PA meeting', () => {
    const triggers = [
      { id: 'letter', label: 'Letter', tenths: 920, comparison: 'below' as const },
      { id: 'meeting', label: 'Meeting', tenths: 900, comparison: 'at-or-below' as const },
    ];
    expect(triggersMet(counts(92, 8), triggers)).toEqual([]);
    expect(triggersMet(counts(91, 9), triggers)).toEqual(['letter']);
    expect(triggersMet(counts(9, 1), triggers)).toEqual(['letter', 'meeting']);
    expect(triggersMet(counts(0, 0), triggers)).toEqual([]);
  });

  it('[stats] year to date runs from 1 August', () => {
    expect(yearToDate('2027-03-01')).toEqual({ from: '2026-08-01', to: '2027-03-01' });
    expect(yearToDate('2026-08-01')).toEqual({ from: '2026-08-01', to: '2026-08-01' });
  });
});

describe('groupStatistics', () => {
  it('[group] totals and counts of persistent and severe pupils', () => {
    const group = groupStatistics([counts(18, 2), counts(19, 1), counts(5, 5), counts(0, 0)]);
    expect(group).toMatchObject({
      pupils: 4,
      possible: 50,
      attendance: 42,
      unauthorised: 8,
      persistent: 2,
      severe: 1,
      attendancePct: 84,
    });
  });

  it('[group] an empty group has null percentages', () => {
    expect(groupStatistics([])).toMatchObject({ pupils: 0, possible: 0, attendancePct: null });
  });

  it('[group] totals equal the sum of the pupils', () => {
    const pupil = fc
      .record({ attendance: fc.nat(400), authorised: fc.nat(100), unauthorised: fc.nat(100) })
      .map((c) => ({ ...c, possible: c.attendance + c.authorised + c.unauthorised }));
    fc.assert(
      fc.property(fc.array(pupil, { maxLength: 50 }), (pupils) => {
        const group = groupStatistics(pupils);
        const sum = (key: keyof SessionCounts) => pupils.reduce((n, p) => n + p[key], 0);
        expect(group.possible).toBe(sum('possible'));
        expect(group.attendance).toBe(sum('attendance'));
        expect(group.authorised + group.unauthorised).toBe(sum('authorised') + sum('unauthorised'));
        // Persistent: attendance ≤ 90%, i.e. attendance × 10 ≤ possible × 9.
        const persistent = pupils.filter(
          (p) => p.possible > 0 && p.attendance * 10 <= p.possible * 9,
        );
        expect(group.persistent).toBe(persistent.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe('formatPct', () => {
  it('[display] rounds to one decimal place, only for display', () => {
    expect(formatPct(90)).toBe('90.0');
    expect(formatPct(95.45)).toBe('95.5');
    expect(formatPct(95.44)).toBe('95.4');
    expect(formatPct(100)).toBe('100.0');
    expect(formatPct((2 * 100) / 3)).toBe('66.7');
  });

  it('[display] nothing possible shows as a dash', () => {
    expect(formatPct(null)).toBe('–');
  });
});

describe('scale', () => {
  // How long this takes is measured by `npm run bench` (statisticsYear1000PupilsMs), not here.
  it('[scale] 1,000 pupils × a full year', () => {
    const year = marks(Array.from({ length: 380 }, (_, i) => (i % 17 === 0 ? 'I' : '/')));
    const perPupil = Array.from({ length: 1000 }, () => unwrap(pupilStatistics(year)));
    const group = groupStatistics(perPupil);
    expect(perPupil[0]).toMatchObject({ possible: 380, authorised: 23, attendance: 357 });
    expect(group).toMatchObject({ pupils: 1000, possible: 380_000, authorised: 23_000 });
  });
});

describe('[stats] tallies', () => {
  it('[stats] a tally line counts as that many sessions, read in its code set', () => {
    const counts = countSessions([
      { date: '2026-11-02', session: 'AM', code: '/', count: 17 },
      { date: '2026-11-03', session: 'AM', code: 'I', count: 2 },
      { date: '2026-11-04', session: 'PM', code: 'O', count: 1 },
      { date: '2023-11-04', session: 'PM', code: 'J', count: 4 },
    ]);
    expect(counts).toEqual({
      ok: true,
      value: { possible: 24, attendance: 21, authorised: 2, unauthorised: 1 },
    });
  });
});
