/**
 * Session times and the register's arrival rule (docs/attendance-rules.md §1).
 *
 * Times are wall-clock labels in the school's zone (Europe/London) and every comparison here is
 * on minutes since local midnight, at minute precision, with **inclusive** boundaries: a register
 * that closes at 09:20 is open for the whole minute 09:20, and a pupil arriving at 09:20 is `L`,
 * not `U`. Because the rules never see an instant, clock changes cannot move a boundary: 09:20 is
 * 09:20 on the school's clocks in BST and in GMT alike. Converting instants lives in `clock.ts`.
 */
import type { Session } from './calendar.ts';
import { toSchoolTime } from './clock.ts';
import type { ArrivalCode } from './codes.ts';
import { formatHhmm, parseHhmm, type Hhmm, type IsoDate, type Minutes } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/** The four wall-clock times of one session, in the school's zone (Europe/London). */
export interface SessionTimesInput {
  /** The register begins to be taken. */
  readonly opens: Hhmm;
  /** Arrivals after this are late (policy, default `opens`). */
  readonly lateAfter?: Hhmm | undefined;
  /** The register closes: arrivals after this are `U`. */
  readonly closes: Hhmm;
  /** The session ends: arrivals after this get no mark for the session. */
  readonly ends: Hhmm;
}

/** A school's (or a group's) times for both sessions, as entered (docs/attendance-rules.md §1). */
export type SchoolSessionTimes = Readonly<Record<Session, SessionTimesInput>>;

/**
 * One session's times, validated, as minutes since local midnight (docs/attendance-rules.md §1).
 * Always `opens ≤ lateAfter ≤ closes ≤ ends` and `opens < closes`. Build with
 * `resolveSessionTimes` or `timesFor`.
 */
export interface SessionTimes {
  readonly opens: Minutes;
  /** Defaults to `opens` (docs/attendance-rules.md §1, policy). */
  readonly lateAfter: Minutes;
  readonly closes: Minutes;
  readonly ends: Minutes;
}

const FIELD_LABELS = {
  opens: 'the time the register opens',
  lateAfter: 'the time late marks start',
  closes: 'the time the register closes',
  ends: 'the time the session ends',
} as const;

function parseField(input: SessionTimesInput, field: keyof typeof FIELD_LABELS): Result<Minutes> {
  const value = field === 'lateAfter' ? (input.lateAfter ?? input.opens) : input[field];
  const parsed = parseHhmm(value);
  if (parsed.ok) return parsed;
  const label = FIELD_LABELS[field];
  return err({
    code: 'malformed-time',
    message: `In ${label}, "${value}" is not a time in the form HH:mm (24-hour, e.g. 08:50).`,
  });
}

/** The first ordering rule `times` breaks, as a sentence, or null when they are in order. */
function orderProblem({ opens, lateAfter, closes, ends }: SessionTimes): string | null {
  const [o, l, c, e] = [opens, lateAfter, closes, ends].map(formatHhmm);
  if (lateAfter < opens) return `Late marks cannot start (${l}) before the register opens (${o}).`;
  if (closes <= opens) return `The register must close (${c}) after it opens (${o}).`;
  if (closes < lateAfter) return `Late marks cannot start (${l}) after the register closes (${c}).`;
  if (ends < closes) return `The session cannot end (${e}) before the register closes (${c}).`;
  return null;
}

/**
 * Validates one session's times and converts them to minutes (docs/attendance-rules.md §1).
 *
 * - `lateAfter` left out means `opens`: the law's rule, a pupil not there when the register
 *   begins is late. A later `lateAfter` is school policy (seed 001), allowed with a warning.
 * - Order: `opens ≤ lateAfter ≤ closes ≤ ends`, and `opens < closes` strictly. A register that
 *   closes the minute it opens would still be open for that one minute under the inclusive rule,
 *   but no school means that, so it is refused as a typing slip. `lateAfter = closes` (no late
 *   window) and `closes = ends` (no `U` window) are odd but lawful, so they are allowed.
 *   A `lateAfter` before `opens` is out of order, not a synonym for `opens`.
 *
 * Errors: `malformed-time` naming the field, `times-out-of-order` naming the two times.
 */
export function resolveSessionTimes(input: SessionTimesInput): Result<SessionTimes> {
  const opens = parseField(input, 'opens');
  if (!opens.ok) return opens;
  const lateAfter = parseField(input, 'lateAfter');
  if (!lateAfter.ok) return lateAfter;
  const closes = parseField(input, 'closes');
  if (!closes.ok) return closes;
  const ends = parseField(input, 'ends');
  if (!ends.ok) return ends;
  const times = {
    opens: opens.value,
    lateAfter: lateAfter.value,
    closes: closes.value,
    ends: ends.value,
  };
  const problem = orderProblem(times);
  return problem === null ? ok(times) : err({ code: 'times-out-of-order', message: problem });
}

/**
 * The times that apply to one group for one session (docs/attendance-rules.md §1: "per school with
 * optional per-group overrides"). A group's override for a session replaces the school's times
 * for that session **as a whole** (seed 003 staggers classes: each starts at its own time); it is
 * never merged field by field, so an override's missing `lateAfter` means its own `opens`, not
 * the school's `lateAfter`. A group with no override for the session uses the school's times.
 *
 * Errors are those of `resolveSessionTimes`, with the session (and whose times they are) named.
 */
export function timesFor(
  school: SchoolSessionTimes,
  groupOverride: Partial<SchoolSessionTimes> | null | undefined,
  session: Session,
): Result<SessionTimes> {
  const override = groupOverride?.[session];
  const resolved = resolveSessionTimes(override ?? school[session]);
  if (resolved.ok) return resolved;
  const whose =
    override === undefined ? `the school's ${session} session` : `this group's ${session} session`;
  return err({ code: resolved.error.code, message: `In ${whose}: ${resolved.error.message}` });
}

/** The compliance warnings `sessionTimesWarnings` can give (docs/attendance-rules.md §1). */
export type SessionTimesWarningCode =
  'open-too-long' | 'open-periods-differ' | 'late-after-not-opens';

/** A compliance warning: shown to the admin, never a reason to refuse the settings. */
export interface SessionTimesWarning {
  readonly code: SessionTimesWarningCode;
  readonly sessions: readonly Session[];
  readonly message: string;
}

/** The guidance's longest open period, in minutes (docs/attendance-rules.md §1). */
export const MAX_OPEN_MINUTES = 30;

function warningsFor(session: Session, t: SessionTimes): SessionTimesWarning[] {
  const warnings: SessionTimesWarning[] = [];
  const open = t.closes - t.opens;
  if (open > MAX_OPEN_MINUTES) {
    const message = `The ${session} register is open for ${open} minutes (${formatHhmm(t.opens)}–${formatHhmm(t.closes)}); the guidance says no longer than ${MAX_OPEN_MINUTES} minutes.`;
    warnings.push({ code: 'open-too-long', sessions: [session], message });
  }
  if (t.lateAfter !== t.opens) {
    const message = `In the ${session} session late marks start at ${formatHhmm(t.lateAfter)}, ${t.lateAfter - t.opens} minutes after the register opens at ${formatHhmm(t.opens)}; the law treats a pupil who is not there when the register begins as late.`;
    warnings.push({ code: 'late-after-not-opens', sessions: [session], message });
  }
  return warnings;
}

/**
 * Compliance warnings for a school's (or a group's) session times (docs/attendance-rules.md §1).
 * These warn and never refuse: schools' published policies differ from the guidance and the
 * register must still work for them.
 *
 * - `open-too-long`: the register is open (`closes − opens`) for more than 30 minutes. Exactly
 *   30 minutes is within the guidance (seed 001: 09:00–09:30), 31 is not.
 * - `open-periods-differ`: the AM and PM open periods have different lengths (the guidance says
 *   the open period should be the same for every session; seed 002: 30 and 10 minutes).
 * - `late-after-not-opens`: late marks start after the register opens (seed 001: 15 minutes).
 *
 * Warnings come AM first, then PM, then the comparison. Errors: those of `resolveSessionTimes`,
 * because times that cannot be read cannot be judged.
 */
export function sessionTimesWarnings(
  times: SchoolSessionTimes,
): Result<readonly SessionTimesWarning[]> {
  const am = timesFor(times, null, 'AM');
  if (!am.ok) return am;
  const pm = timesFor(times, null, 'PM');
  if (!pm.ok) return pm;
  const warnings = [...warningsFor('AM', am.value), ...warningsFor('PM', pm.value)];
  const [amOpen, pmOpen] = [am.value.closes - am.value.opens, pm.value.closes - pm.value.opens];
  if (amOpen !== pmOpen) {
    const message = `The AM register is open for ${amOpen} minutes but the PM register for ${pmOpen}; the guidance says the open period should be the same for every session.`;
    warnings.push({ code: 'open-periods-differ', sessions: ['AM', 'PM'], message });
  }
  return ok(warnings);
}

/** The present mark of a session: `/` in the morning, `\` in the afternoon (docs/attendance-rules.md §1.3). */
export function presentCode(session: Session): Extract<ArrivalCode, '/' | '\\'> {
  return session === 'AM' ? '/' : '\\';
}

/**
 * What a pupil's arrival time gives for a session (docs/attendance-rules.md §1.3).
 * `minutesLate` counts from `opens` for `L` and `U`; it is 0 for a present mark and for no mark.
 */
export type ArrivalOutcome =
  | { readonly code: Extract<ArrivalCode, '/' | '\\'>; readonly minutesLate: 0 }
  | { readonly code: Extract<ArrivalCode, 'L' | 'U'>; readonly minutesLate: number }
  | { readonly code: null; readonly minutesLate: 0 };

/**
 * The mark an arrival at `arrivedAt` earns (docs/attendance-rules.md §1), inclusive at minute
 * precision:
 *
 * - arrival ≤ `lateAfter` (or any time before `opens`) → `/` AM, `\` PM, 0 minutes late;
 * - arrival ≤ `closes` → `L` (counts as present), late by arrival − `opens`;
 * - arrival ≤ `ends` → `U` (unauthorised absence, but on site), late by arrival − `opens`;
 * - arrival after `ends` → `code: null`, no mark for the session.
 *
 * So with seed 001 (opens 09:00, late from 09:15, closes 09:30, ends 12:00): 09:15 is `/`,
 * 09:16 is `L` and 16 minutes late (docs/attendance-rules.md §1.3: "Minutes late are counted from
 * opens", not from `lateAfter`), 09:30 is `L`, 09:31 is `U`, 12:00 is `U`, 12:01 gives no mark.
 *
 * After `ends` the result is `ok` with `code: null`, not an error: the time is well formed and the
 * rule's answer is that the arrival earns no mark for that session, so the pupil stays absent for
 * it (the cell keeps its `N` or other absence). A caller that was asked to record a late arrival
 * and gets `null` refuses it (e.g. as `arrival-after-session-end`).
 *
 * Errors: `malformed-time` when `arrivedAt` is not `HH:mm`.
 */
export function arrivalCode(
  times: SessionTimes,
  session: Session,
  arrivedAt: Hhmm,
): Result<ArrivalOutcome> {
  const parsed = parseHhmm(arrivedAt);
  if (!parsed.ok)
    return err({
      code: 'malformed-time',
      message: `The arrival time "${arrivedAt}" is not a time in the form HH:mm (24-hour).`,
    });
  const at = parsed.value;
  if (at <= times.lateAfter) return ok({ code: presentCode(session), minutesLate: 0 });
  if (at <= times.closes) return ok({ code: 'L', minutesLate: at - times.opens });
  if (at <= times.ends) return ok({ code: 'U', minutesLate: at - times.opens });
  return ok({ code: null, minutesLate: 0 });
}

/** Where a register is in its day (docs/attendance-rules.md §1.4). */
export type RegisterStatus = 'not-open' | 'open' | 'closed';

/**
 * Whether the register for `registerDate` is open at the school's local time `nowLocal`
 * (docs/attendance-rules.md §1.4: not yet open → open (`opens`..`closes`) → closed).
 *
 * - an earlier date, or the same date before `opens` → `not-open`;
 * - the same date from `opens` to `closes` **inclusive** → `open`. With closes 09:20 the whole
 *   minute 09:20 is open (09:20:59 included, since `toSchoolTime` truncates seconds), and the
 *   register is closed from 09:21;
 * - the same date after `closes`, or any later date → `closed`.
 *
 * `nowLocal` is wall-clock time, so a clock change never shifts the window. Dates must already be
 * valid ISO dates (they compare correctly as strings); `nowLocal` usually comes from
 * `toSchoolTime(correctedNow(...))`, or use `registerStatusAt`.
 */
export function registerStatus(
  times: SessionTimes,
  registerDate: IsoDate,
  nowLocal: { readonly date: IsoDate; readonly minutes: Minutes },
): RegisterStatus {
  if (nowLocal.date < registerDate) return 'not-open';
  if (nowLocal.date > registerDate) return 'closed';
  if (nowLocal.minutes < times.opens) return 'not-open';
  return nowLocal.minutes <= times.closes ? 'open' : 'closed';
}

/**
 * `registerStatus` at an instant (epoch ms), read on the school's clock (Europe/London) by
 * `toSchoolTime`. On 2027-03-29 (the Monday after clocks go forward) a 09:20 close is 08:20Z:
 * 08:20Z is open, 08:21Z closed; on 2026-10-26 (after clocks go back) it is 09:20Z.
 * `nowMs` must be a finite instant (see `toSchoolTime`).
 */
export function registerStatusAt(
  times: SessionTimes,
  registerDate: IsoDate,
  nowMs: number,
): RegisterStatus {
  return registerStatus(times, registerDate, toSchoolTime(nowMs));
}
