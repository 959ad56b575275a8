/**
 * A school's policy settings: their shape in a bundle (every field optional: left-out fields take
 * the defaults of `src/domain/settings.ts`, whose `validateSettings` then checks the meaning), and
 * as the server stores them once validated (`schoolSettingsSchema`). The session times they hold
 * are `sessionTimes.ts`'s.
 */
import { z } from 'zod';
import { storedTextSchema } from './primitives.ts';
import { storedSessionTimesSchema } from './sessionTimes.ts';

const tenths = z.number().int().min(0).max(1000);

export const settingsInputSchema = z.strictObject({
  bands: z
    .array(
      z.strictObject({
        name: storedTextSchema.min(1).max(40),
        tenths,
        comparison: z.enum(['at-least', 'above']),
      }),
    )
    .min(1)
    .max(10)
    .optional(),
  attendanceTargetTenths: tenths.nullable().optional(),
  letterThresholds: z
    .array(
      z.strictObject({
        id: storedTextSchema.min(1).max(40),
        label: storedTextSchema.min(1).max(120),
        tenths,
        comparison: z.enum(['below', 'at-or-below']),
      }),
    )
    .max(10)
    .optional(),
  penalty: z
    .strictObject({
      threshold: z.number().int().min(1).max(100),
      windowWeeks: z.number().int().min(1).max(52),
      nearMargin: z.number().int().min(0).max(20),
    })
    .optional(),
  lateness: z
    .strictObject({
      threshold: z.number().int().min(0).max(100),
      mode: z.enum(['at-least', 'more-than']),
      countsU: z.boolean(),
    })
    .optional(),
  medicalEvidenceOverDays: z.number().int().min(1).max(100).nullable().optional(),
  homeVisit: z
    .strictObject({
      afterDays: z.number().int().min(1).max(100),
      repeatEveryDays: z.number().int().min(1).max(100).nullable(),
      counts: z.enum(['any-absence', 'unexplained']),
    })
    .nullable()
    .optional(),
  autoConvertOverdueN: z.boolean().optional(),
});
export type SettingsInput = z.infer<typeof settingsInputSchema>;

/**
 * A school's settings as stored once validated (`SchoolSettings` in `src/domain/settings.ts`):
 * every field present. The server reads its `schools.settings` column with it.
 */
export const schoolSettingsSchema = z.object({
  ...settingsInputSchema.required().shape,
  ...storedSessionTimesSchema.shape,
});
export type StoredSettings = z.infer<typeof schoolSettingsSchema>;
