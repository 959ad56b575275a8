/**
 * The shapes of the office's alerts (docs/attendance-rules.md §6, §7; docs/sync-protocol.md §8
 * `/api/reports/alerts`): what `computeAlerts` in `alerts.ts` reads and the row it returns for each
 * alert, each with the rule it reports. How the rows are worked out is in `alerts.ts`, with the
 * statutory day counts as constants.
 *
 * Rules common to every alert (decisions where docs/attendance-rules.md leaves room):
 * - Blank cells, marks on sessions the calendar closes and marks outside a pupil's admission and
 *   leaving dates (both inclusive) are ignored; pupils not on roll on `asOf` get no alerts.
 * - "Consecutive school days" are counted back from `asOf`. A day counts when every possible
 *   session recorded on it passes the test (so a half-closure day counts in full, and today's
 *   still-blank PM does not break a run); a day with nothing possible recorded (blank, `D`, `Y1`…)
 *   neither counts nor breaks the run; any other mark breaks it.
 * - `U` is never a day of absence: the pupil was on site (docs/attendance-rules.md §1), so it
 *   breaks continuous-absence and home-visit runs and ends a not-back run. It does count for the
 *   penalty watch (§6) and, with `lateness.countsU` (the default), as a late arrival.
 */
import type { SchoolCalendar, Session } from './calendar.ts';
import type { AttendanceCode } from './codes.ts';
import type { IsoDate } from './dates.ts';
import type { SchoolSettings } from './settings.ts';
import type { SessionMark } from './statistics.ts';

/** One pupil's marks and enrolment (admission and leaving dates are inclusive). */
export interface PupilAlertInput {
  readonly pupilId: string;
  readonly marks: readonly SessionMark[];
  readonly admissionDate?: IsoDate;
  readonly leavingDate?: IsoDate | null;
}

/**
 * Everything `computeAlerts` reads; `asOf` is a parameter, never the clock (docs/architecture.md
 * §1).
 */
export interface AlertsInput {
  readonly calendar: SchoolCalendar;
  readonly settings: SchoolSettings;
  readonly asOf: IsoDate;
  readonly pupils: readonly PupilAlertInput[];
}

/**
 * Penalty watch (docs/attendance-rules.md §6): `count` is `G`+`O`+`U` in the rolling window
 * of school weeks, `outstandingN` the `N` sessions inside it, shown apart. Listed when count ≥
 * threshold − nearMargin, or when count + outstandingN reaches the threshold (`wouldReach`: the
 * office sees who tips over if the `N` sessions become `O`).
 */
export interface PenaltyRow {
  readonly pupilId: string;
  readonly count: number;
  readonly outstandingN: number;
  readonly windowStart: IsoDate;
  readonly windowEnd: IsoDate;
  readonly reached: boolean;
  readonly wouldReach: boolean;
}

/**
 * Lateness letters (docs/attendance-rules.md §7): `L` (`late`) and `U` (`lateAfterClose`) in the
 * half term holding `asOf` (in a holiday, the last one before it) up to `asOf`; `count` adds `U`
 * only with `lateness.countsU`.
 */
export interface LatenessRow {
  readonly pupilId: string;
  readonly count: number;
  readonly late: number;
  readonly lateAfterClose: number;
  readonly term: string;
  readonly termStart: IsoDate;
  readonly termEnd: IsoDate;
}

/**
 * A run of consecutive school days back from `asOf` (§7): `continuous10` (10+ days of `G`/`N`/`O`,
 * those at 20+ included: the local-authority return and the missing-education enquiries are
 * separate duties), `continuous20` (20+), `medicalEvidence` (whole days of `I`, more than the
 * setting).
 */
export interface RunRow {
  readonly pupilId: string;
  readonly days: number;
  readonly since: IsoDate;
}

/**
 * Not back after leave (§7, children missing education): the pupil's latest session of granted
 * leave is followed by 10+ school days with no session attended.
 * - Leave is what the headteacher grants (§8): `C1`, `J1`, `S`, `C2`, `C`. `M` is in the same
 *   row of the code table but is not counted: a medical or dental appointment is notified, not
 *   granted, and usually one session inside a day otherwise attended, so "not back after it" is
 *   caught already as illness, `N` or `O` by the other alerts. Marks before 19 August 2024 have no
 *   leave-of-absence codes (their `H`, `F`, `C` are authorised-other), so never start this run.
 * - The day of the leave's last session is day 0, as for the `N` deadline (§3): a day half leave,
 *   half absent does not count. `leaveEnded` is that day, `leaveCode` its code.
 * - The days after it are counted like every run (top of this file): a day counts when every
 *   possible session recorded on it is away (any absence but `U`), a day with nothing possible
 *   recorded (today's register not yet taken, `D`, a `Y` code) neither counts nor clears it, and
 *   any session attended or on site (present, `L`, `U`, an approved activity) clears it: the pupil
 *   is back. So the row appears once day 10's absence is recorded, and a return on day 10 keeps
 *   it off. It stays while the pupil is away, however long; `since` is the first day counted.
 */
export interface NotBackRow extends RunRow {
  readonly leaveEnded: IsoDate;
  readonly leaveCode: AttendanceCode;
}

/** Home visit (§7): the run reached `afterDays`; `visitDue` on that day and each repeat. */
export interface HomeVisitRow extends RunRow {
  readonly visitDue: boolean;
}

/**
 * Sickness return (§7): days of `I` in the academic year (from 1 August), recorded future `I`
 * included. A day is whole when all its sessions are `I`, half for one `I` session of two.
 * `reached` is false when only planned absence reaches 15 days; `reachesOn` is the day it does.
 */
export interface SicknessRow {
  readonly pupilId: string;
  readonly days: number;
  readonly daysToDate: number;
  readonly reached: boolean;
  readonly reachesOn: IsoDate;
}

/**
 * Suspension (§7): the run of `E` days through `asOf` carried on into recorded future `E` days,
 * when it is longer than 5. `provisionFrom` is day 6; `reached` once that day is not in the future.
 */
export interface SuspensionRow {
  readonly pupilId: string;
  readonly days: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly provisionFrom: IsoDate;
  readonly reached: boolean;
}

/** First-day calling (§7): the sessions of `asOf` marked `N`. */
export interface FirstDayRow {
  readonly pupilId: string;
  readonly sessions: readonly Session[];
}

/**
 * docs/sync-protocol.md §8 `/api/reports/alerts`, plus `notBack10`, `homeVisit` and
 * `medicalEvidence`.
 */
export interface Alerts {
  readonly penalty: PenaltyRow[];
  readonly lateness: LatenessRow[];
  readonly continuous10: RunRow[];
  readonly continuous20: RunRow[];
  readonly notBack10: NotBackRow[];
  readonly sickness15: SicknessRow[];
  readonly suspension5: SuspensionRow[];
  readonly firstDay: FirstDayRow[];
  readonly homeVisit: HomeVisitRow[];
  readonly medicalEvidence: RunRow[];
}
