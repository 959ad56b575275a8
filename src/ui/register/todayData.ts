/**
 * The teacher's day at a glance, read in one go for `useLiveQuery`: each group they may take the
 * register for, and for its AM and PM registers the cells as this teacher sees them and whether
 * the register was taken (the server's `taken`, docs/sync-protocol.md §8).
 *
 * Cover: the groups a teacher may open are their staff record's `groups`. When the office assigns
 * cover, it adds the group to the covering teacher's `groups`; the server then lets them mark it
 * and sends its pupils, and the staff record the sync engine pulls lists it here. Until the first
 * pull the login's list is used.
 */
import {
  isSchoolSession,
  markedBeforeClose,
  ok,
  SESSIONS,
  type IsoDate,
  type Result,
  type Session,
  type SessionTimes,
} from '../../domain/index.ts';
import type { RollcallDb } from '../../storage/db.ts';
import {
  groupRecordSchema,
  keyProperty,
  parseRows,
  type GroupRecord,
} from '../../storage/records.ts';
import { cellsFor, readDayMarks, type MarksOfDay } from '../../storage/registerView.ts';
import { closedFrom } from './phase.ts';
import { pupilsOnRoll } from './registerData.ts';
import { staffNames } from '../shared/schoolData.ts';
import {
  groupSessionTimes,
  readSchoolSetup,
  type SchoolSetup,
  type SchoolSetupProblem,
} from '../shared/schoolSetup.ts';

/** One register on the Today screen. */
export interface RegisterGlance {
  readonly session: Session;
  /** Null when the group's times cannot be read. */
  readonly times: SessionTimes | null;
  readonly isSchoolSession: boolean;
  readonly cells: readonly { readonly code: string | null; readonly pending: boolean }[];
  readonly taken: boolean;
}

export interface GroupGlance {
  readonly groupId: string;
  /** Null until the group's details reach this device. */
  readonly name: string | null;
  readonly registers: readonly RegisterGlance[];
}

/** The teacher's groups at a glance, or why the school's details cannot be used yet. */
export type TodayLoad = Result<readonly GroupGlance[], SchoolSetupProblem>;

/** One pupil's session of the day's marks. */
function cellLog(log: MarksOfDay, pupilId: string, session: Session): MarksOfDay {
  return {
    amendments: log.amendments.filter((a) => a.pupilId === pupilId && a.session === session),
    pending: log.pending.filter((op) => op.pupilId === pupilId && op.session === session),
  };
}

async function glanceAt(
  db: RollcallDb,
  school: SchoolSetup,
  context: { readonly date: IsoDate; readonly authorId: string; readonly log: MarksOfDay },
  group: GroupRecord,
  pupilIds: readonly string[],
  session: Session,
): Promise<RegisterGlance> {
  const { date, authorId, log } = context;
  const times = groupSessionTimes(school, group, session);
  const cells = await cellsFor(db, pupilIds, date, session, authorId);
  const shown = pupilIds.map((id) => {
    const cell = cells.ok ? cells.value.get(id) : undefined;
    return { code: cell?.code ?? null, pending: cell?.pending ?? false };
  });
  const closed = times === null ? null : closedFrom(times, date);
  const taken =
    closed !== null &&
    pupilIds.length > 0 &&
    pupilIds.every((id) => {
      // Held in server order, rejected marks left out (readDayMarks).
      const { amendments, pending } = cellLog(log, id, session);
      return markedBeforeClose([...amendments, ...pending], closed);
    });
  return {
    session,
    times,
    isSchoolSession: isSchoolSession(school.calendar, date, session),
    cells: shown,
    taken,
  };
}

/** The groups `staffId` may take the register for on `date`, each with its AM and PM registers. */
export async function loadToday(
  db: RollcallDb,
  staffId: string,
  loginGroups: readonly string[],
  date: IsoDate,
): Promise<TodayLoad> {
  const school = await readSchoolSetup(db);
  if (!school.ok) return school;
  const me = (await staffNames(db)).get(staffId);
  const groupIds = me?.groups ?? loginGroups;
  const groupRows = await db.groups.bulkGet([...groupIds]);
  const parsed = parseRows(
    'groups',
    groupRecordSchema,
    groupRows.filter((g) => g !== undefined),
    keyProperty('id'),
  );
  const groups = new Map(parsed.ok ? parsed.value.map((g) => [g.id, g]) : []);
  const day = await readDayMarks(db, date, staffId);
  const log: MarksOfDay = day.ok ? day.value : { amendments: [], pending: [] };
  const glances: GroupGlance[] = [];
  for (const groupId of groupIds) {
    const group = groups.get(groupId);
    if (group === undefined) {
      glances.push({ groupId, name: null, registers: [] });
      continue;
    }
    const pupils = (await pupilsOnRoll(db, [groupId], date)) ?? [];
    const ids = pupils.map((p) => p.id);
    const registers: RegisterGlance[] = [];
    for (const session of SESSIONS)
      registers.push(
        await glanceAt(db, school.value, { date, authorId: staffId, log }, group, ids, session),
      );
    glances.push({ groupId, name: group.name, registers });
  }
  return ok(glances);
}
