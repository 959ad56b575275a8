/**
 * The pull cursor (docs/sync-protocol.md §6): a per-school version counter, assigned in commit
 * order.
 *
 * Every write transaction starts by incrementing its school's `version`. On PostgreSQL the UPDATE
 * takes a row lock that is held until commit, so a second writer to the same school waits, and
 * takes the next number only after the first has committed: a version is never visible before
 * every smaller one is. (A timestamp or a sequence could commit out of order, and a puller would
 * skip the late one.) PGlite runs one transaction at a time, which gives the same order.
 */
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

export async function bumpVersion(trx: Transaction<Database>, schoolId: string): Promise<number> {
  const row = await trx
    .updateTable('schools')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', schoolId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * `bumpVersion` and `reserveSeqs` in one statement, for a writer that knows up front how many
 * order numbers it may need: returns the new version and the first of `count` reserved numbers.
 */
export async function bumpVersionReserving(
  trx: Transaction<Database>,
  schoolId: string,
  count: number,
): Promise<{ version: number; firstSeq: number }> {
  const row = await trx
    .updateTable('schools')
    .set((eb) => ({ version: eb('version', '+', 1), op_seq: eb('op_seq', '+', count) }))
    .where('id', '=', schoolId)
    .returning(['version', 'op_seq'])
    .executeTakeFirstOrThrow();
  return { version: row.version, firstSeq: row.op_seq - count + 1 };
}

/** Reserves `count` consecutive server order numbers (`seq`) for a school; returns the first. */
export async function reserveSeqs(
  trx: Transaction<Database>,
  schoolId: string,
  count: number,
): Promise<number> {
  const row = await trx
    .updateTable('schools')
    .set((eb) => ({ op_seq: eb('op_seq', '+', count) }))
    .where('id', '=', schoolId)
    .returning('op_seq')
    .executeTakeFirstOrThrow();
  return row.op_seq - count + 1;
}
