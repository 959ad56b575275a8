/**
 * An amendment as the server stores it and sends it in a pull (docs/architecture.md §2.6): the op
 * as the author sent it, plus what the server added — who (from the login), when it arrived, its
 * place in server order and what became of it. The client folds these with `resolveCell`.
 */
import { z } from 'zod';
import { sourceSchema } from './op.ts';

export const outcomeSchema = z.enum(['current', 'superseded', 'conflict', 'rejected']);
export type Outcome = z.infer<typeof outcomeSchema>;

export const amendmentSchema = z.object({
  opId: z.string(),
  pupilId: z.string(),
  date: z.string(),
  session: z.enum(['AM', 'PM']),
  code: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  minutesLate: z.number().int().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  basedOn: z.string().nullable(),
  source: sourceSchema,
  /** Staff id of the author; null for the server's close job. */
  authorId: z.string().nullable(),
  deviceId: z.string(),
  deviceSeq: z.number().int().nullable(),
  recordedAt: z.string(),
  receivedAt: z.string(),
  seq: z.number().int(),
  outcome: outcomeSchema,
  lateSync: z.boolean(),
  /**
   * Who reported the absence, on an office mark; null when nobody was named. A server always
   * sends it; it is missing from amendments a device stored before it existed.
   */
  reportedBy: z.string().nullable().optional(),
});
export type Amendment = z.infer<typeof amendmentSchema>;

export const movementSchema = z.object({
  opId: z.string(),
  pupilId: z.string(),
  date: z.string(),
  direction: z.enum(['in', 'out']),
  at: z.string(),
  reason: z.string().nullable(),
  accompaniedBy: z.string().nullable(),
  authorId: z.string(),
  deviceId: z.string(),
  recordedAt: z.string(),
  receivedAt: z.string(),
  seq: z.number().int(),
});
export type Movement = z.infer<typeof movementSchema>;
