/**
 * The afternoon register's shortcut: who was here this morning and has no mark yet this
 * afternoon, read from the device when the teacher asks (not on every tap).
 */
import { isSignedOutAt, wasPresentThisMorning, type IsoDate } from '../../domain/index.ts';
import type { RollcallDb } from '../../storage/db.ts';
import { ok } from '../../domain/result.ts';
import type { StorageResult } from '../../storage/errors.ts';
import { movementsOn } from '../../storage/movements.ts';
import { cellsFor } from '../../storage/registerView.ts';

/**
 * Of `blankPupilIds` (blank on the afternoon register), those marked present or late this
 * morning and not signed out at `time` (`HH:mm`), in the order given.
 */
export async function presentThisMorning(
  db: RollcallDb,
  blankPupilIds: readonly string[],
  date: IsoDate,
  authorId: string,
  time: string,
): Promise<StorageResult<string[]>> {
  const [morning, movements] = await Promise.all([
    cellsFor(db, blankPupilIds, date, 'AM', authorId),
    movementsOn(db, date),
  ]);
  if (!morning.ok) return morning;
  if (!movements.ok) return movements;
  return ok(
    blankPupilIds.filter(
      (pupilId) =>
        wasPresentThisMorning(morning.value.get(pupilId)?.code ?? null) &&
        !isSignedOutAt(
          movements.value.filter((m) => m.pupilId === pupilId),
          time,
        ),
    ),
  );
}
