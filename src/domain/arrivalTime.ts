/**
 * A mark's arrival time (docs/attendance-rules.md §1): `L` and `U` come from the time a pupil
 * arrived, so a mark with either code carries that time, and the time must give that code by the
 * arrival rule (`arrivalCode`: to `lateAfter` present, to `closes` `L`, to `ends` `U`, inclusive,
 * minutes late from `opens`). An arrival cannot be later than when it was recorded.
 *
 * The server checks every mark this way before it applies it (`checkMark` in
 * `src/server/sync/validateOp.ts`, whose refusal codes these are), and the office asks the same
 * question before it records a late mark, so a correction or a conflict settled as `L` or `U` is
 * said wrong at once, in the office's words, and never refused later.
 */
import type { Session } from './calendar.ts';
import { formatHhmm, parseHhmm, type IsoDate, type Minutes } from './dates.ts';
import { err, ok, type Result } from './result.ts';
import { arrivalCode, presentCode, type SessionTimes } from './sessionTimes.ts';

/** Why a mark's arrival time does not fit it (the server's rejection codes). */
export type ArrivalTimeRefusalCode =
  | 'arrival-required'
  | 'malformed-time'
  | 'arrival-code-mismatch'
  | 'arrival-after-session-end'
  | 'arrival-after-recording';

export interface ArrivalTimeRefusal {
  readonly code: ArrivalTimeRefusalCode;
  /** A sentence for the member of staff, naming the pupil and the times. */
  readonly message: string;
}

/** A mark as this rule reads it. */
export interface TimedMark {
  /** The pupil's name, for the sentences. */
  readonly name: string;
  readonly date: IsoDate;
  readonly session: Session;
  /** The new mark; null for a clear. */
  readonly code: string | null;
  /** `HH:mm` on the school's clock, or null when the mark gives none. */
  readonly arrivedAt: string | null;
}

/** The codes the arrival rule gives from a time after the register began: `L` and `U`. */
export function needsArrivalTime(code: string | null): code is 'L' | 'U' {
  return code === 'L' || code === 'U';
}

const refuse = (code: ArrivalTimeRefusalCode, message: string): Result<never, ArrivalTimeRefusal> =>
  err({ code, message });

/** Why an arrival at `at` does not give `code`: the boundary it fell the other side of. */
function mismatch(mark: TimedMark, times: SessionTimes, at: Minutes, given: string): string {
  const when = `Arriving at ${mark.arrivedAt ?? ''}`;
  const register = `the ${mark.session} register`;
  if (given === presentCode(mark.session)) {
    return at < times.opens
      ? `${when} is before ${register} opened (${formatHhmm(times.opens)}): ${mark.name} was not late, so the mark is ${given}, not ${mark.code ?? 'a blank'}.`
      : `${when} is on time for ${register} (late marks start after ${formatHhmm(times.lateAfter)}): the mark is ${given}, not ${mark.code ?? 'a blank'}.`;
  }
  return given === 'U'
    ? `${when} is after ${register} closed (${formatHhmm(times.closes)}): the mark is U, not ${mark.code ?? 'a blank'}.`
    : `${when} is before ${register} closed (${formatHhmm(times.closes)}): the mark is L, not ${mark.code ?? 'a blank'}.`;
}

/**
 * Does `mark`'s arrival time fit it, recorded at `recorded` (the school's date and minute when
 * the mark was made)? In order:
 *
 * - `L` or `U` without a time → `arrival-required`; any other mark without one is fine (null);
 * - a time not in the form `HH:mm` → `malformed-time`;
 * - a time after the session ended → `arrival-after-session-end` (the pupil stays absent for it);
 * - a time that gives another code → `arrival-code-mismatch`: before `opens` or to `lateAfter`
 *   is present, to `closes` `L`, after it `U` — each boundary minute inclusive on the earlier
 *   side (with closes 09:20, 09:20 is `L` and 09:21 `U`);
 * - a time later than when it was recorded, on that day, or any time on a later day →
 *   `arrival-after-recording` (the recording minute itself is allowed).
 *
 * On success: the minutes late to record (from `opens`) for `L` and `U`, null for anything else.
 */
export function checkArrivalTime(
  mark: TimedMark,
  times: SessionTimes,
  recorded: { readonly date: IsoDate; readonly minutes: Minutes },
): Result<number | null, ArrivalTimeRefusal> {
  if (mark.arrivedAt === null) {
    return needsArrivalTime(mark.code)
      ? refuse(
          'arrival-required',
          `Give the time ${mark.name} arrived: a late mark (${mark.code}) needs it.`,
        )
      : ok(null);
  }
  const at = parseHhmm(mark.arrivedAt);
  const given = arrivalCode(times, mark.session, mark.arrivedAt);
  if (!at.ok || !given.ok)
    return refuse(
      'malformed-time',
      `“${mark.arrivedAt}” is not a time: give the arrival time as hours and minutes, for example 09:25.`,
    );
  if (given.value.code === null)
    return refuse(
      'arrival-after-session-end',
      `Arriving at ${mark.arrivedAt} is after the ${mark.session} session ended (${formatHhmm(times.ends)}): no mark is recorded for it, and ${mark.name} stays absent for the session.`,
    );
  if (given.value.code !== mark.code)
    return refuse('arrival-code-mismatch', mismatch(mark, times, at.value, given.value.code));
  if (mark.date > recorded.date)
    return refuse(
      'arrival-after-recording',
      `That session has not happened yet: an arrival is recorded once ${mark.name} has arrived.`,
    );
  if (mark.date === recorded.date && at.value > recorded.minutes)
    return refuse(
      'arrival-after-recording',
      `The arrival time ${mark.arrivedAt} is later than now (${formatHhmm(recorded.minutes)}).`,
    );
  return ok(needsArrivalTime(mark.code) ? given.value.minutesLate : null);
}
