/**
 * Everything one register shows, read for `useLiveQuery` in two parts: the setup (the group, its
 * times, its pupils on roll, staff names), which rarely changes, and the cells (the server's
 * amendments with this teacher's unsent marks folded on top, `readCellSources`), which change with
 * every mark. `registerData` joins them, naming who recorded the marks other people made, so a
 * mark the sync engine pulls in (a phoned-in illness) shows without a reload.
 */
import {
  authorName,
  err,
  ok,
  compareByName,
  isOnRoll,
  isSchoolSession,
  pupilName,
  takesRegister,
  type IsoDate,
  type Result,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import type { Source } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import {
  groupRecordSchema,
  keyProperty,
  parseRow,
  parseRows,
  pupilRecordSchema,
  type Amendment,
  type PupilRecord,
  type StaffRecord,
} from '../../storage/records.ts';
import { movementsOn } from '../../storage/movements.ts';
import { cellViews, readCellSources, type CellSources } from '../../storage/registerView.ts';
import type { RegisterProblem } from '../../text/staffText.ts';
import { dayMovementsText, type MovementWords } from '../shared/movementText.ts';
import { staffNames } from '../shared/schoolData.ts';
import { groupSessionTimes, readSchoolSetup } from '../shared/schoolSetup.ts';

/** A mark someone else recorded: who, when and why (the "prefilled" marks). */
export interface RecordedBy {
  readonly name: string;
  readonly source: Source;
  /** ISO instant the mark was recorded (corrected device clock of its author). */
  readonly recordedAt: string;
  readonly reason: string | null;
  readonly note: string | null;
  /** Who told the office of the absence ("Mum"), on an office mark; null otherwise. */
  readonly reportedBy: string | null;
}

/** One pupil's card. Plain values only, so a card re-renders only when its own row changed. */
export interface PupilRow {
  readonly pupilId: string;
  readonly name: string;
  readonly initials: string;
  /** The mark shown (server marks and this teacher's unsent marks); null when blank. */
  readonly code: string | null;
  /** The amendment the teacher sees as current: the next mark is based on it. */
  readonly headOpId: string | null;
  readonly arrivedAt: string | null;
  readonly conflict: boolean;
  /** This teacher has marks for the cell that have not reached the server yet. */
  readonly pending: boolean;
  /** Set when the current mark is someone else's (office, reception, the close job, a colleague). */
  readonly recordedBy: RecordedBy | null;
  /**
   * The pupil's signing in and out at reception today ("Signed out 13:40 (appointment: dentist),
   * collected by Priya Khan"), so the afternoon register is not marked present by mistake.
   */
  readonly movements: string | null;
}

export interface RegisterData {
  readonly groupName: string;
  /**
   * The signed-in member of staff takes this group's register: a teacher with the group in their
   * staff record's `groups` (their own, or cover the office assigned). Anyone else only views it:
   * the server takes register marks from those teachers alone.
   */
  readonly canMark: boolean;
  readonly times: SessionTimes;
  readonly isSchoolSession: boolean;
  readonly rows: readonly PupilRow[];
  /** Every op id of these cells this device holds, sent or not: optimistic marks end once seen. */
  readonly knownOpIds: ReadonlySet<string>;
}

export type { RegisterProblem };

/** The register, or why it cannot be shown. */
export type RegisterLoad = Result<RegisterData, RegisterProblem>;

function initialsOf(pupil: PupilRecord): string {
  const first = (pupil.preferredName ?? pupil.givenName).charAt(0);
  return `${first}${pupil.familyName.charAt(0)}`.toUpperCase();
}

/** Pupils of a group on roll on `date`, by family name then given name. */
export async function pupilsOnRoll(
  db: RollcallDb,
  groupIds: readonly string[],
  date: IsoDate,
): Promise<PupilRecord[] | null> {
  const index = db.pupils.where('groupId');
  const [only] = groupIds;
  // One group reads with a single request; `anyOf` walks a cursor, a request per pupil.
  const rows = await (
    groupIds.length === 1 && only !== undefined ? index.equals(only) : index.anyOf(groupIds)
  ).toArray();
  const parsed = parseRows('pupils', pupilRecordSchema, rows, keyProperty('id'));
  if (!parsed.ok) return null;
  return parsed.value.filter((p) => isOnRoll(p, date)).sort(compareByName);
}

function recordedByOf(
  amendment: Amendment | undefined,
  authorId: string,
  staff: ReadonlyMap<string, StaffRecord>,
): RecordedBy | null {
  if (amendment === undefined || amendment.authorId === authorId) return null;
  return {
    name: authorName(staff, amendment.authorId),
    source: amendment.source,
    recordedAt: amendment.recordedAt,
    reason: amendment.reason,
    note: amendment.note,
    reportedBy: amendment.reportedBy ?? null,
  };
}

/** Who is looking: the signed-in member of staff, as the login gave them. */
export interface Viewer {
  readonly id: string;
  readonly role: StaffRecord['role'];
  /** The login's groups, used until the staff record has been pulled. */
  readonly groups: readonly string[];
}

/** A pupil as the register's cards name them. */
export interface RegisterPupil {
  readonly id: string;
  readonly name: string;
  readonly initials: string;
}

/** What changes rarely: the group, its times, its pupils and the staff who may have marked. */
export interface RegisterSetup {
  readonly groupName: string;
  readonly canMark: boolean;
  readonly times: SessionTimes;
  readonly isSchoolSession: boolean;
  readonly pupils: readonly RegisterPupil[];
  readonly staff: ReadonlyMap<string, StaffRecord>;
}

export type RegisterSetupLoad = Result<RegisterSetup, RegisterProblem>;

/**
 * Reads the register's setup (group, date, session) as `viewer` sees it. Kept apart from the
 * cells, so the live query that re-runs on every mark reads only amendments and the outbox.
 */
export async function loadRegisterSetup(
  db: RollcallDb,
  groupId: string,
  date: IsoDate,
  session: Session,
  viewer: Viewer,
): Promise<RegisterSetupLoad> {
  const school = await readSchoolSetup(db);
  if (!school.ok) return school;
  const group = parseRow('groups', groupRecordSchema, await db.groups.get(groupId), groupId);
  if (!group.ok || group.value === undefined) return err('unknown-group');
  const times = groupSessionTimes(school.value, group.value, session);
  if (times === null) return err('invalid-times');
  const [pupils, staff] = await Promise.all([pupilsOnRoll(db, [groupId], date), staffNames(db)]);
  if (pupils === null) return err('unreadable');
  return ok({
    groupName: group.value.name,
    canMark: takesRegister(
      { role: viewer.role, groups: staff.get(viewer.id)?.groups ?? viewer.groups },
      groupId,
    ),
    times,
    isSchoolSession: isSchoolSession(school.value.calendar, date, session),
    pupils: pupils.map((p) => ({ id: p.id, name: pupilName(p), initials: initialsOf(p) })),
    staff,
  });
}

/** The register's cells as `authorId` sees them; `null` when saved rows cannot be read. */
export async function loadRegisterCells(
  db: RollcallDb,
  date: IsoDate,
  session: Session,
  authorId: string,
): Promise<CellSources | null> {
  const sources = await readCellSources(db, date, session, authorId);
  return sources.ok ? sources.value : null;
}

/** The day's movements by pupil, in order, as the register reads them. */
export type DayMovements = ReadonlyMap<string, readonly MovementWords[]>;

/** The day's movements by pupil, in server order; null when saved rows cannot be read. */
export async function loadDayMovements(
  db: RollcallDb,
  date: IsoDate,
): Promise<DayMovements | null> {
  const movements = await movementsOn(db, date);
  if (!movements.ok) return null;
  const byPupil = new Map<string, MovementWords[]>();
  for (const m of movements.value) byPupil.set(m.pupilId, [...(byPupil.get(m.pupilId) ?? []), m]);
  return byPupil;
}

/** The register as shown: each pupil's cell, and who recorded the marks other people made. */
export function registerData(
  setup: RegisterSetup,
  sources: CellSources,
  authorId: string,
  movements: DayMovements = new Map(),
): RegisterData {
  const cells = cellViews(
    sources,
    setup.pupils.map((p) => p.id),
  );
  const amendments = new Map(sources.amendments.map((a) => [a.opId, a]));
  const knownOpIds = new Set([...amendments.keys(), ...sources.queuedOpIds]);
  const rows = setup.pupils.map((pupil): PupilRow => {
    const cell = cells.get(pupil.id);
    const head = cell?.head ?? null;
    const shown = head !== null && !head.isPending ? amendments.get(head.opId) : undefined;
    return {
      pupilId: pupil.id,
      name: pupil.name,
      initials: pupil.initials,
      code: cell?.code ?? null,
      headOpId: head?.opId ?? null,
      arrivedAt: head?.code === null ? null : (head?.arrivedAt ?? null),
      conflict: cell?.conflict ?? false,
      pending: cell?.pending ?? false,
      recordedBy: head?.code === null ? null : recordedByOf(shown, authorId, setup.staff),
      movements: movementsText(movements.get(pupil.id)),
    };
  });
  const { groupName, canMark, times, isSchoolSession: isSchool } = setup;
  return { groupName, canMark, times, isSchoolSession: isSchool, rows, knownOpIds };
}

function movementsText(movements: readonly MovementWords[] | undefined): string | null {
  return movements === undefined || movements.length === 0 ? null : dayMovementsText(movements);
}

/** Same person, source, time, reason, note and reporter. */
export function sameRecordedBy(a: RecordedBy | null, b: RecordedBy | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.name === b.name &&
    a.source === b.source &&
    a.recordedAt === b.recordedAt &&
    a.reason === b.reason &&
    a.note === b.note &&
    a.reportedBy === b.reportedBy
  );
}

function sameRow(a: PupilRow, b: PupilRow): boolean {
  return (
    a.pupilId === b.pupilId &&
    a.name === b.name &&
    a.initials === b.initials &&
    a.code === b.code &&
    a.headOpId === b.headOpId &&
    a.arrivedAt === b.arrivedAt &&
    a.conflict === b.conflict &&
    a.pending === b.pending &&
    a.movements === b.movements &&
    sameRecordedBy(a.recordedBy, b.recordedBy)
  );
}

/**
 * The new rows, with every row that has not changed replaced by the earlier object, so the
 * cards of pupils nobody marked are not rendered again when the live query reads the register.
 */
export function keepUnchangedRows(
  previous: readonly PupilRow[],
  next: readonly PupilRow[],
): readonly PupilRow[] {
  const before = new Map(previous.map((row) => [row.pupilId, row]));
  let isSame = previous.length === next.length;
  const rows = next.map((row, i) => {
    const old = before.get(row.pupilId);
    const kept = old !== undefined && sameRow(old, row) ? old : row;
    if (kept !== previous[i]) isSame = false;
    return kept;
  });
  return isSame ? previous : rows;
}
