/**
 * Closing registers (docs/architecture.md §4.1, docs/attendance-rules.md §1.4): when a group's
 * register closes on a school day, every pupil on roll whose cell is still blank gets `N` (source
 * `system`), and a register in which some pupil had no mark is recorded as never taken.
 *
 * The job runs at start-up, every half minute and whenever the test clock moves. It covers every
 * session from the school's `liveFrom` to now — so it catches up on anything missed while the
 * server was down — and remembers how far it got in `schools.closed_through`. The school row is
 * locked while it works, so several server processes never close the same register twice, and
 * the `N` op ids are derived from the cell, so even a repeat could not add a second one.
 */
import type { Kysely } from 'kysely';
import { addDays, formatHhmm, type IsoDate } from '../../domain/dates.ts';
import { sessionsOn, type Session } from '../../domain/calendar.ts';
import { fromSchoolTime, toSchoolTime } from '../../domain/clock.ts';
import type { Amendment } from '../../schema/amendment.ts';
import { isOnRoll } from '../../domain/people.ts';
import { groupTimes, type SchoolContext, type SchoolContexts } from '../school/context.ts';
import { amendmentFromRow } from '../store/rows.ts';
import type { Database, RegistersTable } from '../store/schema.ts';
import { bumpVersion, reserveSeqs } from '../store/versions.ts';
import { CellLog, cellKey, writeCellLog } from '../sync/cellLog.ts';

const MINUTE_MS = 60_000;

export interface DueRegister {
  readonly groupId: string;
  readonly date: IsoDate;
  readonly session: Session;
  /** The first instant after the register's closing minute. */
  readonly closedAt: number;
}

/** Registers that closed in (afterMs, nowMs], oldest first. */
export function registersClosedBetween(
  school: SchoolContext,
  afterMs: number,
  nowMs: number,
): DueRegister[] {
  const due: DueRegister[] = [];
  const first = afterMs <= 0 ? school.liveFrom : toSchoolTime(afterMs, school.timeZone).date;
  const last = toSchoolTime(nowMs, school.timeZone).date;
  for (
    let date = first < school.liveFrom ? school.liveFrom : first;
    date <= last;
    date = addDays(date, 1)
  ) {
    for (const session of sessionsOn(school.calendar, date)) {
      for (const groupId of school.groups.keys()) {
        const times = groupTimes(school, groupId, session);
        if (!times.ok) continue;
        const closes = fromSchoolTime(date, formatHhmm(times.value.closes), school.timeZone);
        if (!closes.ok) continue;
        const closedAt = closes.value + MINUTE_MS; // the closing minute itself is still open (inclusive)
        if (closedAt > afterMs && closedAt <= nowMs) due.push({ groupId, date, session, closedAt });
      }
    }
  }
  return due.sort((a, b) => a.closedAt - b.closedAt);
}

/** The op id of the close job's `N` for a cell: deterministic, so it can never be written twice. */
export function closeOpId(pupilId: string, date: IsoDate, session: Session): string {
  return `close:${pupilId}:${date}:${session}`;
}

async function closeSchool(
  db: Kysely<Database>,
  school: SchoolContext,
  nowMs: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('schools')
      .select('closed_through')
      .where('id', '=', school.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = row.closed_through === null ? 0 : Date.parse(row.closed_through);
    const due = registersClosedBetween(school, after, nowMs);
    if (due.length === 0) {
      await trx
        .updateTable('schools')
        .set({ closed_through: new Date(nowMs).toISOString() })
        .where('id', '=', school.id)
        .execute();
      return false;
    }
    const version = await bumpVersion(trx, school.id);
    const dates = [...new Set(due.map((d) => d.date))];
    const existing = await trx
      .selectFrom('amendments')
      .selectAll()
      .where('school_id', '=', school.id)
      .where('date', 'in', dates)
      .where('outcome', '=', 'current')
      .execute();
    // Only the heads are needed: a blank cell's `N` is based on its head (a clear) or on nothing.
    const cells = new CellLog(existing.map(amendmentFromRow));
    const pupils = [...school.pupils.values()];
    const blanks: { register: DueRegister; pupilId: string; basedOn: string | null }[] = [];
    const registers: RegistersTable[] = [];
    for (const register of due) {
      const onRoll = pupils.filter(
        (p) => p.groupId === register.groupId && isOnRoll(p, register.date),
      );
      let taken = onRoll.length > 0;
      for (const pupil of onRoll) {
        const resolution = cells.resolution(cellKey(pupil.id, register.date, register.session));
        if (resolution.code === null) {
          taken = false;
          blanks.push({ register, pupilId: pupil.id, basedOn: resolution.head?.opId ?? null });
        }
      }
      registers.push({
        school_id: school.id,
        group_id: register.groupId,
        date: register.date,
        session: register.session,
        closed_at: new Date(register.closedAt).toISOString(),
        taken,
        version,
      });
    }
    let seq = blanks.length === 0 ? 0 : await reserveSeqs(trx, school.id, blanks.length);
    const closeIds = blanks.map((b) => closeOpId(b.pupilId, b.register.date, b.register.session));
    const alreadyClosed = new Set(
      closeIds.length === 0
        ? []
        : (
            await trx
              .selectFrom('amendments')
              .select('op_id')
              .where('school_id', '=', school.id)
              .where('op_id', 'in', closeIds)
              .execute()
          ).map((r) => r.op_id),
    );
    const receivedAt = new Date(nowMs).toISOString();
    for (const blank of blanks) {
      const { date, session, closedAt } = blank.register;
      const n: Amendment = {
        opId: closeOpId(blank.pupilId, date, session),
        pupilId: blank.pupilId,
        date,
        session,
        code: 'N',
        arrivedAt: null,
        minutesLate: null,
        reason: 'Register closed with no mark',
        note: null,
        basedOn: blank.basedOn,
        source: 'system',
        authorId: null,
        deviceId: 'server',
        deviceSeq: null,
        recordedAt: new Date(closedAt).toISOString(),
        receivedAt,
        seq: seq++,
        outcome: 'current',
        lateSync: false,
      };
      if (alreadyClosed.has(n.opId)) continue;
      cells.append(n);
    }
    const inserted = cells.inserted();
    await writeCellLog(trx, school.id, version, cells);
    await trx
      .insertInto('registers')
      .values(registers)
      .onConflict((oc) => oc.columns(['school_id', 'group_id', 'date', 'session']).doNothing())
      .execute();
    await trx
      .updateTable('schools')
      .set({ closed_through: new Date(nowMs).toISOString() })
      .where('id', '=', school.id)
      .execute();
    return inserted.length > 0;
  });
}

/** Closes every due register of every school; returns the ids of schools whose registers changed. */
export async function closeDueRegisters(
  db: Kysely<Database>,
  contexts: SchoolContexts,
  nowMs: number,
): Promise<string[]> {
  const schools = await db.selectFrom('schools').select('id').execute();
  const changed: string[] = [];
  for (const { id } of schools) {
    const school = await contexts.get(id);
    if (school !== undefined && (await closeSchool(db, school, nowMs))) changed.push(id);
  }
  return changed;
}
