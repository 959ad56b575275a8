/**
 * The school calendar: terms, closures, school days and school weeks (docs/attendance-rules.md §3,
 * §6).
 *
 * - A school day is a weekday inside a term that is not wholly closed. A day with one session
 *   closed (a PM-only INSET) is still a school day with one possible session.
 * - A school week is a Monday–Sunday week with at least one session; weeks with none (holidays)
 *   are skipped, so a rolling window of school weeks reaches back across half term and the
 *   summer holiday.
 * - For deadlines only, weekdays after the last term count as school days (docs/attendance-rules.md
 *   §3.4): an `N` on the last day of the year still has a deadline.
 */
import { codeOn } from './codes.ts';
import { addDays, eachDate, isWeekday, mondayOf, parseIsoDate, type IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';

export type Session = 'AM' | 'PM';
export const SESSIONS: readonly Session[] = ['AM', 'PM'];

export function isSession(value: string): value is Session {
  return value === 'AM' || value === 'PM';
}

export interface Term {
  /** e.g. "Autumn 1": schools give half terms, and lateness is counted per half term. */
  readonly name: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface Closure {
  readonly date: IsoDate;
  readonly sessions: readonly Session[];
  /** `#` for a planned closure (INSET, bank holiday in term), or a `Y` code for an unplanned one. */
  readonly code: string;
  readonly note?: string | undefined;
}

export interface CalendarInput {
  readonly terms: readonly Term[];
  readonly closures: readonly Closure[];
}

/** A validated calendar, indexed for fast look-ups. Build with `buildCalendar`. */
export interface SchoolCalendar {
  readonly terms: readonly Term[];
  readonly closures: readonly Closure[];
  /** First and last dates of any term. */
  readonly first: IsoDate;
  readonly last: IsoDate;
  readonly closed: ReadonlyMap<string, Closure>;
}

const CLOSURE_CODES = new Set(['#', 'Y', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7']);

function closureKey(date: IsoDate, session: Session): string {
  return `${date}|${session}`;
}

function validateTerms(terms: readonly Term[]): Result<readonly Term[]> {
  if (terms.length === 0)
    return err({ code: 'invalid-calendar', message: 'The calendar has no terms.' });
  for (const term of terms) {
    for (const date of [term.start, term.end]) {
      const parsed = parseIsoDate(date);
      if (!parsed.ok)
        return err({
          code: 'invalid-calendar',
          message: `Term "${term.name}": ${parsed.error.message}`,
        });
    }
    if (term.end < term.start) {
      return err({
        code: 'invalid-calendar',
        message: `Term "${term.name}" ends (${term.end}) before it starts (${term.start}).`,
      });
    }
  }
  const sorted = [...terms].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous !== undefined && current !== undefined && current.start <= previous.end) {
      return err({
        code: 'invalid-calendar',
        message: `Terms "${previous.name}" and "${current.name}" overlap.`,
      });
    }
  }
  return ok(sorted);
}

function validateClosure(closure: Closure, terms: readonly Term[]): Result<Closure> {
  const parsed = parseIsoDate(closure.date);
  if (!parsed.ok)
    return err({ code: 'invalid-calendar', message: `Closure: ${parsed.error.message}` });
  const code = codeOn(closure.code, closure.date);
  if (!CLOSURE_CODES.has(closure.code) || !code.ok) {
    return err({
      code: 'invalid-calendar',
      message: `Closure on ${closure.date}: "${closure.code}" is not a closure code valid on that date (# or Y1–Y7).`,
    });
  }
  if (closure.sessions.length === 0 || !closure.sessions.every(isSession)) {
    return err({
      code: 'invalid-calendar',
      message: `Closure on ${closure.date} must name its sessions (AM, PM).`,
    });
  }
  if (
    !isWeekday(closure.date) ||
    !terms.some((t) => t.start <= closure.date && closure.date <= t.end)
  ) {
    return err({
      code: 'invalid-calendar',
      message: `Closure on ${closure.date} is not on a weekday in term time.`,
    });
  }
  return ok(closure);
}

/** Validates terms (real dates, in order, not overlapping) and closures, and indexes them. */
export function buildCalendar(input: CalendarInput): Result<SchoolCalendar> {
  const terms = validateTerms(input.terms);
  if (!terms.ok) return terms;
  const closed = new Map<string, Closure>();
  for (const closure of input.closures) {
    const valid = validateClosure(closure, terms.value);
    if (!valid.ok) return valid;
    for (const session of closure.sessions) closed.set(closureKey(closure.date, session), closure);
  }
  const first = terms.value[0]?.start ?? '';
  const last = terms.value[terms.value.length - 1]?.end ?? '';
  return ok({ terms: terms.value, closures: input.closures, first, last, closed });
}

/** The term (half term) holding `date`, if any. */
export function termOf(calendar: SchoolCalendar, date: IsoDate): Term | undefined {
  return calendar.terms.find((term) => term.start <= date && date <= term.end);
}

/** Is `date` between the first day of the first term and the last day of the last term? */
export function isInCalendar(calendar: SchoolCalendar, date: IsoDate): boolean {
  return calendar.first <= date && date <= calendar.last;
}

/** The closure covering one session, if that session is closed. */
export function closureOf(
  calendar: SchoolCalendar,
  date: IsoDate,
  session: Session,
): Closure | undefined {
  return calendar.closed.get(closureKey(date, session));
}

/** The sessions on which a register is due: both on a full school day, one on a half closure. */
export function sessionsOn(calendar: SchoolCalendar, date: IsoDate): readonly Session[] {
  if (!isWeekday(date) || termOf(calendar, date) === undefined) return [];
  return SESSIONS.filter((session) => !calendar.closed.has(closureKey(date, session)));
}

export function isSchoolSession(
  calendar: SchoolCalendar,
  date: IsoDate,
  session: Session,
): boolean {
  return sessionsOn(calendar, date).includes(session);
}

/** A weekday inside a term that is not a whole-day closure (docs/attendance-rules.md §3). */
export function isSchoolDay(calendar: SchoolCalendar, date: IsoDate): boolean {
  return sessionsOn(calendar, date).length > 0;
}

/**
 * School days for counting deadlines: after the last term, every weekday counts
 * (docs/attendance-rules.md §3.4).
 */
function countsForDeadline(calendar: SchoolCalendar, date: IsoDate): boolean {
  return date > calendar.last ? isWeekday(date) : isSchoolDay(calendar, date);
}

/** Every school day from `from` to `to`, both included. */
export function schoolDaysBetween(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (const date of eachDate(from, to)) if (isSchoolDay(calendar, date)) days.push(date);
  return days;
}

/**
 * The `n`th school day after `date` (`date` itself is day 0), counting weekdays past the last
 * term as school days so the answer always exists.
 */
export function addSchoolDays(calendar: SchoolCalendar, date: IsoDate, n: number): IsoDate {
  let current = date;
  let counted = 0;
  while (counted < n) {
    current = addDays(current, 1);
    if (countsForDeadline(calendar, current)) counted += 1;
  }
  return current;
}

/** The number of school days in (`from`, `to`]; negative when `to` is before `from`. */
export function schoolDaysFromTo(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): number {
  if (to < from) return -schoolDaysFromTo(calendar, to, from);
  let count = 0;
  for (const date of eachDate(addDays(from, 1), to))
    if (countsForDeadline(calendar, date)) count += 1;
  return count;
}

/** How many school days after the session an `N` must be replaced (docs/attendance-rules.md §3). */
export const N_DEADLINE_SCHOOL_DAYS = 5;

/**
 * The last day on which an `N` for a session on `sessionDate` may stand: the 5th school day after
 * the session (its own day is day 0). Seeds 001 and 003 say "working days" and seed 002 "a week",
 * but the regulation counts school days, so an INSET day or half term pushes the deadline out.
 */
export function nDeadline(calendar: SchoolCalendar, sessionDate: IsoDate): Result<IsoDate> {
  const parsed = parseIsoDate(sessionDate);
  if (!parsed.ok) return parsed;
  if (!isInCalendar(calendar, sessionDate)) {
    return err({
      code: 'date-outside-calendar',
      message: `${sessionDate} is outside the school calendar (${calendar.first} to ${calendar.last}).`,
    });
  }
  if (!isSchoolDay(calendar, sessionDate))
    return err({ code: 'not-a-school-day', message: `${sessionDate} is not a school day.` });
  return ok(addSchoolDays(calendar, sessionDate, N_DEADLINE_SCHOOL_DAYS));
}

/**
 * School days left before a deadline as of `asOf`: 0 on the deadline day, negative once overdue.
 * The weekend or holiday straight after a deadline is already overdue (-1), even though no school
 * day has passed since: the `N` should have gone on the deadline day.
 */
export function schoolDaysLeft(calendar: SchoolCalendar, asOf: IsoDate, deadline: IsoDate): number {
  if (asOf > deadline) return -Math.max(1, schoolDaysFromTo(calendar, deadline, asOf));
  return schoolDaysFromTo(calendar, asOf, deadline);
}

/** A Monday–Sunday week with at least one school session (docs/attendance-rules.md §6). */
export function isSchoolWeek(calendar: SchoolCalendar, anyDateInWeek: IsoDate): boolean {
  const monday = mondayOf(anyDateInWeek);
  return schoolDaysBetween(calendar, monday, addDays(monday, 4)).length > 0;
}

export interface SchoolWeekWindow {
  /** Monday of the earliest school week in the window. */
  readonly start: IsoDate;
  /** `asOf` when it falls in a school week, else the Sunday of the last school week before it. */
  readonly end: IsoDate;
  /** Mondays of the school weeks in the window, oldest first (fewer than asked near the calendar's start). */
  readonly weeks: readonly IsoDate[];
}

/**
 * The rolling window of the last `count` school weeks as of `asOf` (docs/attendance-rules.md §6):
 * the week holding `asOf` counts when it is a school week; weeks with no sessions are skipped, so
 * the window spans half terms and the summer holiday. When `asOf` is not in a school week, the
 * window is the `count` school weeks before it (docs/attendance-rules.md §3.4).
 */
export function schoolWeekWindow(
  calendar: SchoolCalendar,
  asOf: IsoDate,
  count: number,
): SchoolWeekWindow {
  const weeks: IsoDate[] = [];
  const earliest = mondayOf(calendar.first);
  let monday = mondayOf(asOf);
  const asOfIsSchoolWeek = isSchoolWeek(calendar, monday);
  while (weeks.length < count && monday >= earliest) {
    if (isSchoolWeek(calendar, monday)) weeks.unshift(monday);
    monday = addDays(monday, -7);
  }
  const newest = weeks[weeks.length - 1];
  const end = asOfIsSchoolWeek || newest === undefined ? asOf : addDays(newest, 6);
  return { start: weeks[0] ?? asOf, end, weeks };
}

/** The first day of the English academic year (1 August) holding `date`. */
export function academicYearStart(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return `${String(month >= 8 ? year : year - 1)}-08-01`;
}

/** The last day of the English academic year (31 July) holding `date`. */
export function academicYearEnd(date: IsoDate): IsoDate {
  return `${String(Number(academicYearStart(date).slice(0, 4)) + 1)}-07-31`;
}
