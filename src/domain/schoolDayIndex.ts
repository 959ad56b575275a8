/**
 * A school-day index: the school days of one calendar over a date range, listed once, so that
 * work over a whole school (the office's alerts, the `N`-deadline worklist) addresses a school day
 * by its position and never walks the calendar again per pupil (docs/attendance-rules.md §3, §7).
 *
 * - A school day is a weekday inside a term that is not wholly closed (docs/attendance-rules.md §3,
 *   `isSchoolDay` in `calendar.ts`); a half-closure day is in the index with its one session.
 * - Positions are array indices into `dates`, oldest first. "Consecutive school days" are
 *   consecutive positions, so a run crosses an INSET day, a weekend or half term without a gap.
 * - Ranges are inclusive at both ends, like the law's day counts; a range with `from > to` is
 *   empty (a period with no school day in it, or one outside the index).
 * - Only school days are listed: the weekdays after the last term that count toward an `N`
 *   deadline (docs/attendance-rules.md §3.4) are not, so deadlines past the calendar's end still
 *   come from `addSchoolDays` / `nDeadline`.
 *
 * Build one per calendar and range with `buildSchoolDayIndex`; every look-up is O(1) or a binary
 * search.
 */
import { sessionsOn, type SchoolCalendar, type Session } from './calendar.ts';
import { eachDate, type IsoDate } from './dates.ts';

/** The school days of a calendar between two dates, in order. Build with `buildSchoolDayIndex`. */
export interface SchoolDayIndex {
  /** The school days, oldest first; a day's position here is its number everywhere else. */
  readonly dates: readonly IsoDate[];
  /** The sessions each school day has, by position: both, or one on a half closure. */
  readonly sessions: readonly (readonly Session[])[];
  /** The position of each school day in `dates`; dates that are not school days are absent. */
  readonly position: ReadonlyMap<IsoDate, number>;
}

/** An inclusive range of positions in a `SchoolDayIndex`; empty when `from > to`. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Lists the school days of `calendar` from `from` to `to`, both included (by default the whole
 * calendar, first day of the first term to last day of the last term), with their sessions.
 */
export function buildSchoolDayIndex(
  calendar: SchoolCalendar,
  from: IsoDate = calendar.first,
  to: IsoDate = calendar.last,
): SchoolDayIndex {
  const dates: IsoDate[] = [];
  const sessions: (readonly Session[])[] = [];
  const position = new Map<IsoDate, number>();
  for (const date of eachDate(from, to)) {
    const open = sessionsOn(calendar, date);
    if (open.length === 0) continue;
    position.set(date, dates.length);
    dates.push(date);
    sessions.push(open);
  }
  return { dates, sessions, position };
}

/** How many of `dates` (sorted) come before `date`, or are on or before it with `orEqual`. */
function countBefore(dates: readonly IsoDate[], date: IsoDate, orEqual: boolean): number {
  let [lo, hi] = [0, dates.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = dates[mid] ?? '';
    if (d < date || (orEqual && d === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The position of the last school day on or before `date`: `date` itself when it is a school
 * day, else the one before it (a Saturday gives the Friday). −1 when the index has none.
 */
export function lastSchoolDayOnOrBefore(index: SchoolDayIndex, date: IsoDate): number {
  return countBefore(index.dates, date, true) - 1;
}

/**
 * The positions of the school days from `from` to `to`, both included. Either date may fall on a
 * day that is not a school day, or outside the index; the range is empty when no school day of
 * the index lies between them.
 */
export function dayRange(index: SchoolDayIndex, from: IsoDate, to: IsoDate): DayRange {
  return { from: countBefore(index.dates, from, false), to: lastSchoolDayOnOrBefore(index, to) };
}

/** Does the school day at `day` have `session` (false on the closed half of a half closure)? */
export function hasSession(index: SchoolDayIndex, day: number, session: Session): boolean {
  return index.sessions[day]?.includes(session) ?? false;
}
