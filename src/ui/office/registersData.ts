/**
 * The registers screen's rows, worked out from the device's copy of the school with the domain's
 * rules, so they agree with the server's `/api/office/missing-registers` and `/api/office/conflicts`
 * online or not: missing registers by `missingRegisters`, conflicts by the cell fold
 * (`resolveCell`, read in `readConflictCells`).
 */
import {
  compareByName,
  missingRegisters,
  pupilName,
  SCHOOL_TIME_ZONE,
  type IsoDate,
  type RecordedAmendment,
  type RegisterSchool,
  type Session,
} from '../../domain/index.ts';
import type { ConflictCell } from '../../storage/officeView.ts';
import type { MarksOfDay } from '../../storage/registerView.ts';
import { historyLines, type HistoryLine } from '../pupil/historyLines.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { groupSessionTimes } from '../shared/schoolSetup.ts';
import { schoolTimeOf } from '../shared/time.ts';

/** The school as the missing-registers rule reads it: groups by year, then name. */
export function registerSchool(school: SchoolData): RegisterSchool {
  const groups = [...school.groups.values()].sort(
    (a, b) => a.yearGroup - b.yearGroup || a.name.localeCompare(b.name),
  );
  return {
    calendar: school.setup.calendar,
    timeZone: SCHOOL_TIME_ZONE,
    groupIds: groups.map((g) => g.id),
    timesOf: (groupId, session) => {
      const group = school.groups.get(groupId);
      return group === undefined ? null : groupSessionTimes(school.setup, group, session);
    },
  };
}

/** One register not taken. */
export interface MissingRow {
  readonly key: string;
  readonly groupName: string;
  readonly session: Session;
  /** The register's closing time, `HH:mm`. */
  readonly closes: string;
  readonly teachers: readonly string[];
  readonly onRoll: number;
  readonly unmarked: number;
}

/** The registers of `date` closed by `nowMs` and not taken, in the order they closed. */
export function missingRows(
  school: SchoolData,
  date: IsoDate,
  nowMs: number,
  marks: MarksOfDay,
): MissingRow[] {
  const cells = new Map<string, RecordedAmendment[]>();
  for (const mark of [...marks.amendments, ...marks.pending]) {
    const key = `${mark.pupilId}|${mark.session}`;
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [mark]);
    else list.push(mark);
  }
  const missing = missingRegisters(registerSchool(school), date, nowMs, {
    pupils: [...school.pupils.values()],
    cellOf: (pupilId, session) => cells.get(`${pupilId}|${session}`) ?? [],
    staff: school.staff.values(),
  });
  return missing.map((register) => ({
    key: `${register.groupId}|${register.session}`,
    groupName: school.groups.get(register.groupId)?.name ?? register.groupId,
    session: register.session,
    closes: schoolTimeOf(register.closedAt - 60_000),
    teachers: register.teachers,
    onRoll: register.onRoll,
    unmarked: register.unmarked,
  }));
}

/** One cell in conflict, with its history and the sides that disagree. */
export interface ConflictRow {
  readonly key: string;
  readonly cell: ConflictCell;
  readonly name: string;
  readonly groupName: string;
  /** The cell's whole history, oldest first. */
  readonly lines: readonly HistoryLine[];
  /** The marks that disagree: the conflict's displaced sides, then the mark shown. */
  readonly sides: readonly HistoryLine[];
}

/** Conflicts oldest first, then AM before PM, then by pupil in register order. */
export function conflictRows(
  school: SchoolData,
  cells: readonly ConflictCell[],
  me: { readonly name: string; readonly position: string },
): ConflictRow[] {
  const sorted = [...cells].sort((a, b) => {
    const pa = school.pupils.get(a.pupilId);
    const pb = school.pupils.get(b.pupilId);
    const byPupil = pa !== undefined && pb !== undefined ? compareByName(pa, pb) : 0;
    return a.date.localeCompare(b.date) || a.session.localeCompare(b.session) || byPupil;
  });
  return sorted.map((cell) => {
    const pupil = school.pupils.get(cell.pupilId);
    const lines = historyLines(cell, school.staff, pupil?.contacts ?? [], me);
    const headId = cell.view.head?.opId ?? null;
    const sides = [
      ...lines.filter((line) => line.outcome === 'conflict' && line.opId !== headId),
      ...lines.filter((line) => line.opId === headId),
    ];
    return {
      key: `${cell.pupilId}|${cell.date}|${cell.session}`,
      cell,
      name: pupil === undefined ? 'A pupil not on this device' : pupilName(pupil),
      groupName:
        pupil === undefined ? '' : (school.groups.get(pupil.groupId)?.name ?? pupil.groupId),
      lines,
      sides,
    };
  });
}
