/**
 * The office's worklists (docs/sync-protocol.md §8): unexplained absences against their
 * five-school-day deadline, conflicts between devices, and registers never taken.
 */
import type { Kysely } from 'kysely';
import type { Session } from '../../domain/calendar.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { missingRegisters } from '../../domain/missingRegisters.ts';
import { unexplainedAbsences, type WorklistPupil } from '../../domain/office.ts';
import { pupilName } from '../../domain/people.ts';
import { closingSchool } from '../registers/closeJob.ts';
import type { SchoolContext } from '../school/context.ts';
import { amendmentFromRow, sessionFromRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';
import type { Amendment } from '../../schema/amendment.ts';
import type { ConflictRow, MissingRegisterRow, UnexplainedRow } from '../../schema/reads.ts';
import { historyOf } from './registers.ts';

/** A cell whose current mark is `N`, with when and by whom that `N` was recorded. */
export interface CurrentN {
  readonly pupilId: string;
  readonly date: IsoDate;
  readonly session: Session;
  /** The current amendment's `recordedAt` (ISO instant). */
  readonly recordedAt: string;
  /** Its author's staff id; null for the register close job. */
  readonly authorId: string | null;
}

/**
 * Every cell of the school whose current mark is `N`, up to `asOf`, oldest first. Read from the
 * partial index `amendments_current_n` (migration 0003) alone: the school's other marks are never
 * visited.
 */
export async function currentNCells(
  db: Kysely<Database>,
  schoolId: string,
  asOf: IsoDate,
): Promise<CurrentN[]> {
  const rows = await db
    .selectFrom('amendments')
    .select(['pupil_id', 'date', 'session', 'recorded_at', 'author_id'])
    .where('school_id', '=', schoolId)
    .where('outcome', '=', 'current')
    .where('code', '=', 'N')
    .where('date', '<=', asOf)
    .orderBy('date')
    .orderBy('session')
    .orderBy('pupil_id')
    .execute();
  return rows.map((row) => ({
    pupilId: row.pupil_id,
    date: row.date,
    session: sessionFromRow(row.session),
    recordedAt: row.recorded_at,
    authorId: row.author_id,
  }));
}

/**
 * The unexplained-absence worklist as of `asOf`: the current `N` cells, made rows by the domain's
 * `unexplainedAbsences` — the function the office's device runs over its own copy — so both
 * give the same rows in the same order; each row also carries the pupil's contacts.
 */
export async function readUnexplained(
  db: Kysely<Database>,
  school: SchoolContext,
  asOf: IsoDate,
): Promise<UnexplainedRow[]> {
  const cells = await currentNCells(db, school.id, asOf);
  const pupils = new Map<string, WorklistPupil>();
  for (const pupil of school.pupils.values())
    pupils.set(pupil.id, { name: pupilName(pupil), groupId: pupil.groupId, flags: pupil.flags });
  return unexplainedAbsences(school.calendar, asOf, cells, pupils).map((row) => ({
    ...row,
    contacts: school.pupils.get(row.pupilId)?.contacts ?? [],
  }));
}

export async function readConflicts(
  db: Kysely<Database>,
  school: SchoolContext,
): Promise<ConflictRow[]> {
  const cells = await db
    .selectFrom('cells')
    .select(['pupil_id', 'date', 'session', 'code'])
    .where('school_id', '=', school.id)
    .where('conflict', '=', true)
    .orderBy('date')
    .execute();
  if (cells.length === 0) return [];
  const rows = await db
    .selectFrom('amendments')
    .selectAll()
    .where('school_id', '=', school.id)
    .where('pupil_id', 'in', [...new Set(cells.map((c) => c.pupil_id))])
    .where('date', 'in', [...new Set(cells.map((c) => c.date))])
    .execute();
  return cells.map((cell) => {
    const amendments = rows
      .filter(
        (r) => r.pupil_id === cell.pupil_id && r.date === cell.date && r.session === cell.session,
      )
      .map(amendmentFromRow);
    const pupil = school.pupils.get(cell.pupil_id);
    return {
      pupilId: cell.pupil_id,
      name: pupil === undefined ? '' : pupilName(pupil),
      date: cell.date,
      session: sessionFromRow(cell.session),
      code: cell.code,
      entries: historyOf(school, amendments),
    };
  });
}

/**
 * Registers of `date` that have closed (by `nowMs`) without every pupil having a mark recorded
 * by its close — the close job's `N` does not count (docs/sync-protocol.md §8). The rule is the
 * domain's `missingRegisters`, which the office's device runs over its own copy.
 */
export async function readMissingRegisters(
  db: Kysely<Database>,
  school: SchoolContext,
  date: IsoDate,
  nowMs: number,
): Promise<MissingRegisterRow[]> {
  const amendments = await db
    .selectFrom('amendments')
    .selectAll()
    .where('school_id', '=', school.id)
    .where('date', '=', date)
    .orderBy('seq')
    .execute();
  const byCell = new Map<string, Amendment[]>();
  for (const row of amendments) {
    const key = `${row.pupil_id}|${row.session}`;
    byCell.set(key, [...(byCell.get(key) ?? []), amendmentFromRow(row)]);
  }
  const missing = missingRegisters(closingSchool(school), date, nowMs, {
    pupils: [...school.pupils.values()],
    cellOf: (pupilId, session) => byCell.get(`${pupilId}|${session}`) ?? [],
    staff: school.staff.values(),
  });
  return missing.map(({ groupId, session, teachers }) => ({
    groupId,
    session,
    teachers: [...teachers],
  }));
}
