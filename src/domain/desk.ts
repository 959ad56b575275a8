/**
 * The signing-in desk's rules (journeys.md, "Reception"; docs/attendance-rules.md §1): which
 * session a late arrival belongs to and what it will be marked, and whether a pupil may be signed
 * out or back in at a time. The desk asks these before it writes, so a mistake is said at once in
 * reception's words and nothing is written; the server then applies the same arrival rule
 * (`arrivalCode`) and rights (`markRights`, `movementRights`).
 *
 * Times are `HH:mm` on the school's clock, compared at minute precision with inclusive
 * boundaries, as in `sessionTimes.ts`: an arrival at the close minute is `L`, one a minute later
 * `U`; an arrival recorded at the very minute it happened is not in the future.
 */
import type { Session } from './calendar.ts';
import { isOnSite } from './codes.ts';
import { isListedReporter } from './contacts.ts';
import { formatHhmm, parseHhmm, type Hhmm, type Minutes } from './dates.ts';
import { isSignedOutAt, type MovementAt } from './movements.ts';
import { err, ok, type Result } from './result.ts';
import { arrivalCode, type SessionTimes } from './sessionTimes.ts';

/** Why the desk will not record an arrival or a movement. */
export type DeskRefusalCode =
  | 'malformed-time'
  | 'time-in-future'
  | 'before-session-opens'
  | 'between-sessions'
  | 'after-school-day'
  | 'not-a-school-session'
  | 'not-on-roll'
  | 'already-on-site'
  | 'signed-out'
  | 'already-signed-out'
  | 'not-signed-out';

export interface DeskRefusal {
  readonly code: DeskRefusalCode;
  /** A sentence for reception, naming the pupil and the times. */
  readonly message: string;
}

/** Everyday reasons a pupil arrives late, offered at the desk (free text is allowed too). */
export const LATE_REASONS: readonly string[] = [
  'Overslept',
  'Traffic or transport',
  'Medical or dental appointment',
  'Unwell earlier this morning',
  'Family circumstances',
  'Taking a sibling to another school',
];

/** Why a pupil leaves during the day (the three). */
export const SIGN_OUT_REASONS = ['appointment', 'illness', 'other'] as const;
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

/** The pupil's group's times for both sessions of the day. */
export type DayTimes = Readonly<Record<Session, SessionTimes>>;

/** What the desk knows when a late arrival is asked for. */
export interface ArrivalCase {
  /** The pupil's name, for the sentences. */
  readonly name: string;
  /** The arrival time typed or taken from the clock, `HH:mm`. */
  readonly arrivedAt: string;
  /** The school's clock now (corrected), minutes since midnight: arrivals cannot be later. */
  readonly nowMinutes: Minutes;
  readonly times: DayTimes;
  /** The sessions of today that are school sessions (none on a weekend or closure). */
  readonly schoolSessions: readonly Session[];
  readonly isOnRoll: boolean;
  /** The pupil's mark today per session as the device shows it; null for a blank cell. */
  readonly marks: Readonly<Record<Session, string | null>>;
  /** The pupil's movements today, in order. */
  readonly movements: readonly MovementAt[];
}

/** What signing a pupil in will record. */
export type ArrivalPlan =
  | {
      /** A late mark on the register: `L` before the close (inclusive), `U` after. */
      readonly kind: 'late';
      readonly session: Session;
      readonly code: 'L' | 'U';
      readonly minutesLate: number;
      readonly closes: Hhmm;
    }
  | {
      /**
       * Not late (at or before `lateAfter`): while the register is still open the teacher marks
       * the pupil present, so the desk records only that it signed them in.
       */
      readonly kind: 'on-time';
      readonly session: Session;
      readonly code: '/' | '\\';
      /** The register was still open at `nowMinutes`. */
      readonly isRegisterOpen: boolean;
      readonly closes: Hhmm;
    };

const refuse = (code: DeskRefusalCode, message: string): Result<never, DeskRefusal> =>
  err({ code, message });

/**
 * The session an arrival at `at` belongs to: the morning until the afternoon register opens,
 * then the afternoon. A time between the morning's end and the afternoon's opening still reads
 * as the morning, whose end the arrival rule then refuses.
 */
export function arrivalSession(times: DayTimes, at: Minutes): Session {
  return at < times.PM.opens ? 'AM' : 'PM';
}

/** The refusal for a time outside any session's window, or null when it is inside one. */
function outsideSessions(c: ArrivalCase, at: Minutes, session: Session): DeskRefusal | null {
  const t = c.times[session];
  if (at < t.opens && session === 'AM')
    return {
      code: 'before-session-opens',
      message: `${c.arrivedAt} is before the morning register opens (${formatHhmm(t.opens)}): ${c.name} is not late, and the teacher takes the register.`,
    };
  if (at > t.ends && session === 'AM')
    return {
      code: 'between-sessions',
      message: `${c.arrivedAt} is after the morning session ended (${formatHhmm(t.ends)}) and before the afternoon register opens (${formatHhmm(c.times.PM.opens)}): there is no register to mark late.`,
    };
  if (at > t.ends)
    return {
      code: 'after-school-day',
      message: `${c.arrivedAt} is after the afternoon session ended (${formatHhmm(t.ends)}): there is no register to mark.`,
    };
  return null;
}

/**
 * What signing `c.name` in at `c.arrivedAt` will record (docs/attendance-rules.md §1), or why it
 * cannot be recorded. In order: a well-formed time; not later than now (inclusive: the current
 * minute is allowed); inside a session (from `opens` to `ends`); a school session; on roll; not
 * signed out at that time (they come back through "signed back in"); and not already on site for
 * the session (present or late already). Then the arrival rule: at or before `lateAfter` the
 * pupil is on time, to `closes` inclusive `L`, to `ends` inclusive `U`, minutes late from `opens`.
 */
export function planArrival(c: ArrivalCase): Result<ArrivalPlan, DeskRefusal> {
  const parsed = parseHhmm(c.arrivedAt);
  if (!parsed.ok)
    return refuse(
      'malformed-time',
      `“${c.arrivedAt}” is not a time: type it as HH:mm, e.g. 09:12.`,
    );
  const at = parsed.value;
  if (at > c.nowMinutes)
    return refuse(
      'time-in-future',
      `${c.arrivedAt} is later than now (${formatHhmm(c.nowMinutes)}): an arrival is signed in once it has happened.`,
    );
  const session = arrivalSession(c.times, at);
  const outside = outsideSessions(c, at, session);
  if (outside !== null) return err(outside);
  if (!c.schoolSessions.includes(session))
    return refuse('not-a-school-session', `Today’s ${session} is not a school session.`);
  if (!c.isOnRoll) return refuse('not-on-roll', `${c.name} is not on roll today.`);
  if (isSignedOutAt(c.movements, c.arrivedAt))
    return refuse(
      'signed-out',
      `${c.name} was signed out before ${c.arrivedAt}: sign them back in instead.`,
    );
  const mark = c.marks[session];
  if (mark !== null && isOnSite(mark))
    return refuse(
      'already-on-site',
      `${c.name} is already marked ${mark} on the ${session} register: there is nothing to sign in.`,
    );
  const times = c.times[session];
  const arrival = arrivalCode(times, session, c.arrivedAt);
  const closes = formatHhmm(times.closes);
  if (!arrival.ok || arrival.value.code === null)
    return refuse('after-school-day', `${c.arrivedAt} is after the ${session} session ended.`);
  const { code, minutesLate } = arrival.value;
  if (code === 'L' || code === 'U') return ok({ kind: 'late', session, code, minutesLate, closes });
  return ok({
    kind: 'on-time',
    session,
    code,
    isRegisterOpen: c.nowMinutes <= times.closes,
    closes,
  });
}

/** What the desk knows when a pupil is signed out or back in. */
export interface MovementCase {
  readonly name: string;
  readonly direction: 'in' | 'out';
  /** `HH:mm`: when they left or came back. */
  readonly at: string;
  readonly nowMinutes: Minutes;
  /** Today is a school day (at least one school session). */
  readonly isSchoolDay: boolean;
  readonly isOnRoll: boolean;
  /** The pupil's movements today, in order. */
  readonly movements: readonly MovementAt[];
}

/**
 * May `c.name` be signed out (or back in) at `c.at`: a well-formed time no later than now
 * (inclusive), a school day, on roll; signing out only a pupil who is not already out at that
 * time, signing back in only one who is.
 */
export function checkDeskMovement(c: MovementCase): Result<null, DeskRefusal> {
  const parsed = parseHhmm(c.at);
  if (!parsed.ok)
    return refuse('malformed-time', `“${c.at}” is not a time: type it as HH:mm, e.g. 13:40.`);
  if (parsed.value > c.nowMinutes)
    return refuse(
      'time-in-future',
      `${c.at} is later than now (${formatHhmm(c.nowMinutes)}): record it once it has happened.`,
    );
  if (!c.isSchoolDay) return refuse('not-a-school-session', 'Today is not a school day.');
  if (!c.isOnRoll) return refuse('not-on-roll', `${c.name} is not on roll today.`);
  const isOut = isSignedOutAt(c.movements, c.at);
  if (c.direction === 'out' && isOut)
    return refuse(
      'already-signed-out',
      `${c.name} is already signed out at ${c.at}: sign them back in first.`,
    );
  if (c.direction === 'in' && !isOut)
    return refuse('not-signed-out', `${c.name} is not signed out at ${c.at}.`);
  return ok(null);
}

/** A listed contact of a pupil, as far as collecting them goes. */
export interface CollectingContact {
  readonly name: string;
}

/**
 * Is `name` one of the pupil's listed contacts, compared as `isListedReporter` compares names
 * (case, runs of spaces and full stops ignored)? Anyone listed may collect; reporting an absence
 * is a separate permission that does not matter here. Anyone else needs reception's confirmation.
 */
export function isListedContact(contacts: readonly CollectingContact[], name: string): boolean {
  return isListedReporter(
    contacts.map((c) => ({ name: c.name, mayReportAbsence: true })),
    name,
  );
}
