/**
 * Session times and the register's arrival rule (domain-rules.md §1).
 */
import type { Session } from './calendar.ts';
import type { Hhmm } from './dates.ts';

/** The four wall-clock times of one session, in the school's zone (Europe/London). */
export interface SessionTimesInput {
  /** The register begins to be taken. */
  readonly opens: Hhmm;
  /** Arrivals after this are late (policy, default `opens`). */
  readonly lateAfter?: Hhmm;
  /** The register closes: arrivals after this are `U`. */
  readonly closes: Hhmm;
  /** The session ends: arrivals after this get no mark for the session. */
  readonly ends: Hhmm;
}

export type SchoolSessionTimes = Readonly<Record<Session, SessionTimesInput>>;
