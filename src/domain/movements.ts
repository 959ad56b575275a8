/**
 * Signing in and out at reception during the day (docs/architecture.md §2.7): whether a pupil is
 * off site at a given time decides who the afternoon's shortcut and the fire roll call count.
 */
import type { Hhmm } from './dates.ts';

/** What the rule needs of a movement: which way, and the school-time minute it happened. */
export interface MovementAt {
  readonly direction: 'in' | 'out';
  /** `HH:mm`, school time. */
  readonly at: Hhmm;
}

/**
 * True when the pupil's latest movement at or before `time` (`HH:mm`, inclusive) is a sign-out:
 * collected for the dentist at 13:40 and not yet back. Movements at the same minute keep their
 * given order (server order), so an out and a return in one minute leave the pupil on site.
 */
export function isSignedOutAt(movements: readonly MovementAt[], time: Hhmm): boolean {
  let latest: MovementAt | null = null;
  for (const movement of movements)
    if (movement.at <= time && (latest === null || movement.at >= latest.at)) latest = movement;
  return latest?.direction === 'out';
}
