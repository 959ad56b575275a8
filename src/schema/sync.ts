/**
 * Push and pull messages of the sync protocol (docs/sync-protocol.md §4, §6).
 */
import { z } from 'zod';
import { PROTOCOL_VERSION, deviceSeqSchema, opSchema } from './op.ts';
import { idSchema } from './primitives.ts';

/** At most this many ops in one push; a device with more sends several batches. */
export const MAX_PUSH_OPS = 1000;

export const pushRequestSchema = z.strictObject({
  protocol: z.number().int(),
  deviceId: idSchema,
  ops: z.array(opSchema).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * A push as the server reads it first: the envelope, with each op left to be read on its own. An
 * op holding text that cannot be stored is `rejected` by itself and the rest of the push goes on;
 * any other malformed op still makes the whole push a 400.
 */
export const pushEnvelopeSchema = z.strictObject({
  protocol: z.number().int(),
  deviceId: idSchema,
  ops: z.array(z.unknown()).max(MAX_PUSH_OPS),
});

/** What the server must read of an op to reject it: its id and its place in the device's queue. */
export const opPlaceSchema = z.object({ opId: z.string(), deviceSeq: deviceSeqSchema });

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
  /** Kebab-case reason code for rejected ops, e.g. `register-closed`. */
  code: z.string().optional(),
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

export const gapResponseSchema = z.object({
  error: z.literal('sequence-gap'),
  message: z.string(),
  expectedSeq: z.number().int(),
});

export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 5000;

export { PROTOCOL_VERSION };
