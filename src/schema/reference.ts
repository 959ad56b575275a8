/**
 * A school's reference data as it crosses every boundary: sent in a pull, kept in the device's
 * database, and read back from the server's own JSON columns (docs/architecture.md §2.1–§2.4).
 * The device and the server check the same data with these schemas. Object schemas are not
 * strict: an extra field (from a newer server) is dropped, not an error.
 */
import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import {
  codeSchema,
  idSchema,
  isoDateSchema,
  nameSchema,
  sessionSchema,
  shortTextSchema,
  storedTextSchema,
} from './primitives.ts';
import { groupSessionTimesSchema } from './sessionTimes.ts';

/** The roles of staff (`src/domain/roles.ts`). */
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** One of a pupil's contacts (a bundle may leave out all but the name). */
export const contactSchema = z.object({
  name: nameSchema,
  relationship: storedTextSchema.trim().max(100).default(''),
  phone: storedTextSchema.trim().max(40).default(''),
  mayReportAbsence: z.boolean().default(false),
});
export type Contact = z.infer<typeof contactSchema>;

/**
 * A school's calendar: terms and closures (docs/architecture.md §2.5), as a bundle gives it and as
 * the server stores and sends it; `buildCalendar` in `src/domain/calendar.ts` checks its meaning.
 */
export const calendarInputSchema = z.object({
  terms: z
    .array(z.object({ name: nameSchema, start: isoDateSchema, end: isoDateSchema }))
    .min(1, 'needs at least one term'),
  closures: z
    .array(
      z.object({
        date: isoDateSchema,
        sessions: z.array(sessionSchema).min(1),
        code: codeSchema,
        note: shortTextSchema.optional(),
      }),
    )
    .default([]),
});

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
