/**
 * What a tap asks for, and the code it records. The register's rights are the server's
 * (`src/server/sync/validateOp.ts`, docs/sync-protocol.md §5.3): while the register is open a
 * teacher records present, `N` or a clear; a late arrival at any time until the session ends, its
 * code always from the arrival time; before it opens, or after the session, nothing.
 */
import {
  arrivalCode,
  parseHhmm,
  presentCode,
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
  | 'session-ended'
  | 'no-register'
  | 'arrival-after-session-end'
  | 'arrival-in-future'
  | 'malformed-time';

export type PlanResult =
  | { readonly ok: true; readonly value: Planned }
  | { readonly ok: false; readonly refusal: Refusal };

function phaseRefusal(phase: RegisterPhase, isLate: boolean): Refusal | null {
  switch (phase) {
    case 'open':
      return null;
    case 'closed':
      return isLate ? null : 'register-closed';
    case 'not-open':
      return 'register-not-open';
    case 'ended':
      return 'session-ended';
    case 'no-register':
      return 'no-register';
  }
}

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
  if (!arrival.ok || !minutes.ok) return { ok: false, refusal: 'malformed-time' };
  if (minutes.value > nowMinutes) return { ok: false, refusal: 'arrival-in-future' };
  if (arrival.value.code === null) return { ok: false, refusal: 'arrival-after-session-end' };
  return { ok: true, value: { code: arrival.value.code, arrivedAt } };
}

/** The mark `intent` records in `phase`, or why it cannot be recorded now. */
export function planMark(
  intent: Intent,
  context: {
    readonly phase: RegisterPhase;
    readonly times: SessionTimes;
    readonly session: Session;
    readonly nowMinutes: number;
  },
): PlanResult {
  const isLate = intent.kind === 'late' || (intent.kind === 'restore' && intent.arrivedAt !== null);
  const refusal = phaseRefusal(context.phase, isLate);
  if (refusal !== null) return { ok: false, refusal };
  switch (intent.kind) {
    case 'present':
      return { ok: true, value: { code: presentCode(context.session), arrivedAt: null } };
    case 'absent':
      return { ok: true, value: { code: 'N', arrivedAt: null } };
    case 'late':
      return planArrival(context.times, context.session, intent.arrivedAt, context.nowMinutes);
    case 'restore':
      return { ok: true, value: { code: intent.code, arrivedAt: intent.arrivedAt } };
  }
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
  }
}
