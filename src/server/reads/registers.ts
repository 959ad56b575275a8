/**
 * A group's register for one session (docs/sync-protocol.md §8
 * `GET /api/registers/:groupId/:date/:session`) and a cell's history
 * (`GET /api/marks/:pupilId/:date/:session/history`).
 */
import type { Kysely } from 'kysely';
import { isSchoolSession, type Session } from '../../domain/calendar.ts';
import { formatHhmm, type IsoDate } from '../../domain/dates.ts';
import { fromSchoolTime } from '../../domain/clock.ts';
import { markedBeforeClose } from '../../domain/closeRule.ts';
import { resolveCell } from '../../domain/resolveCell.ts';
import { registerStatusAt } from '../../domain/sessionTimes.ts';
import type { Amendment } from '../../schema/amendment.ts';
import type { HistoryEntry, RegisterResponse, RegisterRow } from '../../schema/reads.ts';
import { cellHistory } from '../../domain/cellHistory.ts';
import { authorName, compareByName, isOnRoll, pupilName } from '../../domain/people.ts';
import { groupTimes, type SchoolContext } from '../school/context.ts';
import { amendmentFromRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';

async function amendmentsOf(
  db: Kysely<Database>,
  schoolId: string,
  pupilIds: readonly string[],
  date: IsoDate,
  session: Session,
): Promise<Map<string, Amendment[]>> {
  const byPupil = new Map<string, Amendment[]>();
  if (pupilIds.length === 0) return byPupil;
  const rows = await db
    .selectFrom('amendments')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('date', '=', date)
    .where('session', '=', session)
    .where('pupil_id', 'in', pupilIds)
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const list = byPupil.get(row.pupil_id) ?? [];
    list.push(amendmentFromRow(row));
    byPupil.set(row.pupil_id, list);
  }
  return byPupil;
}

/**
 * `taken`: every pupil had a mark at the close (`markedBeforeClose`).
 */
export async function readRegister(
  db: Kysely<Database>,
  school: SchoolContext,
  groupId: string,
  date: IsoDate,
  session: Session,
  nowMs: number,
): Promise<RegisterResponse> {
  const times = groupTimes(school, groupId, session);
  if (!times.ok) throw new Error(times.error.message);
  const pupils = [...school.pupils.values()]
    .filter((p) => p.groupId === groupId && isOnRoll(p, date))
    .sort(compareByName);
  const byPupil = await amendmentsOf(
    db,
    school.id,
    pupils.map((p) => p.id),
    date,
    session,
  );
  const closes = fromSchoolTime(date, formatHhmm(times.value.closes), school.timeZone);
  const closedAt = closes.ok ? closes.value + 60_000 : Number.NEGATIVE_INFINITY;
  const rows: RegisterRow[] = pupils.map((pupil) => {
    const resolution = resolveCell(byPupil.get(pupil.id) ?? []);
    const head = resolution.head;
    const showHead = head !== null && head.code !== null;
    return {
      pupilId: pupil.id,
      name: pupilName(pupil),
      code: resolution.code,
      arrivedAt: showHead ? head.arrivedAt : null,
      minutesLate: showHead ? head.minutesLate : null,
      conflict: resolution.conflict,
      by: showHead ? authorName(school.staff, head.authorId) : null,
      at: showHead ? head.recordedAt : null,
    };
  });
  const taken =
    pupils.length > 0 && pupils.every((p) => markedBeforeClose(byPupil.get(p.id) ?? [], closedAt));
  const t = times.value;
  return {
    status: registerStatusAt(t, date, nowMs),
    schoolSession: isSchoolSession(school.calendar, date, session),
    taken,
    times: {
      opens: formatHhmm(t.opens),
      lateAfter: formatHhmm(t.lateAfter),
      closes: formatHhmm(t.closes),
      ends: formatHhmm(t.ends),
    },
    rows,
  };
}

/**
 * Every amendment of a cell in server order, each with the mark it found and the mark it made, and
 * who reported the absence with whether they are a listed contact allowed to (judged against the
 * pupil's contacts as they stand now): the domain's `cellHistory`, which devices also run.
 */
export function historyOf(school: SchoolContext, amendments: readonly Amendment[]): HistoryEntry[] {
  const pupilId = amendments[0]?.pupilId;
  const contacts = (pupilId === undefined ? undefined : school.pupils.get(pupilId))?.contacts ?? [];
  const history = cellHistory({ staff: school.staff, contacts }, amendments);
  return history.stored.map(({ entry: a, before, by, reportedBy, reportedByListed }) => ({
    opId: a.opId,
    original: before,
    amended: a.code,
    reason: a.reason,
    at: a.recordedAt,
    by,
    source: a.source,
    deviceId: a.deviceId,
    recordedAt: a.recordedAt,
    receivedAt: a.receivedAt,
    outcome: a.outcome,
    lateSync: a.lateSync,
    seq: a.seq,
    arrivedAt: a.arrivedAt,
    note: a.note,
    reportedBy,
    reportedByListed,
  }));
}

export async function readHistory(
  db: Kysely<Database>,
  school: SchoolContext,
  pupilId: string,
  date: IsoDate,
  session: Session,
): Promise<HistoryEntry[]> {
  const byPupil = await amendmentsOf(db, school.id, [pupilId], date, session);
  return historyOf(school, byPupil.get(pupilId) ?? []);
}
