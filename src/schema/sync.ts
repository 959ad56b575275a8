/**
 * The answers of the sync protocol — push, pull and its event stream (docs/sync-protocol.md §4,
 * §6, §7) — and its limits. The server types its answers with these; the device parses them; the
 * tests use both. What a device sends is in `requests.ts`.
 */
import { z } from 'zod';
import { amendmentSchema, movementSchema } from './amendment.ts';
import { callSchema } from './call.ts';
import { instantSchema } from './primitives.ts';
import { rollCallStepRecordSchema } from './rollCall.ts';
import {
  groupRecordSchema,
  pupilRecordSchema,
  schoolRecordSchema,
  staffRecordSchema,
} from './reference.ts';
import { rejectionCodeSchema } from './rejections.ts';

export const opStatusSchema = z.enum(['applied', 'duplicate', 'rejected']);
export type OpStatus = z.infer<typeof opStatusSchema>;

/** What an op came to when the server first received it: every later copy is a `duplicate`. */
export const originalOutcomeSchema = z.enum(['applied', 'rejected']);
export type OriginalOutcome = z.infer<typeof originalOutcomeSchema>;

export const pushResultSchema = z.object({
  opId: z.string(),
  status: opStatusSchema,
  /** Why a rejected op was refused (for a `duplicate`: why its original was). */
  reason: z.string().optional(),
  /**
   * Kebab-case reason code for rejected ops, e.g. `register-closed`: one of `REJECTION_CODES`
   * from this server. A device reads any code, so a newer server's codes never make its answer
   * unreadable to an older device (the sentence in `reason` says what happened either way).
   */
  code: rejectionCodeSchema.or(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)).optional(),
  /**
   * On a `duplicate`: the original's outcome, so a device whose first answer was lost learns it
   * (a rejected original's `reason` and `code` come with it). Servers before this field left it
   * out; the client then checks whether the op came back in a pull.
   */
  original: originalOutcomeSchema.optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  serverTime: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * A push that skipped a `deviceSeq`: 409 with the number expected next, and the results of the
 * ops before the gap, which were recorded (docs/sync-protocol.md §4.3). Servers before `results`
 * and `serverTime` left them out.
 */
export const gapResponseSchema = z.object({
  error: z.literal('sequence-gap'),
  message: z.string(),
  expectedSeq: z.number().int().min(1),
  results: z.array(pushResultSchema).optional(),
  serverTime: z.string().optional(),
});
export type GapResponse = z.infer<typeof gapResponseSchema>;

const version = z.number().int().min(0);

/** One change of a pull page: a record and the version at which it last changed. */
export const pullChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('school'), version, data: schoolRecordSchema }),
  z.object({ type: z.literal('group'), version, data: groupRecordSchema }),
  z.object({ type: z.literal('pupil'), version, data: pupilRecordSchema }),
  z.object({ type: z.literal('staff'), version, data: staffRecordSchema }),
  z.object({ type: z.literal('amendment'), version, data: amendmentSchema }),
  z.object({ type: z.literal('movement'), version, data: movementSchema }),
  /** Office and admin only. */
  z.object({ type: z.literal('call'), version, data: callSchema }),
  /** Every role: teachers the starts, the ends and their own groups' ticks. */
  z.object({ type: z.literal('rollcall'), version, data: rollCallStepRecordSchema }),
]);
export type PullChange = z.infer<typeof pullChangeSchema>;

/** A pull page; `serverTime` is added by the route (servers before it left it out). */
export const pullPageSchema = z.object({
  changes: z.array(pullChangeSchema),
  cursor: version,
  hasMore: z.boolean(),
  serverTime: z.string().optional(),
});
export type PullPage = z.infer<typeof pullPageSchema>;

/** `event: ready`: the stream is open, with the server's clock. */
export const readyEventSchema = z.object({ serverTime: instantSchema });
export type ReadyEvent = z.infer<typeof readyEventSchema>;

/** `event: poke`: something this person can see changed; it carries no data. */
export const pokeEventSchema = z.object({});
