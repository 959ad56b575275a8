/**
 * Loads the demo school and its history into an empty database (`npm start`'s first run).
 */
import type { Kysely } from 'kysely';
import { toSchoolTime } from '../../domain/clock.ts';
import { resolveCell } from '../../domain/resolveCell.ts';
import type { Amendment } from '../../schema/amendment.ts';
import { importBundle } from '../school/importBundle.ts';
import { validateBundle } from '../school/validateBundle.ts';
import { insertRows } from '../store/bulk.ts';
import { amendmentToRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';
import { bumpVersion } from '../store/versions.ts';
import { cellKey } from '../sync/cellLog.ts';
import { demoBundle, DEMO_PASSWORD } from './demoSchool.ts';
import { demoHistory } from './demoHistory.ts';

const CHUNK = 5000;

export interface DemoLogin {
  readonly username: string;
  readonly role: string;
  readonly name: string;
}

/** Folds each cell's amendments in server order and records every amendment's outcome. */
export function settle(amendments: Amendment[]): void {
  const byCell = new Map<string, Amendment[]>();
  for (const a of amendments) {
    const key = cellKey(a.pupilId, a.date, a.session);
    const list = byCell.get(key);
    if (list === undefined) byCell.set(key, [a]);
    else list.push(a);
  }
  for (const list of byCell.values()) {
    const resolution = resolveCell(list);
    for (const a of list) a.outcome = resolution.outcomes.get(a.opId) ?? 'superseded';
  }
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
    settle(amendments);
    for (let i = 0; i < amendments.length; i += CHUNK) {
      await insertRows(
        trx,
        'amendments',
        amendments.slice(i, i + CHUNK).map((a) => amendmentToRow(a, schoolId, version)),
      );
    }
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
    throw new Error(`demo bundle is invalid: ${JSON.stringify(valid.error.slice(0, 3))}`);
  const summary = await importBundle(db, valid.value, new Date(nowMs).toISOString());
  const history = demoHistory({ bundle, untilMs: nowMs, firstSeq: 1 });
  await writeHistory(db, summary.schoolId, history, new Date(nowMs).toISOString());
  const logins = bundle.staff.map((s) => ({ username: s.username, role: s.role, name: s.name }));
  return { schoolId: summary.schoolId, logins, password: DEMO_PASSWORD };
}
