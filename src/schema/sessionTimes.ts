/**
 * Session times (docs/attendance-rules.md §1.2) as the bundle gives them, the server stores them
 * in a school's settings and a group's override, and a device reads them back. Apart from the
 * rest of the settings so the register can read a school's times with the schema the server
 * stores them by, without the whole of the settings' schema.
 */
import { z } from 'zod';
import { hhmmSchema, sessionSchema } from './primitives.ts';

/** One session's times (docs/attendance-rules.md §1.2); `lateAfter` defaults to `opens`. */
export const sessionTimesSchema = z.object({
  opens: hhmmSchema,
  lateAfter: hhmmSchema.optional(),
  closes: hhmmSchema,
  ends: hhmmSchema,
});

export const schoolSessionTimesSchema = z.object({
  AM: sessionTimesSchema,
  PM: sessionTimesSchema,
});

/** A group's own times for either session or both, or none (docs/architecture.md §2.3). */
export const groupSessionTimesSchema = z
  .partialRecord(sessionSchema, sessionTimesSchema)
  .nullable();

/** The part of a school's stored settings the register reads: its session times. */
export const storedSessionTimesSchema = z.object({ sessionTimes: schoolSessionTimesSchema });
