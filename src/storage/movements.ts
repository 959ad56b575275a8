/** Movements (signing in and out at reception) the device holds, read back checked. */
import { ok } from '../domain/result.ts';
import { movementSchema, type Movement } from '../schema/amendment.ts';
import type { Tables } from './db.ts';
import type { StorageResult } from './errors.ts';
import { keyProperty, parseRows } from './records.ts';

/** Every movement of `date` this device holds, in server order. */
export async function movementsOn(
  db: Tables<'movements'>,
  date: string,
): Promise<StorageResult<Movement[]>> {
  const rows = await db.movements.where('date').equals(date).toArray();
  const parsed = parseRows('movements', movementSchema, rows, keyProperty('opId'));
  return parsed.ok ? ok(parsed.value.sort((a, b) => a.seq - b.seq)) : parsed;
}
