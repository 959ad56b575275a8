/**
 * The register close rule (docs/attendance-rules.md §1.4, docs/architecture.md §4.1): when a
 * group's register closes on a school day, every pupil on roll whose cell is still blank gets `N`,
 * and a register in which some pupil had no mark is recorded as never taken.
 *
 * Which registers: every group's register whose closing minute has ended since the close job
 * last ran, from the school's `liveFrom` onwards (dates before it are history, never closed), so
 * the job catches up by itself after the server was down. Which cells: those that resolve to
 * blank — never marked, or marked and cleared again. A cell holding any mark, an absence the
 * office recorded in advance included, is left alone. The server's close job
 * (`src/server/registers/closeJob.ts`) runs this and writes what it says.
 */
import { sessionsOn, type SchoolCalendar, type Session } from './calendar.ts';
import { fromSchoolTime, toSchoolTime } from './clock.ts';
import { addDays, formatHhmm, type IsoDate } from './dates.ts';
import { isOnRoll, type Enrolment } from './people.ts';
import { resolveCell, type CellAmendment } from './resolveCell.ts';
import type { Source } from './roles.ts';
import type { SessionTimes } from './sessionTimes.ts';

const MINUTE_MS = 60_000;

/** The reason the close job's `N` carries (docs/attendance-rules.md §4.2). */
export const CLOSE_REASON = 'Register closed with no mark';

/** A register whose close has passed. */
export interface DueRegister {
  readonly groupId: string;
  readonly date: IsoDate;
  readonly session: Session;
  /** The first instant after the register's closing minute. */
  readonly closedAt: number;
}

/** What the rule reads of a school to find its due registers. */
export interface ClosingSchool {
  readonly calendar: SchoolCalendar;
  /** The first date the close job covers. */
  readonly liveFrom: IsoDate;
  readonly timeZone: string;
  /** Every group, in the order their registers are listed when they close together. */
  readonly groupIds: Iterable<string>;
  /** A group's times for a session, or null when they cannot be read (its register never closes). */
  readonly timesOf: (groupId: string, session: Session) => SessionTimes | null;
}

/**
 * Registers that closed in (`afterMs`, `nowMs`], oldest first; `afterMs` ≤ 0 means from
 * `liveFrom`. The whole of the closing minute is still open (inclusive boundaries), so a
 * register closing at 09:20 is due from 09:21:00.
 */
export function registersClosedBetween(
  school: ClosingSchool,
  afterMs: number,
  nowMs: number,
): DueRegister[] {
  const due: DueRegister[] = [];
  const from = afterMs <= 0 ? school.liveFrom : toSchoolTime(afterMs, school.timeZone).date;
  const last = toSchoolTime(nowMs, school.timeZone).date;
  const groupIds = [...school.groupIds];
  const first = from < school.liveFrom ? school.liveFrom : from;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const session of sessionsOn(school.calendar, date)) {
      for (const groupId of groupIds) {
        const times = school.timesOf(groupId, session);
        if (times === null) continue;
        const closes = fromSchoolTime(date, formatHhmm(times.closes), school.timeZone);
        if (!closes.ok) continue;
        const closedAt = closes.value + MINUTE_MS;
        if (closedAt > afterMs && closedAt <= nowMs) due.push({ groupId, date, session, closedAt });
      }
    }
  }
  return due.sort((a, b) => a.closedAt - b.closedAt);
}

/** A pupil as the rule reads them: their group and their days on roll. */
export interface RollPupil extends Enrolment {
  readonly id: string;
  readonly groupId: string;
}

/** A cell as the rule reads it: its mark (null for blank) and the amendment that made it. */
export interface CellHead {
  readonly code: string | null;
  /** The cell's current amendment (a clear, for a cleared cell), or null if never marked. */
  readonly headOpId: string | null;
}

/** A blank cell of a closed register: it gets `N`, based on the cell's head. */
export interface BlankCell {
  readonly register: DueRegister;
  readonly pupilId: string;
  readonly basedOn: string | null;
}

/** A closed register, and whether every pupil on roll had a mark when it closed. */
export interface ClosedRegister {
  readonly register: DueRegister;
  readonly taken: boolean;
}

export interface ClosePlan {
  readonly registers: readonly ClosedRegister[];
  /** In the order of `due`, then of `pupils`: the order the `N`s are written in. */
  readonly blanks: readonly BlankCell[];
}

/**
 * Which cells of the `due` registers get `N` now: those of `pupils` in the register's group, on
 * roll on its date, whose cell (`cellOf`) is blank. A register with no pupil on roll is not taken.
 */
export function planClose(
  due: readonly DueRegister[],
  pupils: readonly RollPupil[],
  cellOf: (pupilId: string, date: IsoDate, session: Session) => CellHead,
): ClosePlan {
  const registers: ClosedRegister[] = [];
  const blanks: BlankCell[] = [];
  for (const register of due) {
    const onRoll = pupils.filter(
      (p) => p.groupId === register.groupId && isOnRoll(p, register.date),
    );
    let taken = onRoll.length > 0;
    for (const pupil of onRoll) {
      const cell = cellOf(pupil.id, register.date, register.session);
      if (cell.code !== null) continue;
      taken = false;
      blanks.push({ register, pupilId: pupil.id, basedOn: cell.headOpId });
    }
    registers.push({ register, taken });
  }
  return { registers, blanks };
}

/**
 * The op id of the close job's `N` for a cell: derived from the cell, so the same `N` can never
 * be written twice, even by two server processes.
 */
export function closeOpId(pupilId: string, date: IsoDate, session: Session): string {
  return `close:${pupilId}:${date}:${session}`;
}

/** What the "taken" test reads of an amendment (a pending op of this device included). */
export interface RecordedAmendment extends CellAmendment {
  readonly source: Source;
  /** ISO instant the author recorded it (the device's corrected clock). */
  readonly recordedAt: string;
}

/**
 * Did the cell hold a mark at the register's close (docs/attendance-rules.md §1.4), counting only
 * what people recorded before it — by `recordedAt`, so an offline register taken on time counts
 * once it syncs? The close job's `N` does not count, and neither does a mark cleared again
 * before the close (the close job treats a cleared cell as blank). `amendments` in server order,
 * a device's unsent ops after them; `closedAt` is the first instant after the closing minute.
 * A register is taken when every pupil on roll passes this test.
 */
export function markedBeforeClose(
  amendments: readonly RecordedAmendment[],
  closedAt: number,
): boolean {
  const recorded = amendments.filter(
    (a) => a.source !== 'system' && Date.parse(a.recordedAt) < closedAt,
  );
  return resolveCell(recorded).code !== null;
}
