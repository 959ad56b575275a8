/**
 * What the register close job reads and writes (`src/server/registers/closeJob.ts`; the rule is
 * `src/domain/closeRule.ts`): how far each school's registers have been closed, the current
 * marks of the dates being closed, and the `registers` rows that record whether each was taken.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Amendment } from '../../schema/amendment.ts';
import { amendmentFromRow } from './rows.ts';
import type { Database, RegistersTable } from './schema.ts';

/** Every school's id. */
export async function schoolIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('schools').select('id').execute();
  return rows.map((row) => row.id);
}

/**
 * How far the school's registers have been closed (epoch ms; 0 before the first run), locking
 * the school row until the transaction ends, so two processes never close the same register.
 */
export async function lockClosedThrough(
  trx: Transaction<Database>,
  schoolId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('schools')
    .select('closed_through')
    .where('id', '=', schoolId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.closed_through === null ? 0 : Date.parse(row.closed_through);
}

/** Records that every register closing up to `nowMs` has been closed. */
export async function setClosedThrough(
  trx: Transaction<Database>,
  schoolId: string,
  nowMs: number,
): Promise<void> {
  await trx
    .updateTable('schools')
    .set({ closed_through: new Date(nowMs).toISOString() })
    .where('id', '=', schoolId)
    .execute();
}

/** The current amendment of every cell marked on `dates`: the heads the close rule reads. */
export async function currentAmendmentsOn(
  trx: Transaction<Database>,
  schoolId: string,
  dates: readonly string[],
): Promise<Amendment[]> {
  const rows = await trx
    .selectFrom('amendments')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('date', 'in', dates)
    .where('outcome', '=', 'current')
    .execute();
  return rows.map(amendmentFromRow);
}

/** Which of `opIds` the school already holds. */
export async function heldOpIds(
  trx: Transaction<Database>,
  schoolId: string,
  opIds: readonly string[],
): Promise<Set<string>> {
  if (opIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('amendments')
    .select('op_id')
    .where('school_id', '=', schoolId)
    .where('op_id', 'in', opIds)
    .execute();
  return new Set(rows.map((row) => row.op_id));
}

/** Records closed registers; one already recorded (by another process) is left as it was. */
export async function insertClosedRegisters(
  trx: Transaction<Database>,
  registers: readonly RegistersTable[],
): Promise<void> {
  await trx
    .insertInto('registers')
    .values([...registers])
    .onConflict((oc) => oc.columns(['school_id', 'group_id', 'date', 'session']).doNothing())
    .execute();
}
