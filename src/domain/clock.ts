/**
 * The one place that converts instants (epoch milliseconds) to and from the school's wall-clock
 * time, Europe/London (docs/attendance-rules.md §1: session times are "local wall-clock times
 * (Europe/London)"; style.md: "one helper module for conversions").
 *
 * Everything else in the domain works in wall-clock labels: an `IsoDate` and minutes since local
 * midnight. That keeps the register rules free of time zones: "the register closes at 09:20"
 * means 09:20 on the school's clocks, which is 08:20 UTC in summer (BST, UTC+1) and 09:20 UTC in
 * winter (GMT, UTC+0). Only the edges of the system deal in instants (a device clock, an op's
 * `recordedAt`), and they come through here.
 *
 * Clock changes in London happen at 01:00 UTC on the last Sunday of March and October, never on
 * a school day and never near a session, but the conversions must still be exact on those days:
 * - spring forward (e.g. 2027-03-28): local clocks jump from 00:59 GMT to 02:00 BST, so the local
 *   times 01:00–01:59 do not exist that day;
 * - fall back (e.g. 2026-10-25): local clocks go from 01:59 BST back to 01:00 GMT, so the local
 *   times 01:00–01:59 happen twice, an hour apart.
 *
 * Domain code is pure: nothing here reads the clock. `now` always arrives as a parameter.
 */
import { tzOffset } from '@date-fns/tz';
import {
  formatHhmm,
  fromEpochDay,
  MS_PER_DAY,
  parseHhmm,
  parseIsoDate,
  toEpochDay,
  type Hhmm,
  type IsoDate,
  type Minutes,
} from './dates.ts';
import { err, ok, type Result } from './result.ts';

/** Every school this product serves is in England (docs/attendance-rules.md §1). */
export const SCHOOL_TIME_ZONE = 'Europe/London';

const MS_PER_MINUTE = 60_000;

/**
 * The zone's offset from UTC (minutes) at an instant. Offsets only change at whole quarter hours
 * (London at 01:00 UTC), so one look-up serves a 15-minute slot; the memo keeps the server's
 * ingest of thousands of ops from asking the time-zone database each time. A memo is not state
 * the rules can observe: the answer for an instant never changes.
 */
const SLOT_MS = 15 * MS_PER_MINUTE;
const offsetMemo = new Map<string, number>();

function offsetMinutesAt(instantMs: number, timeZone: string): number {
  const slot = Math.floor(instantMs / SLOT_MS);
  const key = `${timeZone}|${String(slot)}`;
  let offset = offsetMemo.get(key);
  if (offset === undefined) {
    offset = tzOffset(timeZone, new Date(slot * SLOT_MS));
    if (offsetMemo.size > 50_000) offsetMemo.clear();
    offsetMemo.set(key, offset);
  }
  return offset;
}

/** A moment read off the school's wall clock. */
export interface SchoolTime {
  readonly date: IsoDate;
  readonly time: Hhmm;
  /** The same time as minutes since local midnight (0–1439), for comparing with session times. */
  readonly minutes: Minutes;
}

/**
 * The school's wall-clock date and time at an instant (docs/attendance-rules.md §1).
 *
 * Seconds are truncated, never rounded: 09:20:59.999 reads as 09:20. Register rules work at
 * minute precision with inclusive boundaries, so a register that "closes at 09:20" is open for
 * the whole of the minute 09:20 and closed from 09:21:00 (docs/attendance-rules.md §1.4,
 * `registerStatus`).
 *
 * Every instant has exactly one wall-clock reading, even on clock-change days; only the reverse
 * direction (`fromSchoolTime`) is ambiguous. On 2026-10-25 both 00:30Z and 01:30Z read as 01:30
 * (first in BST, then in GMT); on 2027-03-28 01:30Z reads as 02:30 BST.
 *
 * `instantMs` must be a finite instant and `timeZone` a zone the runtime knows: both come from
 * the system (a device clock, a validated op, the constant above), not from a person, so a bad
 * one is a broken invariant and throws a `RangeError`.
 */
export function toSchoolTime(instantMs: number, timeZone: string = SCHOOL_TIME_ZONE): SchoolTime {
  const offset = offsetMinutesAt(instantMs, timeZone);
  const wall = instantMs + offset * MS_PER_MINUTE;
  const day = Math.floor(wall / MS_PER_DAY);
  const minutes = Math.floor((wall - day * MS_PER_DAY) / MS_PER_MINUTE);
  if (!Number.isFinite(minutes)) {
    throw new RangeError(`Cannot read the instant ${instantMs} in the time zone "${timeZone}".`);
  }
  return { date: fromEpochDay(day), time: formatHhmm(minutes), minutes };
}

/**
 * The instant (epoch milliseconds) at which the school's wall clock shows `time` on `date`
 * (docs/attendance-rules.md §1). Used, for example, to find the instant a register closes.
 *
 * Clock-change days, resolved the way `Temporal`'s "compatible" disambiguation does:
 * - a local time that happens twice (fall back, 2026-10-25 01:00–01:59) gives the **first**
 *   occurrence, in BST: 01:30 → 00:30Z, not 01:30Z. The first occurrence is the earlier instant,
 *   so a deadline computed from it is never later than the wall clock suggests;
 * - a local time that does not exist (spring forward, 2027-03-28 01:00–01:59) is read with the
 *   offset in force just before the change, GMT, which lands after the jump: 01:30 → 01:30Z,
 *   which the clocks show as 02:30 BST. Asking for a time in the gap never fails and never goes
 *   backwards; `toSchoolTime` of the result shows the shifted time.
 * Neither case can touch a school session; they matter for jobs that run at night.
 *
 * Errors: `malformed-date`, `malformed-time`, and `invalid-settings` for a time zone the runtime
 * does not know (the zone is a school setting, so that one is reported rather than thrown).
 */
export function fromSchoolTime(
  date: IsoDate,
  time: Hhmm,
  timeZone: string = SCHOOL_TIME_ZONE,
): Result<number> {
  const parsedDate = parseIsoDate(date);
  if (!parsedDate.ok) return parsedDate;
  const parsedTime = parseHhmm(time);
  if (!parsedTime.ok) return parsedTime;
  // The wall-clock reading as if it were UTC; the real instant is this minus the offset in force.
  const wall = toEpochDay(date) * MS_PER_DAY + parsedTime.value * MS_PER_MINUTE;
  const before = offsetMinutesAt(wall - MS_PER_DAY, timeZone);
  const after = offsetMinutesAt(wall + MS_PER_DAY, timeZone);
  if (Number.isNaN(before) || Number.isNaN(after)) {
    return err({
      code: 'invalid-settings',
      message: `"${timeZone}" is not a time zone this device recognises.`,
    });
  }
  // Each offset seen around that day gives one candidate; a candidate is real when the zone
  // really has that offset at that instant. Two real ones: the time happens twice. None: a gap.
  const real = [...new Set([before, after])]
    .map((offset) => ({ offset, instant: wall - offset * MS_PER_MINUTE }))
    .filter(({ offset, instant }) => offsetMinutesAt(instant, timeZone) === offset)
    .map(({ instant }) => instant);
  return ok(real.length > 0 ? Math.min(...real) : wall - before * MS_PER_MINUTE);
}

/**
 * The device clock corrected by the offset seen at the last sync (docs/sync-protocol.md §5.1,
 * §5 "Time"): `offsetMs` is server time minus device time, measured when the last sync answered
 * (`serverTime` in the push and pull responses), so adding it gives the best estimate of the
 * server's clock while offline. An op's `recordedAt` is this value, and "while the register was
 * open" and "today" are judged by it, not by when the op reaches the server. With no sync yet the
 * offset is 0 and the device clock is trusted as it is.
 */
export function correctedNow(deviceNowMs: number, offsetMs: number): number {
  return deviceNowMs + offsetMs;
}
