/**
 * What a tap asks for, and the code it records. The register asks the domain's rights
 * (`registerRights`, the rule the server applies to a teacher's ops, docs/sync-protocol.md §5.3)
 * of every tap: while the register is open a teacher records present, `N` or a clear; a late
 * arrival at any time until the session ends, its code always from the arrival time; before it
 * opens, or after the session, nothing.
 */
import {
  arrivalCode,
  err,
  ok,
  parseHhmm,
  presentCode,
  registerRights,
  type IsoDate,
  type RegisterRefusalCode,
  type Result,
  type SchoolTime,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import type { RegisterPhase } from './phase.ts';

export type Intent =
  | { readonly kind: 'present' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'late'; readonly arrivedAt: string }
  /** Undo: puts back the mark the cell had before, or clears it (`code: null`). */
  | { readonly kind: 'restore'; readonly code: string | null; readonly arrivedAt: string | null };

/** The mark an intent records. */
export interface Planned {
  readonly code: string | null;
  readonly arrivedAt: string | null;
}

/** Why an intent cannot be recorded now: each maps to a sentence in `refusalText`. */
export type Refusal =
  | 'register-not-open'
  | 'register-closed'
  | 'code-not-allowed'
  | 'session-ended'
  | 'no-register'
  | 'arrival-after-session-end'
  | 'arrival-in-future'
  | 'malformed-time';

export type PlanResult = Result<Planned, Refusal>;

/**
 * The rights' refusals in the register's words. Earlier dates are `ended` before the rights are
 * asked, so `not-today` here is a later date, whose register is not open yet.
 */
const REFUSAL_OF: Readonly<Record<RegisterRefusalCode, Refusal>> = {
  'not-today': 'register-not-open',
  'register-not-open': 'register-not-open',
  'register-closed': 'register-closed',
  'code-not-allowed': 'code-not-allowed',
};

/**
 * Late arrival: the code is the domain's `arrivalCode` (≤ `lateAfter` present, ≤ `closes` `L`,
 * ≤ `ends` `U`, later nothing), and the arrival may not be later than the time it is recorded.
 */
export function planArrival(
  times: SessionTimes,
  session: Session,
  arrivedAt: string,
  nowMinutes: number,
): PlanResult {
  const arrival = arrivalCode(times, session, arrivedAt);
  const minutes = parseHhmm(arrivedAt);
  if (!arrival.ok || !minutes.ok) return err('malformed-time');
  if (minutes.value > nowMinutes) return err('arrival-in-future');
  if (arrival.value.code === null) return err('arrival-after-session-end');
  return ok({ code: arrival.value.code, arrivedAt });
}

/** Where the register is when a tap is planned. */
export interface PlanContext {
  readonly phase: RegisterPhase;
  readonly times: SessionTimes;
  readonly date: IsoDate;
  readonly session: Session;
  /** The school's (corrected) clock at the tap. */
  readonly now: SchoolTime;
}

/**
 * The code and arrival an intent asks for, as the rights read them (a late arrival's code is
 * worked out after, from its time).
 */
function asked(intent: Intent, session: Session): Planned {
  switch (intent.kind) {
    case 'present':
      return { code: presentCode(session), arrivedAt: null };
    case 'absent':
      return { code: 'N', arrivedAt: null };
    case 'late':
      return { code: null, arrivedAt: intent.arrivedAt };
    case 'restore':
      return { code: intent.code, arrivedAt: intent.arrivedAt };
  }
}

/** The mark `intent` records in `context.phase`, or why it cannot be recorded now. */
export function planMark(intent: Intent, context: PlanContext): PlanResult {
  const { phase, date, session, now } = context;
  // The register's own phases, which the rights do not know: no register, or the session over.
  if (phase === 'no-register') return err('no-register');
  if (phase === 'ended') return err('session-ended');
  const mark = asked(intent, session);
  const rights = registerRights(
    { date, session, ...mark },
    { recordedOn: now.date, status: phase },
  );
  if (!rights.ok) return err(REFUSAL_OF[rights.error.code]);
  return intent.kind === 'late'
    ? planArrival(context.times, session, intent.arrivedAt, now.minutes)
    : ok(mark);
}

/**
 * What undo would write to put a cell back as it was, or null when a teacher cannot: a blank cell
 * is cleared (`code: null`, allowed while the register is open), present and `N` are written
 * again, a late mark again from its arrival time. Any other code (the office's `I`, `M`…) is not
 * a teacher's to write, so changing one cannot be undone from the register.
 */
export function restoreFor(code: string | null, arrivedAt: string | null): Intent | null {
  if (code === null || code === '/' || code === '\\' || code === 'N')
    return { kind: 'restore', code, arrivedAt: null };
  if ((code === 'L' || code === 'U') && arrivedAt !== null)
    return { kind: 'restore', code, arrivedAt };
  return null;
}

/** The one place refusals become words. */
export function refusalText(refusal: Refusal): string {
  switch (refusal) {
    case 'register-not-open':
      return 'The register is not open yet.';
    case 'register-closed':
      return 'The register has closed: only a late arrival can be recorded now. Anything else goes to the office.';
    case 'session-ended':
      return 'The session has ended: changes now go through the office.';
    case 'no-register':
      return 'There is no register for this session.';
    case 'arrival-after-session-end':
      return 'That is after the session ended, so no mark can be recorded for it.';
    case 'arrival-in-future':
      return 'The arrival time cannot be later than now.';
    case 'malformed-time':
      return 'Enter the arrival time as hours and minutes, for example 08:58.';
    case 'code-not-allowed':
      return 'That mark is not one a teacher records: the office can change it.';
  }
}
