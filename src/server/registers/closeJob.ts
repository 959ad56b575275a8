/**
 * Closing registers (docs/architecture.md §4.1, docs/attendance-rules.md §1.4): which cells of
 * which registers get `N` is the domain's rule (`registersClosedBetween` and `planClose` in
 * `src/domain/closeRule.ts`); this writes what it says, with source `system`, and records each
 * register as taken or not.
 *
 * The job runs at start-up, every half minute and whenever the test clock moves. It covers every
 * session from the school's `liveFrom` to now — so it catches up on anything missed while the
 * server was down — and remembers how far it got in `schools.closed_through`. The school row is
 * locked while it works, so several server processes never close the same register twice, and
 * the `N` op ids are derived from the cell, so even a repeat could not add a second one.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  CLOSE_REASON,
  closeOpId,
  planClose,
  registersClosedBetween,
  type BlankCell,
  type ClosePlan,
  type ClosingSchool,
} from '../../domain/closeRule.ts';
import type { Amendment } from '../../schema/amendment.ts';
import { groupTimes, type SchoolContext, type SchoolContexts } from '../school/context.ts';
import {
  currentAmendmentsOn,
  heldOpIds,
  insertClosedRegisters,
  lockClosedThrough,
  schoolIds,
  setClosedThrough,
} from '../store/closing.ts';
import type { Database } from '../store/schema.ts';
import { bumpVersion, reserveSeqs } from '../store/versions.ts';
import { CellLog, cellKey, writeCellLog } from '../sync/cellLog.ts';

/** The school as the close rule reads it. */
export function closingSchool(school: SchoolContext): ClosingSchool {
  return {
    calendar: school.calendar,
    liveFrom: school.liveFrom,
    timeZone: school.timeZone,
    groupIds: school.groups.keys(),
    timesOf: (groupId, session) => {
      const times = groupTimes(school, groupId, session);
      return times.ok ? times.value : null;
    },
  };
}

/** The close job's `N` for a blank cell, the `seq`-th in server order. */
function closeN(blank: BlankCell, seq: number, receivedAt: string): Amendment {
  const { date, session, closedAt } = blank.register;
  return {
    opId: closeOpId(blank.pupilId, date, session),
    pupilId: blank.pupilId,
    date,
    session,
    code: 'N',
    arrivedAt: null,
    minutesLate: null,
    reason: CLOSE_REASON,
    note: null,
    basedOn: blank.basedOn,
    source: 'system',
    authorId: null,
    deviceId: 'server',
    deviceSeq: null,
    recordedAt: new Date(closedAt).toISOString(),
    receivedAt,
    seq,
    outcome: 'current',
    lateSync: false,
  };
}

/**
 * Appends the plan's `N`s to their cells in order, each with its own `seq` (a number is used up
 * even by an `N` another process already wrote, which is skipped).
 */
async function appendBlanks(
  trx: Transaction<Database>,
  school: SchoolContext,
  plan: ClosePlan,
  cells: CellLog,
  nowMs: number,
): Promise<void> {
  const { blanks } = plan;
  let seq = blanks.length === 0 ? 0 : await reserveSeqs(trx, school.id, blanks.length);
  const held = await heldOpIds(
    trx,
    school.id,
    blanks.map((b) => closeOpId(b.pupilId, b.register.date, b.register.session)),
  );
  const receivedAt = new Date(nowMs).toISOString();
  for (const blank of blanks) {
    const n = closeN(blank, seq++, receivedAt);
    if (!held.has(n.opId)) cells.append(n);
  }
}

async function closeSchool(
  db: Kysely<Database>,
  school: SchoolContext,
  nowMs: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const after = await lockClosedThrough(trx, school.id);
    const due = registersClosedBetween(closingSchool(school), after, nowMs);
    if (due.length === 0) {
      await setClosedThrough(trx, school.id, nowMs);
      return false;
    }
    const version = await bumpVersion(trx, school.id);
    const dates = [...new Set(due.map((d) => d.date))];
    // Only the heads are needed: a blank cell's `N` is based on its head (a clear) or on nothing.
    const cells = new CellLog(await currentAmendmentsOn(trx, school.id, dates));
    const plan = planClose(due, [...school.pupils.values()], (pupilId, date, session) => {
      const resolution = cells.resolution(cellKey(pupilId, date, session));
      return { code: resolution.code, headOpId: resolution.head?.opId ?? null };
    });
    await appendBlanks(trx, school, plan, cells, nowMs);
    const inserted = cells.inserted();
    await writeCellLog(trx, school.id, version, cells);
    await insertClosedRegisters(
      trx,
      plan.registers.map(({ register, taken }) => ({
        school_id: school.id,
        group_id: register.groupId,
        date: register.date,
        session: register.session,
        closed_at: new Date(register.closedAt).toISOString(),
        taken,
        version,
      })),
    );
    await setClosedThrough(trx, school.id, nowMs);
    return inserted.length > 0;
  });
}

/** Closes every due register of every school; returns the ids of schools whose registers changed. */
export async function closeDueRegisters(
  db: Kysely<Database>,
  contexts: SchoolContexts,
  nowMs: number,
): Promise<string[]> {
  const changed: string[] = [];
  for (const id of await schoolIds(db)) {
    const school = await contexts.get(id);
    if (school !== undefined && (await closeSchool(db, school, nowMs))) changed.push(id);
  }
  return changed;
}
