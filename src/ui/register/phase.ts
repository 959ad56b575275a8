/**
 * Where a register is in its day, as the teacher's screens act on it. Built only from the domain's
 * `registerStatusAt` (open from `opens` to `closes`, both minutes inclusive) and the session's
 * `ends`, read at the corrected clock, so the tablet and the server judge every tap the same way
 * (docs/sync-protocol.md §5.1).
 */
import {
  formatHhmm,
  fromSchoolTime,
  registerStatusAt,
  toSchoolTime,
  type IsoDate,
  type SessionTimes,
} from '../../domain/index.ts';

/**
 * - `no-register`: the date and session are not a school session (weekend, holiday, closure);
 * - `not-open`: before `opens`, or a later date: nothing can be recorded yet;
 * - `open`: present, absent, late and undo;
 * - `closed`: after `closes` on the day, until `ends`: late arrivals only;
 * - `ended`: after the session ended, or an earlier date: nothing more from the register.
 */
export type RegisterPhase = 'no-register' | 'not-open' | 'open' | 'closed' | 'ended';

export function registerPhase(
  times: SessionTimes,
  date: IsoDate,
  isSchoolSession: boolean,
  nowMs: number,
): RegisterPhase {
  if (!isSchoolSession) return 'no-register';
  const status = registerStatusAt(times, date, nowMs);
  if (status !== 'closed') return status;
  const local = toSchoolTime(nowMs);
  return local.date > date || local.minutes > times.ends ? 'ended' : 'closed';
}

const MS_PER_MINUTE = 60_000;

/**
 * The first instant at which the register is closed: the end of the `closes` minute, since the
 * whole of that minute is still open (docs/attendance-rules.md §1, inclusive boundaries).
 */
export function closedFrom(times: SessionTimes, date: IsoDate): number | null {
  const closes = fromSchoolTime(date, formatHhmm(times.closes));
  return closes.ok ? closes.value + MS_PER_MINUTE : null;
}

/** Milliseconds left before the register closes (never negative), or null if unknown. */
export function msUntilClose(times: SessionTimes, date: IsoDate, nowMs: number): number | null {
  const closed = closedFrom(times, date);
  return closed === null ? null : Math.max(0, closed - nowMs);
}

/** "4:05" for a countdown: minutes and seconds, rounded up to the next whole second. */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes)}:${String(seconds).padStart(2, '0')}`;
}

/** "12 minutes" / "1 minute" for time left, rounded up so "0 minutes" is never shown while open. */
export function minutesLeftText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MS_PER_MINUTE));
  return minutes === 1 ? '1 minute' : `${String(minutes)} minutes`;
}
