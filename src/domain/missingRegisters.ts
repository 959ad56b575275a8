/**
 * Missing registers (docs/attendance-rules.md §1.4, docs/sync-protocol.md §8
 * `GET /api/office/missing-registers`): a register that has closed without every pupil on roll
 * having a mark recorded before its close. The close job fills such a register's blanks with
 * `N`, which does not count as taking it, so the office chases the group's teachers.
 *
 * One rule for the server's read and the office's device, which passes its own copy of the day's
 * amendments with its unsent marks after them. Which registers of the date have closed is the
 * close rule's (`registersClosedBetween`): school sessions only (a weekend, a holiday, half-term
 * or an INSET day has none), and the whole closing minute still open, so a register closing at
 * 09:20 is first missing at 09:21:00.
 */
import type { Session } from './calendar.ts';
import { fromSchoolTime } from './clock.ts';
import {
  markedBeforeClose,
  registersClosedBetween,
  type ClosingSchool,
  type RecordedAmendment,
  type RollPupil,
} from './closeRule.ts';
import { addDays, type IsoDate } from './dates.ts';
import { isOnRoll, takesRegister, type Author } from './people.ts';

/** The school as the rule reads it: the close rule's view, without `liveFrom`. */
export type RegisterSchool = Omit<ClosingSchool, 'liveFrom'>;

/** A member of staff as the rule names them: a teacher taking the group's register is listed. */
export interface NamedAuthor extends Author {
  readonly name: string;
}

/** A register that closed without being taken. */
export interface MissingRegister {
  readonly groupId: string;
  readonly session: Session;
  /** The first instant after the register's closing minute (epoch ms). */
  readonly closedAt: number;
  /** The names of the teachers who take the group's register, in alphabetical order. */
  readonly teachers: readonly string[];
  /** Pupils on roll, and how many of them had no mark recorded before the close. */
  readonly onRoll: number;
  readonly unmarked: number;
}

/** What the rule reads of the date's marks. */
export interface DayMarks {
  readonly pupils: readonly RollPupil[];
  /** A cell's amendments in server order (rejected ones left out), a device's unsent ones after. */
  readonly cellOf: (pupilId: string, session: Session) => readonly RecordedAmendment[];
  readonly staff: Iterable<NamedAuthor>;
}

/** The school's midnight starting `date`, epoch ms, or null if the zone cannot place it. */
function midnight(school: RegisterSchool, date: IsoDate): number | null {
  const instant = fromSchoolTime(date, '00:00', school.timeZone);
  return instant.ok ? instant.value : null;
}

/**
 * The registers of `date` that had closed by `nowMs` without being taken, in the order they
 * closed (groups closing together in `school.groupIds` order). A group with no pupil on roll
 * has no register to take, so it is never missing. A date still to come has none.
 */
export function missingRegisters(
  school: RegisterSchool,
  date: IsoDate,
  nowMs: number,
  marks: DayMarks,
): MissingRegister[] {
  const start = midnight(school, date);
  const end = midnight(school, addDays(date, 1));
  if (start === null || end === null) return [];
  // From the date's midnight to the next (or now): a register closing in the last minute of the
  // day is closed at the next midnight, which still counts as the date's.
  const due = registersClosedBetween({ ...school, liveFrom: date }, start, Math.min(nowMs, end));
  const staff = [...marks.staff];
  const missing: MissingRegister[] = [];
  for (const register of due) {
    const onRoll = marks.pupils.filter((p) => p.groupId === register.groupId && isOnRoll(p, date));
    const unmarked = onRoll.filter(
      (p) => !markedBeforeClose(marks.cellOf(p.id, register.session), register.closedAt),
    ).length;
    if (unmarked === 0) continue;
    const teachers = staff
      .filter((s) => takesRegister(s, register.groupId))
      .map((s) => s.name)
      .sort((a, b) => a.localeCompare(b));
    missing.push({
      groupId: register.groupId,
      session: register.session,
      closedAt: register.closedAt,
      teachers,
      onRoll: onRoll.length,
      unmarked,
    });
  }
  return missing;
}
