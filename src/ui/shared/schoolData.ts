/**
 * The whole school as the office, the desk and the reports read it from the device: the school's
 * setup (times, calendar), its groups, every pupil (on roll or not: the worklist and history name
 * pupils who have left) and the staff. One read for a live query; it changes only when a pull
 * brings new reference data.
 */
import { err, ok, type Result } from '../../domain/index.ts';
import type { RollcallDb } from '../../storage/db.ts';
import {
  groupRecordSchema,
  keyProperty,
  parseRows,
  pupilRecordSchema,
  staffRecordSchema,
  type GroupRecord,
  type PupilRecord,
  type StaffRecord,
} from '../../storage/records.ts';
import type { SchoolSetupProblem } from '../../text/staffText.ts';
import { readSchoolSetup, type SchoolSetup } from './schoolSetup.ts';

export interface SchoolData {
  readonly setup: SchoolSetup;
  readonly groups: ReadonlyMap<string, GroupRecord>;
  readonly pupils: ReadonlyMap<string, PupilRecord>;
  readonly staff: ReadonlyMap<string, StaffRecord>;
}

/** Staff by id, for "recorded by". */
export async function staffNames(db: RollcallDb): Promise<ReadonlyMap<string, StaffRecord>> {
  const parsed = parseRows('staff', staffRecordSchema, await db.staff.toArray(), keyProperty('id'));
  return new Map(parsed.ok ? parsed.value.map((s) => [s.id, s]) : []);
}

/** The school, or why it cannot be used yet (not downloaded, or unreadable). */
export async function readSchoolData(
  db: RollcallDb,
): Promise<Result<SchoolData, SchoolSetupProblem>> {
  const setup = await readSchoolSetup(db);
  if (!setup.ok) return setup;
  const [groups, pupils, staff] = await Promise.all([
    db.groups.toArray(),
    db.pupils.toArray(),
    staffNames(db),
  ]);
  const parsedGroups = parseRows('groups', groupRecordSchema, groups, keyProperty('id'));
  const parsedPupils = parseRows('pupils', pupilRecordSchema, pupils, keyProperty('id'));
  if (!parsedGroups.ok || !parsedPupils.ok) return err('unreadable');
  return ok({
    setup: setup.value,
    groups: new Map(parsedGroups.value.map((g) => [g.id, g])),
    pupils: new Map(parsedPupils.value.map((p) => [p.id, p])),
    staff,
  });
}
