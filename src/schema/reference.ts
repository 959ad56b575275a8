/**
 * A school's reference data as it crosses every boundary: sent in a pull, kept in the device's
 * database, and read back from the server's own JSON columns (docs/architecture.md §2.1–§2.4).
 * The device and the server check the same data with these schemas. Object schemas are not
 * strict: an extra field (from a newer server) is dropped, not an error.
 */
import { z } from 'zod';
import { contactSchema, roleSchema } from './bundle.ts';
import { idSchema } from './primitives.ts';
import { groupSessionTimesSchema } from './settings.ts';

/** The school row: its settings and calendar travel as JSON and are checked where they are used. */
export const schoolRecordSchema = z.object({
  id: idSchema,
  urn: z.string(),
  name: z.string(),
  timeZone: z.string(),
  settings: z.unknown(),
  calendar: z.unknown(),
});
export type SchoolRecord = z.infer<typeof schoolRecordSchema>;

export const groupRecordSchema = z.object({
  id: idSchema,
  name: z.string(),
  yearGroup: z.number().int(),
  sessionTimes: groupSessionTimesSchema,
});
export type GroupRecord = z.infer<typeof groupRecordSchema>;

/** A pupil's cohort flags by name (`COHORT_FLAGS` in bundle.ts); a flag left out is false. */
export const pupilFlagsSchema = z.record(z.string(), z.boolean());

/** A pupil's contacts, at most ten, in the bundle's order. */
export const pupilContactsSchema = z.array(contactSchema);

export const pupilRecordSchema = z.object({
  id: idSchema,
  upn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  sex: z.string(),
  groupId: idSchema,
  admissionDate: z.string(),
  leavingDate: z.string().nullable(),
  flags: pupilFlagsSchema,
  contacts: pupilContactsSchema,
});
export type PupilRecord = z.infer<typeof pupilRecordSchema>;

/** The groups a member of staff takes the register for. */
export const staffGroupsSchema = z.array(idSchema);

/** A member of staff as devices see them: no username, no password hash. */
export const staffRecordSchema = z.object({
  id: idSchema,
  name: z.string(),
  position: z.string(),
  role: roleSchema,
  groups: staffGroupsSchema,
});
export type StaffRecord = z.infer<typeof staffRecordSchema>;
