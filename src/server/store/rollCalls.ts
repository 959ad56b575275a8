/**
 * Fire roll calls in the store (migration 0004, docs/sync-protocol.md §3 `rollcall`): each
 * applied step is a row of `roll_call_steps`; a roll call is the fold of its steps in server
 * order (`RollCallLog` in `src/domain/rollCall.ts`), the same fold every device makes.
 */
import { sql, type Transaction } from 'kysely';
import type { RollCallAction, RollCallStep } from '../../domain/rollCall.ts';
import type { RollCallStepRecord } from '../../schema/rollCall.ts';
import type { Database, RollCallStepsTable } from './schema.ts';

/** A stored step (written from a checked op, so its action is one of `ROLL_CALL_ACTIONS`). */
export function rollCallStepFromRow(row: RollCallStepsTable): RollCallStepRecord {
  return {
    opId: row.op_id,
    rollCallId: row.roll_call_id,
    action: row.action as RollCallAction,
    pupilId: row.pupil_id,
    date: row.date,
    authorId: row.author_id,
    deviceId: row.device_id,
    recordedAt: row.recorded_at,
    receivedAt: row.received_at,
    seq: row.seq,
  };
}

/** A stored step as the domain's fold reads it. */
export function rollCallStepOf(row: RollCallStepsTable): RollCallStep {
  return {
    opId: row.op_id,
    rollCallId: row.roll_call_id,
    action: row.action as RollCallAction,
    pupilId: row.pupil_id,
    date: row.date,
    authorId: row.author_id,
    recordedAt: row.recorded_at,
  };
}

/** Every stored step of the roll calls `ids`, in server order (for checking a push's steps). */
export async function rollCallStepsOf(
  trx: Transaction<Database>,
  schoolId: string,
  ids: readonly string[],
): Promise<RollCallStep[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('roll_call_steps')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where(sql<boolean>`roll_call_id = any(${ids}::text[])`)
    .orderBy('seq')
    .execute();
  return rows.map(rollCallStepOf);
}
