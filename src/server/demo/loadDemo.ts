/**
 * Loads the demo school and its history into an empty database (`npm start`'s first run).
 */
import type { Kysely } from 'kysely';
import { toSchoolTime } from '../../domain/clock.ts';
import { resolveCell } from '../../domain/resolveCell.ts';
import type { Amendment } from '../../schema/amendment.ts';
import { importBundle } from '../school/importBundle.ts';
import { validateBundle } from '../school/validateBundle.ts';
import { amendmentToRow } from '../store/rows.ts';
import type { CellsTable, Database } from '../store/schema.ts';
import { bumpVersion } from '../store/versions.ts';
import { cellKey } from '../sync/cellLog.ts';
import { demoBundle, DEMO_PASSWORD } from './demoSchool.ts';
import { demoHistory } from './demoHistory.ts';

const CHUNK = 500;

export interface DemoLogin {
  readonly username: string;
  readonly role: string;
  readonly name: string;
}

/** Folds each cell's amendments to set outcomes, and returns the cells' current state. */
export function settle(amendments: Amendment[], schoolId: string, version: number): CellsTable[] {
  const byCell = new Map<string, Amendment[]>();
  for (const a of amendments) {
    const key = cellKey(a.pupilId, a.date, a.session);
    const list = byCell.get(key);
    if (list === undefined) byCell.set(key, [a]);
    else list.push(a);
  }
  const cells: CellsTable[] = [];
  for (const list of byCell.values()) {
    const resolution = resolveCell(list);
    for (const a of list) a.outcome = resolution.outcomes.get(a.opId) ?? 'superseded';
    const first = list[0];
    if (first === undefined) continue;
    cells.push({
      school_id: schoolId,
      pupil_id: first.pupilId,
      date: first.date,
      session: first.session,
      head_op_id: resolution.head?.opId ?? null,
      code: resolution.code,
      conflict: resolution.conflict,
      version,
    });
  }
  return cells;
}

/** Writes generated history straight into the store (one transaction). */
export async function writeHistory(
  db: Kysely<Database>,
  schoolId: string,
  amendments: Amendment[],
  closedThrough: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const version = await bumpVersion(trx, schoolId);
    const cells = settle(amendments, schoolId, version);
    for (let i = 0; i < amendments.length; i += CHUNK) {
      await trx
        .insertInto('amendments')
        .values(amendments.slice(i, i + CHUNK).map((a) => amendmentToRow(a, schoolId, version)))
        .execute();
    }
    for (let i = 0; i < cells.length; i += CHUNK)
      await trx
        .insertInto('cells')
        .values(cells.slice(i, i + CHUNK))
        .execute();
    const lastSeq = amendments[amendments.length - 1]?.seq ?? 0;
    await trx
      .updateTable('schools')
      .set({ op_seq: lastSeq, closed_through: closedThrough })
      .where('id', '=', schoolId)
      .execute();
  });
}

/** Imports the demo school with history up to `nowMs`; returns the logins to print. */
export async function loadDemo(
  db: Kysely<Database>,
  nowMs: number,
  pupilCount = 400,
): Promise<{ schoolId: string; logins: DemoLogin[]; password: string }> {
  const today = toSchoolTime(nowMs).date;
  const bundle = demoBundle(pupilCount, today);
  const valid = validateBundle(bundle);
  if (!valid.ok)
    throw new Error(`demo bundle is invalid: ${JSON.stringify(valid.problems.slice(0, 3))}`);
  const summary = await importBundle(db, valid.value, new Date(nowMs).toISOString());
  const history = demoHistory({ bundle, untilMs: nowMs, firstSeq: 1 });
  await writeHistory(db, summary.schoolId, history, new Date(nowMs).toISOString());
  const logins = bundle.staff.map((s) => ({ username: s.username, role: s.role, name: s.name }));
  return { schoolId: summary.schoolId, logins, password: DEMO_PASSWORD };
}
