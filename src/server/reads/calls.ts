/**
 * First-day calls as the read API gives them (docs/sync-protocol.md §8): the calls logged about
 * each pupil for one school day, for the alerts' first-day rows.
 */
import type { Kysely } from 'kysely';
import type { IsoDate } from '../../domain/dates.ts';
import type { Call } from '../../schema/call.ts';
import { callFromRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';

/** Every call logged about the school's pupils for `date`, by pupil, in the order they were made. */
export async function callsOn(
  db: Kysely<Database>,
  schoolId: string,
  date: IsoDate,
): Promise<Map<string, Call[]>> {
  const rows = await db
    .selectFrom('calls')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('date', '=', date)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  const byPupil = new Map<string, Call[]>();
  for (const row of rows) {
    const list = byPupil.get(row.pupil_id) ?? [];
    list.push(callFromRow(row));
    byPupil.set(row.pupil_id, list);
  }
  return byPupil;
}
