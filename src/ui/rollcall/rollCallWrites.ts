/**
 * The roll call's writes: each a step queued in the outbox with its `deviceSeq` in one
 * transaction (`recordRollCallSteps`), then a sync asked for. A roll call started on two devices
 * offline is one (`mergeRollCalls`): a tick goes to its earliest open part, an untick to every
 * part holding the tick, an end to every open part.
 */
import type { IsoDate, RollCall } from '../../domain/index.ts';
import { recordRollCallSteps, type RollCallFields } from '../../storage/outbox.ts';
import type { StorageResult } from '../../storage/errors.ts';
import type { RollcallDb } from '../../storage/db.ts';
import type { SyncEngine } from '../../sync/types.ts';

export interface RollCallContext {
  readonly db: RollcallDb;
  readonly engine: SyncEngine;
  readonly authorId: string;
}

async function write(
  ctx: RollCallContext,
  steps: readonly RollCallFields[],
): Promise<StorageResult<unknown>> {
  const recorded = await recordRollCallSteps(
    ctx.db,
    { authorId: ctx.authorId, now: ctx.engine.now() },
    steps,
  );
  if (recorded.ok) ctx.engine.request('write');
  return recorded;
}

export function startRollCall(ctx: RollCallContext, date: IsoDate) {
  return write(ctx, [{ action: 'start', date }]);
}

/** Ticks `pupilId` off, or takes the tick back when they are ticked already. */
export function toggleTick(ctx: RollCallContext, rollCall: RollCall, pupilId: string) {
  const tick = rollCall.ticks.get(pupilId);
  const { date } = rollCall;
  if (tick !== undefined)
    return write(
      ctx,
      tick.partIds.map((rollCallId) => ({ action: 'untick' as const, date, rollCallId, pupilId })),
    );
  const [target] = rollCall.openIds;
  if (target === undefined) return Promise.resolve(null);
  return write(ctx, [{ action: 'tick', date, rollCallId: target, pupilId }]);
}

export function endRollCall(ctx: RollCallContext, rollCall: RollCall) {
  const { date } = rollCall;
  return write(
    ctx,
    rollCall.openIds.map((rollCallId) => ({ action: 'end' as const, date, rollCallId })),
  );
}
