/**
 * Calendar dates as ISO `yyyy-MM-dd` strings and wall-clock times as `HH:mm` strings, in the
 * school's zone (style.md). Date arithmetic here is on whole days with no time zone at all: a
 * date is a label on the school calendar, so adding a day can never be disturbed by a clock
 * change. Converting instants to London wall-clock time lives in `clock.ts`.
 */
import { err, ok, type Result } from './result.ts';

/** A calendar date, `yyyy-MM-dd`. Build one with `parseIsoDate` (or trust a validated source). */
export type IsoDate = string;
/** A wall-clock time, `HH:mm`, 00:00–23:59. */
export type Hhmm = string;
/** Minutes since local midnight, 0–1439. */
export type Minutes = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Milliseconds in a day of UTC arithmetic (no day here is ever 23 or 25 hours long). */
export const MS_PER_DAY = 86_400_000;

/**
 * Stand-in for a start left open (no admission date, no period start): ISO dates compare
 * correctly as strings, so every real date sorts after it.
 */
export const OPEN_START: IsoDate = '0000-01-01';
/** Stand-in for an end left open (no leaving date, no period end): every real date sorts before it. */
export const OPEN_END: IsoDate = '9999-12-31';

/** Checks the shape and that the day exists (no 2026-02-30). */
export function parseIsoDate(value: string): Result<IsoDate> {
  const match = ISO_DATE.exec(value);
  if (match !== null) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (
      probe.getUTCFullYear() === year &&
      probe.getUTCMonth() === month - 1 &&
      probe.getUTCDate() === day
    ) {
      return ok(value);
    }
  }
  return err({
    code: 'malformed-date',
    message: `"${value}" is not a date in the form yyyy-mm-dd.`,
  });
}

export function isIsoDate(value: string): value is IsoDate {
  return parseIsoDate(value).ok;
}

/** Parses `HH:mm` (24-hour, minute precision) into minutes since midnight. */
export function parseHhmm(value: string): Result<Minutes> {
  const match = HHMM.exec(value);
  if (match === null)
    return err({
      code: 'malformed-time',
      message: `"${value}" is not a time in the form HH:mm (24-hour).`,
    });
  return ok(Number(match[1]) * 60 + Number(match[2]));
}

export function isHhmm(value: string): value is Hhmm {
  return HHMM.test(value);
}

/** Formats minutes since midnight as `HH:mm`. */
export function formatHhmm(minutes: Minutes): Hhmm {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a valid ISO date (UTC arithmetic, so no clock change can interfere). */
export function toEpochDay(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isWeekday(date: IsoDate): boolean {
  return isoWeekday(date) <= 5;
}

/** The Monday that starts the Monday–Sunday week holding `date` (docs/attendance-rules.md §6). */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO dates compare correctly as strings; these read better at call sites. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** Every date from `from` to `to`, both included. */
export function* eachDate(from: IsoDate, to: IsoDate): Generator<IsoDate> {
  for (let day = toEpochDay(from), last = toEpochDay(to); day <= last; day += 1)
    yield fromEpochDay(day);
}
