/**
 * What the pupil page reads from the device beyond the school and the cells: the school's policy
 * settings (bands, letter thresholds, the alerts' settings), stored whole as the server sent
 * them, and the pupil's signings in and out at reception.
 */
import { ok, type SchoolSettings } from '../../domain/index.ts';
import { schoolSettingsSchema } from '../../schema/settings.ts';
import { SINGLE_KEY, type RollcallDb } from '../../storage/db.ts';
import type { StorageResult } from '../../storage/errors.ts';
import { keyProperty, movementSchema, parseRows, type Movement } from '../../storage/records.ts';

/** The school's settings as the server validated and sent them, or null when unreadable. */
export async function readSchoolSettings(db: RollcallDb): Promise<SchoolSettings | null> {
  const row = await db.school.get(SINGLE_KEY);
  const parsed = schoolSettingsSchema.safeParse(row?.settings);
  return parsed.success ? parsed.data : null;
}

/** The pupil's movements this device holds, newest first. */
export async function readPupilMovements(
  db: RollcallDb,
  pupilId: string,
): Promise<StorageResult<Movement[]>> {
  const rows = await db.movements.where('pupilId').equals(pupilId).toArray();
  const parsed = parseRows('movements', movementSchema, rows, keyProperty('opId'));
  if (!parsed.ok) return parsed;
  return ok(
    parsed.value.sort((a, b) =>
      a.date === b.date ? b.at.localeCompare(a.at) || b.seq - a.seq : a.date < b.date ? 1 : -1,
    ),
  );
}
