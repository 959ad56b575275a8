/**
 * The sync protocol's operations (docs/sync-protocol.md §3): one discriminated union with a version
 * constant. An op is what a device queues in its outbox and pushes; the server applies or rejects
 * it.
 */
import { z } from 'zod';
import { SOURCES } from '../domain/roles.ts';
import { callOutcomeSchema } from './call.ts';
import { rollCallActionSchema } from './rollCall.ts';
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
  /**
   * Why the mark changed, trimmed. A reason of only spaces trims to an empty string, which is
   * read as no reason: an office change of a marked cell is then refused `reason-required` by
   * the rights, with its sentence, instead of failing the schema (and with it the whole push).
   */
  reason: storedTextSchema.trim().max(500).optional(),
  note: storedTextSchema.trim().max(1000).optional(),
  /**
   * Who reported the absence (a parent on the phone, a message), as the office records it; office
   * marks only (`reported-by-not-allowed` otherwise). Whether the name is one of the pupil's
   * listed contacts is worked out when it is read (`isListedReporter` in `src/domain/contacts.ts`).
   */
  reportedBy: nameSchema.optional(),
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

/**
 * A first-day call to a pupil's family, logged by the office (`src/schema/call.ts`). `date` is the
 * school day the call is about; `at` when it was made.
 */
export const callOpSchema = z.strictObject({
  kind: z.literal('call'),
  ...opBase,
  at: hhmmSchema,
  contact: nameSchema,
  phone: storedTextSchema.trim().max(40).optional(),
  outcome: callOutcomeSchema,
  note: storedTextSchema.trim().max(1000).optional(),
});
export type CallOp = z.infer<typeof callOpSchema>;

/**
 * A step of a fire roll call (`src/schema/rollCall.ts`): `start` (its `rollCallId` is its own
 * `opId`), `tick` and `untick` (a `pupilId`), `end`. `date` is the day of the roll call; the step
 * is timed by its `recordedAt`. A pupil is named on a tick or untick only.
 */
export const rollCallOpSchema = z
  .strictObject({
    kind: z.literal('rollcall'),
    opId: idSchema,
    deviceId: idSchema,
    deviceSeq: deviceSeqSchema,
    date: isoDateSchema,
    recordedAt: instantSchema,
    rollCallId: idSchema,
    action: rollCallActionSchema,
    pupilId: idSchema.optional(),
  })
  .refine((op) => (op.action === 'tick' || op.action === 'untick') === (op.pupilId !== undefined), {
    message: 'A tick or untick names a pupil; a start or end names none.',
    path: ['pupilId'],
  })
  .refine((op) => op.action !== 'start' || op.rollCallId === op.opId, {
    message: 'A roll call’s id is the opId of its start.',
    path: ['rollCallId'],
  });
export type RollCallOp = z.infer<typeof rollCallOpSchema>;

export const opSchema = z.discriminatedUnion('kind', [
  markOpSchema,
  movementOpSchema,
  callOpSchema,
  rollCallOpSchema,
]);
export type Op = z.infer<typeof opSchema>;
