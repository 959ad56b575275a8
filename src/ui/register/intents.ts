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
import type { Refusal } from '../../text/staffText.ts';
import type { RegisterPhase } from './phase.ts';

export type { Refusal };

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
