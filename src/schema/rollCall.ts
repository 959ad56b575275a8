/**
 * A step of a fire roll call (docs/sync-protocol.md §3 `rollcall`, `src/domain/rollCall.ts`):
 * a roll call started, a pupil ticked off or back, the roll call ended. Every role takes roll
 * calls and every device holds them, so several marshals share one.
 *
 * The op that records a step is `rollCallOpSchema` in `op.ts`; this is the record the server
 * keeps and sends in a pull, and the device stores.
 */
import { z } from 'zod';
import { ROLL_CALL_ACTIONS } from '../domain/rollCall.ts';

export const rollCallActionSchema = z.enum(ROLL_CALL_ACTIONS);

/**
 * A step as stored on the server and pulled by every role (teachers receive the starts and ends,
 * and the ticks of pupils in their own groups).
 */
export const rollCallStepRecordSchema = z.object({
  opId: z.string(),
  /** The roll call: the opId of its `start`. */
  rollCallId: z.string(),
  action: rollCallActionSchema,
  /** The pupil ticked or unticked; null for `start` and `end`. */
  pupilId: z.string().nullable(),
  /** The school day of the roll call, `yyyy-MM-dd`. */
  date: z.string(),
  authorId: z.string(),
  deviceId: z.string(),
  recordedAt: z.string(),
  receivedAt: z.string(),
  seq: z.number().int(),
});
export type RollCallStepRecord = z.infer<typeof rollCallStepRecordSchema>;
