/**
 * The school bundle (docs/sync-protocol.md §10): the import format that loads or updates a
 * school — its session times, calendar, groups, pupils and staff. Extra fields are allowed and
 * ignored. Semantic checks that need the rules (times in order, closures on school days) are made
 * by the importer with `src/domain`, so that every error names the path of the bad field.
 */
import { z } from 'zod';
import { idSchema, isoDateSchema, nameSchema, storedTextSchema } from './primitives.ts';
import { calendarInputSchema, contactSchema, roleSchema } from './reference.ts';
import { groupSessionTimesSchema, schoolSessionTimesSchema } from './sessionTimes.ts';
import { settingsInputSchema } from './settings.ts';

export const COHORT_FLAGS = [
  'senSupport',
  'ehcPlan',
  'fsm',
  'pupilPremium',
  'eal',
  'lookedAfter',
  'previouslyLookedAfter',
  'socialWorker',
  'youngCarer',
] as const;
export type CohortFlag = (typeof COHORT_FLAGS)[number];

export const flagsSchema = z.partialRecord(z.enum(COHORT_FLAGS), z.boolean());

export const bundleSchema = z.object({
  school: z.object({
    name: nameSchema,
    urn: storedTextSchema.regex(/^\d{6,7}$/, 'must be the school’s 6 or 7 digit URN'),
    timeZone: z.literal('Europe/London').default('Europe/London'),
    liveFrom: isoDateSchema.optional(),
    sessionTimes: schoolSessionTimesSchema,
    /** Start from a seed school's policy settings (e.g. `lady-byron`), then apply `settings`. */
    preset: storedTextSchema.max(40).optional(),
    settings: settingsInputSchema.optional(),
  }),
  calendar: calendarInputSchema,
  groups: z.array(
    z.object({
      id: idSchema,
      name: nameSchema,
      yearGroup: z.number().int().min(-2).max(14),
      sessionTimes: groupSessionTimesSchema.default(null),
    }),
  ),
  pupils: z.array(
    z.object({
      id: idSchema,
      upn: storedTextSchema.regex(/^[A-Z]\d{11}[0-9A-Z]$/, 'must be a 13-character UPN'),
      givenName: nameSchema,
      familyName: nameSchema,
      preferredName: nameSchema.optional(),
      dateOfBirth: isoDateSchema,
      sex: z.enum(['F', 'M']),
      groupId: idSchema,
      admissionDate: isoDateSchema,
      leavingDate: isoDateSchema.nullable().optional(),
      flags: flagsSchema.default({}),
      contacts: z.array(contactSchema).max(10).default([]),
    }),
  ),
  staff: z.array(
    z.object({
      username: storedTextSchema
        .trim()
        .min(2)
        .max(64)
        .regex(/^[a-z0-9._-]+$/i, 'letters, digits, . _ - only'),
      password: storedTextSchema.min(8, 'must be at least 8 characters').max(200).optional(),
      name: nameSchema,
      position: nameSchema,
      role: roleSchema,
      groups: z.array(idSchema).default([]),
    }),
  ),
});
export type SchoolBundle = z.infer<typeof bundleSchema>;
