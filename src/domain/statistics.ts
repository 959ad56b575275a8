/**
 * Attendance statistics: sessions counted by what each code means on its date, percentages,
 * persistent and severe absence, and local bands (docs/attendance-rules.md §2, §5).
 *
 * Every figure is a count of sessions. Percentages are kept at full precision and every threshold
 * is compared on exact integer fractions (`absent * 10 >= possible`), never on floats, so a pupil
 * at exactly 90.0% is persistently absent however the division rounds. Round only for display
 * (`formatPct`).
 */
import { academicYearStart, type Session } from './calendar.ts';
import { codeOn, type CodeInfo } from './codes.ts';
import { maxDate, minDate, OPEN_END, OPEN_START, parseIsoDate, type IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/**
 * One register cell as the statistics see it: the resolved mark of one pupil for one session, so
 * one mark per session (a repeated session would be counted twice). `code` null or empty is a
 * blank cell. Dates are trusted to be valid ISO dates (the schema checks them at the boundary).
 */
export interface SessionMark {
  readonly date: IsoDate;
  readonly session: Session;
  readonly code: string | null;
  /**
   * How many sessions this line stands for (default 1): a tally of one code in one code set,
   * e.g. a report aggregated by the database. `date` is then any of those sessions' dates.
   */
  readonly count?: number;
}

/** possible = attendance + authorised + unauthorised (docs/attendance-rules.md §2). */
export interface SessionCounts {
  readonly possible: number;
  readonly attendance: number;
  readonly authorised: number;
  readonly unauthorised: number;
}

/**
 * Which marks count: `from`/`to` bound the period, `admissionDate`/`leavingDate` the enrolment
 * (both inclusive: the leaving date is the last day on roll). Left out, a bound is open, so by
 * default every mark given counts; `yearToDate` gives the usual period (docs/attendance-rules.md
 * §5).
 */
export interface Period {
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly admissionDate?: IsoDate;
  readonly leavingDate?: IsoDate | null;
}

/**
 * A local attendance band (docs/attendance-rules.md §5, policy). `tenths` is the threshold in
 * tenths of a percent (955 = 95.5%); `at-least` means attendance ≥ threshold, `above` means
 * attendance > threshold (so "above 90%" can sit just clear of persistent absence).
 */
export interface AttendanceBand {
  readonly name: string;
  readonly tenths: number;
  readonly comparison: 'at-least' | 'above';
}

/**
 * An attendance level that prompts an action, e.g. a letter below 92% (docs/attendance-rules.md
 * §5).
 */
export interface AttendanceTrigger {
  readonly id: string;
  /** What the office does, in the school's words (the school writes it, not the product). */
  readonly label: string;
  readonly tenths: number;
  readonly comparison: 'below' | 'at-or-below';
}

/** The period and enrolment (docs/attendance-rules.md §5) and the school's bands, if any. */
export interface StatisticsOptions extends Period {
  readonly bands?: readonly AttendanceBand[];
}

/** A pupil's figures; percentages 0–100 at full precision, null when nothing was possible. */
export interface PupilStatistics extends SessionCounts {
  readonly attendancePct: number | null;
  readonly absencePct: number | null;
  readonly isPersistent: boolean;
  readonly isSevere: boolean;
  /** The first band the pupil meets; null with no bands or no possible sessions. */
  readonly band: string | null;
}

/** Totals for any set of pupils, with how many of them are persistently or severely absent. */
export interface GroupStatistics extends SessionCounts {
  readonly pupils: number;
  readonly attendancePct: number | null;
  readonly absencePct: number | null;
  readonly persistent: number;
  readonly severe: number;
  readonly band: string | null;
}

/**
 * Academic year to date: 1 August of the year holding `asOf` up to `asOf` (docs/attendance-rules.md
 * §5).
 */
export function yearToDate(asOf: IsoDate): { readonly from: IsoDate; readonly to: IsoDate } {
  return { from: academicYearStart(asOf), to: asOf };
}

function validatePeriod(period: Period): Result<{ readonly lo: IsoDate; readonly hi: IsoDate }> {
  for (const date of [period.from, period.to, period.admissionDate, period.leavingDate]) {
    if (date === undefined || date === null) continue;
    const parsed = parseIsoDate(date);
    if (!parsed.ok) return parsed;
  }
  const lo = maxDate(period.from ?? OPEN_START, period.admissionDate ?? OPEN_START);
  const hi = minDate(period.to ?? OPEN_END, period.leavingDate ?? OPEN_END);
  return ok({ lo, hi });
}

/**
 * What one cell's mark means: null for a blank cell (`code` null or empty), else the code as it
 * stood on the mark's date (docs/attendance-rules.md §2, `codeOn`). Errors: `unknown-code`,
 * `code-not-valid-on-date`, naming the date and session.
 */
export function readMark(mark: SessionMark): Result<CodeInfo | null> {
  if (mark.code === null || mark.code === '') return ok(null);
  const info = codeOn(mark.code, mark.date);
  return info.ok
    ? info
    : err({
        code: info.error.code,
        message: `${mark.date} ${mark.session}: ${info.error.message}`,
      });
}

/**
 * Counts sessions by treatment (docs/attendance-rules.md §2). Each code is read with its meaning on
 * the mark's date (`codeOn`), so a 2023 `J` is attendance and an `H` after 2024-08-19 is refused.
 * Blank cells and `not-possible` codes are left out of every figure. Marks outside the period are
 * not read at all. Errors: `malformed-date` (a bound), `unknown-code`, `code-not-valid-on-date`
 * (naming the session).
 */
export function countSessions(
  marks: readonly SessionMark[],
  period: Period = {},
): Result<SessionCounts> {
  const bounds = validatePeriod(period);
  if (!bounds.ok) return bounds;
  const { lo, hi } = bounds.value;
  let attendance = 0;
  let authorised = 0;
  let unauthorised = 0;
  for (const mark of marks) {
    if (mark.date < lo || mark.date > hi) continue;
    const info = readMark(mark);
    if (!info.ok) return info;
    const treatment = info.value?.treatment;
    const n = mark.count ?? 1;
    if (treatment === 'attendance') attendance += n;
    else if (treatment === 'authorised') authorised += n;
    else if (treatment === 'unauthorised') unauthorised += n;
  }
  return ok({
    possible: attendance + authorised + unauthorised,
    attendance,
    authorised,
    unauthorised,
  });
}

/**
 * Persistent absence: absence ≥ 10% of possible sessions, inclusive (docs/attendance-rules.md §5).
 */
export function isPersistentAbsence(counts: SessionCounts): boolean {
  return counts.possible > 0 && (counts.authorised + counts.unauthorised) * 10 >= counts.possible;
}

/** Severe absence: absence ≥ 50% of possible sessions, inclusive (docs/attendance-rules.md §5). */
export function isSevereAbsence(counts: SessionCounts): boolean {
  return counts.possible > 0 && (counts.authorised + counts.unauthorised) * 2 >= counts.possible;
}

/**
 * The sign of (attendance % − tenths / 10), exactly: attendance / possible vs tenths / 1000 is
 * compared as attendance × 1000 vs tenths × possible (docs/attendance-rules.md §2: exact
 * fractions). Call only with possible > 0.
 */
export function compareAttendance(counts: SessionCounts, tenths: number): number {
  return Math.sign(counts.attendance * 1000 - tenths * counts.possible);
}

/** The first band (listed highest first) the attendance meets (docs/attendance-rules.md §5). */
export function bandFor(counts: SessionCounts, bands: readonly AttendanceBand[]): string | null {
  if (counts.possible === 0) return null;
  for (const band of bands) {
    const sign = compareAttendance(counts, band.tenths);
    if (band.comparison === 'at-least' ? sign >= 0 : sign > 0) return band.name;
  }
  return null;
}

/**
 * The ids of the triggers (letters, meetings) the attendance has reached (docs/attendance-rules.md
 * §5).
 */
export function triggersMet(
  counts: SessionCounts,
  triggers: readonly AttendanceTrigger[],
): readonly string[] {
  if (counts.possible === 0) return [];
  return triggers
    .filter((t) => {
      const sign = compareAttendance(counts, t.tenths);
      return t.comparison === 'below' ? sign < 0 : sign <= 0;
    })
    .map((t) => t.id);
}

function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : (part * 100) / whole;
}

/** Percentages, PA/SA flags and band for counts already made (docs/attendance-rules.md §2, §5). */
export function describeCounts(
  counts: SessionCounts,
  bands: readonly AttendanceBand[] = [],
): PupilStatistics {
  return {
    ...counts,
    attendancePct: pct(counts.attendance, counts.possible),
    absencePct: pct(counts.authorised + counts.unauthorised, counts.possible),
    isPersistent: isPersistentAbsence(counts),
    isSevere: isSevereAbsence(counts),
    band: bandFor(counts, bands),
  };
}

/**
 * One pupil's statistics over the period (docs/attendance-rules.md §2, §5). possible = 0 gives null
 * percentages and no band, never NaN. Errors as `countSessions`.
 */
export function pupilStatistics(
  marks: readonly SessionMark[],
  options: StatisticsOptions = {},
): Result<PupilStatistics> {
  const counts = countSessions(marks, options);
  return counts.ok ? ok(describeCounts(counts.value, options.bands)) : counts;
}

/**
 * Sums any set of pupils (a group, year, cohort, the school). `persistent` and `severe` count
 * the pupils who are, each judged on their own counts (docs/sync-protocol.md §8
 * `/api/reports/attendance`).
 */
export function groupStatistics(
  perPupil: readonly SessionCounts[],
  bands: readonly AttendanceBand[] = [],
): GroupStatistics {
  let [attendance, authorised, unauthorised, persistent, severe] = [0, 0, 0, 0, 0];
  for (const pupil of perPupil) {
    attendance += pupil.attendance;
    authorised += pupil.authorised;
    unauthorised += pupil.unauthorised;
    if (isPersistentAbsence(pupil)) persistent += 1;
    if (isSevereAbsence(pupil)) severe += 1;
  }
  const counts = {
    possible: attendance + authorised + unauthorised,
    attendance,
    authorised,
    unauthorised,
  };
  const { attendancePct, absencePct, band } = describeCounts(counts, bands);
  return {
    ...counts,
    pupils: perPupil.length,
    attendancePct,
    absencePct,
    persistent,
    severe,
    band,
  };
}

/**
 * A percentage for display, to 1 decimal place ("90.0"); null (nothing possible) shows as "–".
 * Display only: thresholds are never judged on this string (docs/attendance-rules.md §2).
 */
export function formatPct(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return (Math.round(value * 10) / 10).toFixed(1);
}
