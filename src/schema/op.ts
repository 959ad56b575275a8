/**
 * The sync protocol's operations (docs/sync-protocol.md §3): one discriminated union with a version
 * constant. An op is what a device queues in its outbox and pushes; the server applies or rejects
 * it.
 */
import { z } from 'zod';
import { SOURCES } from '../domain/roles.ts';
import {
  codeSchema,
  hhmmSchema,
  idSchema,
  instantSchema,
  isoDateSchema,
  nameSchema,
  sessionSchema,
  shortTextSchema,
  storedTextSchema,
} from './primitives.ts';

/** Bumped when a client could no longer be understood; older clients get 426. */
export const PROTOCOL_VERSION = 1;

/** Who wrote a mark: the register, the office, reception, or the server's close job. */
export const sourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof sourceSchema>;

/** Gap-free per (device, author), starting at 1; a rejected op uses its number up. */
export const deviceSeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const opBase = {
  opId: idSchema,
  deviceId: idSchema,
  deviceSeq: deviceSeqSchema,
  pupilId: idSchema,
  date: isoDateSchema,
  /** Device clock corrected by the last known server offset (docs/sync-protocol.md §5.1). */
  recordedAt: instantSchema,
};

/** An amendment of one register cell; `code: null` clears it (the teacher's undo while open). */
export const markOpSchema = z.strictObject({
  kind: z.literal('mark'),
  ...opBase,
  session: sessionSchema,
  code: codeSchema.nullable(),
  /** The opId the author saw as the cell's current mark, or null for a blank cell. */
  basedOn: idSchema.nullable(),
  source: sourceSchema.exclude(['system']),
  arrivedAt: hhmmSchema.optional(),
  reason: shortTextSchema.optional(),
  note: storedTextSchema.trim().max(1000).optional(),
});
export type MarkOp = z.infer<typeof markOpSchema>;

/** Reception's signing-in book: a pupil signed in, signed out, or back. */
export const movementOpSchema = z.strictObject({
  kind: z.literal('movement'),
  ...opBase,
  direction: z.enum(['in', 'out']),
  at: hhmmSchema,
  reason: shortTextSchema.optional(),
  accompaniedBy: nameSchema.optional(),
});
export type MovementOp = z.infer<typeof movementOpSchema>;

export const opSchema = z.discriminatedUnion('kind', [markOpSchema, movementOpSchema]);
export type Op = z.infer<typeof opSchema>;
