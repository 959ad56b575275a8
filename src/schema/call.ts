/**
 * A first-day call to a pupil's family (docs/architecture.md §2.11): who was rung, on what number,
 * and what came of it. The office makes these calls for every unexplained absence on its first
 * day (docs/attendance-rules.md §7.2, `firstDay`). A call changes no mark: a reason given on the
 * phone is recorded as an office amendment, with `reportedBy`, beside it.
 *
 * The op that records a call is `callOpSchema` in `op.ts`; this is the record the server keeps
 * and sends in a pull, and the device stores.
 */
import { z } from 'zod';

/** What came of a call. */
export const CALL_OUTCOMES = ['no-answer', 'message-left', 'reason-given', 'wrong-number'] as const;
export const callOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/** A call as stored on the server and pulled by the office and admin (never teachers or reception). */
export const callSchema = z.object({
  opId: z.string(),
  pupilId: z.string(),
  /** The school day the call is about (the absence's day), `yyyy-MM-dd`. */
  date: z.string(),
  /** When the call was made, `HH:mm` school time. */
  at: z.string(),
  /** Who was called, as the office typed or picked them. */
  contact: z.string(),
  phone: z.string().nullable(),
  outcome: callOutcomeSchema,
  note: z.string().nullable(),
  authorId: z.string(),
  deviceId: z.string(),
  recordedAt: z.string(),
  receivedAt: z.string(),
  seq: z.number().int(),
});
export type Call = z.infer<typeof callSchema>;
