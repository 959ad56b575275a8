/**
 * Push and pull messages of the sync protocol (design.md §4).
 */
import { z } from 'zod';
import { PROTOCOL_VERSION, opSchema } from './op.ts';
import { idSchema } from './primitives.ts';

/** At most this many ops in one push; a device with more sends several batches. */
export const MAX_PUSH_OPS = 1000;

export const pushRequestSchema = z.strictObject({
  protocol: z.number().int(),
  deviceId: idSchema,
  ops: z.array(opSchema).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const opStatusSchema = z.enum(['applied', 'duplicate', 'rejected']);
export type OpStatus = z.infer<typeof opStatusSchema>;

export const pushResultSchema = z.object({
  opId: z.string(),
  status: opStatusSchema,
  reason: z.string().optional(),
  /** Kebab-case reason code for rejected ops, e.g. `register-closed`. */
  code: z.string().optional(),
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
