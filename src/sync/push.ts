/**
 * The push half of a sync cycle (docs/sync-protocol.md §4): the signed-in person's queued ops, in
 * `deviceSeq` order, in batches of at most `MAX_PUSH_OPS`. Refused ops move to `rejected` at once
 * with the server's reason, and so does a `duplicate` whose original the server says it refused
 * (the answer to the first push was lost); ops the server holds are only reported here, and
 * acknowledged by the cycle after the pull has brought them back (so the register never shows a
 * mark vanish and return).
 *
 * A 400 for a batch is bisected until the op(s) the server cannot read are found; only they are
 * set aside (as rejected, with the server's words), so one malformed op never blocks the queue.
 * The server never saw them, so their numbers were not used up: the next push meets a 409 and
 * the queue is renumbered.
 */
import { err, ok, type Result } from '../domain/result.ts';
import { PROTOCOL_VERSION } from '../schema/op.ts';
import { MAX_PUSH_OPS } from '../schema/protocol.ts';
import { gapResponseSchema, pushResponseSchema, type PushResult } from '../schema/sync.ts';
import { markRejected, pendingFor } from '../storage/outbox.ts';
import type { OutboxEntry } from '../storage/records.ts';
import { exchange, type CycleContext } from './exchange.ts';
import { badResponse, failureOf, storageFailure, type SyncFailure } from './failures.ts';

/** An op the server holds, to be acknowledged after the pull. */
export interface HeldOp {
  readonly entry: OutboxEntry;
  readonly status: 'applied' | 'duplicate';
  /**
   * The server said it applied the op: now, or the first time (a `duplicate` with `original:
   * 'applied'`). False only for a duplicate from a server that does not say.
   */
  readonly isConfirmed: boolean;
}

export interface PushSummary {
  readonly held: readonly HeldOp[];
  /** After a 409: where the server wants the queue to continue from. */
  readonly expectedSeq: number | null;
  /** An op the server could not read was set aside this time. */
  readonly isolated: boolean;
}

export type PushOutcome = Result<PushSummary, SyncFailure>;

type BatchStep =
  | { readonly kind: 'sent' }
  | { readonly kind: 'gap'; readonly expectedSeq: number }
  | { readonly kind: 'isolated' }
  | { readonly kind: 'failed'; readonly failure: SyncFailure };

/** A bad-request answer that may be caused by the ops themselves, not by the push as a whole. */
const OP_SPECIFIC_400 = new Set(['invalid-body']);

/** Splits the queue into batches of one device id each, at most `MAX_PUSH_OPS` long. */
export function batchesOf(entries: readonly OutboxEntry[], max = MAX_PUSH_OPS): OutboxEntry[][] {
  const batches: OutboxEntry[][] = [];
  let current: OutboxEntry[] = [];
  for (const entry of entries) {
    const sameDevice = current[0] === undefined || current[0].op.deviceId === entry.op.deviceId;
    if (current.length >= max || !sameDevice) {
      batches.push(current);
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Files the server's per-op results: rejected ops, and duplicates of a rejected original, move to
 * `rejected` now with the server's code and reason; the rest are held.
 */
async function fileResults(
  ctx: CycleContext,
  batch: readonly OutboxEntry[],
  results: readonly PushResult[],
  held: HeldOp[],
): Promise<SyncFailure | null> {
  const byOpId = new Map(batch.map((entry) => [entry.op.opId, entry]));
  for (const result of results) {
    const entry = byOpId.get(result.opId);
    if (entry === undefined) continue;
    if (result.status !== 'rejected' && result.original !== 'rejected') {
      const isConfirmed = result.status === 'applied' || result.original === 'applied';
      held.push({ entry, status: result.status, isConfirmed });
      continue;
    }
    const reason = result.reason ?? 'The server refused this change.';
    const moved = await markRejected(
      ctx.db,
      entry,
      result.code ?? 'rejected',
      reason,
      ctx.nowIso(),
    );
    if (!moved.ok) return storageFailure(moved.error);
  }
  return null;
}

async function sendOnce(
  ctx: CycleContext,
  batch: readonly OutboxEntry[],
  held: HeldOp[],
): Promise<BatchStep | 'split'> {
  const deviceId = batch[0]?.op.deviceId ?? '';
  const body = { protocol: PROTOCOL_VERSION, deviceId, ops: batch.map((entry) => entry.op) };
  const answer = await exchange(ctx, '/api/sync/push', { method: 'POST', body });
  if (answer.ok) {
    const parsed = pushResponseSchema.safeParse(answer.value.body);
    if (!parsed.success) return { kind: 'failed', failure: badResponse() };
    const failed = await fileResults(ctx, batch, parsed.data.results, held);
    return failed === null ? { kind: 'sent' } : { kind: 'failed', failure: failed };
  }
  const failure = answer.error;
  if (failure.status === 409) {
    const gap = gapResponseSchema.safeParse(failure.body);
    if (!gap.success) return { kind: 'failed', failure: badResponse() };
    const failed = await fileResults(ctx, batch, gap.data.results ?? [], held);
    if (failed !== null) return { kind: 'failed', failure: failed };
    return { kind: 'gap', expectedSeq: gap.data.expectedSeq };
  }
  const isOpSpecific = failure.status === 400 && OP_SPECIFIC_400.has(failure.code);
  if (failure.status === 413 || isOpSpecific) {
    if (batch.length > 1) return 'split';
    const only = batch[0];
    if (only !== undefined && isOpSpecific) {
      const set = await markRejected(ctx.db, only, failure.code, failure.message, ctx.nowIso());
      return set.ok ? { kind: 'isolated' } : { kind: 'failed', failure: storageFailure(set.error) };
    }
  }
  return { kind: 'failed', failure: failureOf(failure) };
}

/** Sends one batch, halving it while the server refuses it as a whole (400 or 413). */
async function sendBatch(
  ctx: CycleContext,
  batch: readonly OutboxEntry[],
  held: HeldOp[],
): Promise<BatchStep> {
  const step = await sendOnce(ctx, batch, held);
  if (step !== 'split') return step;
  const middle = Math.ceil(batch.length / 2);
  for (const half of [batch.slice(0, middle), batch.slice(middle)]) {
    const sent = await sendBatch(ctx, half, held);
    if (sent.kind !== 'sent') return sent;
  }
  return { kind: 'sent' };
}

/** Pushes the signed-in person's queue; stops at the first gap, set-aside op or failure. */
export async function pushPending(
  ctx: CycleContext,
  batchSize = MAX_PUSH_OPS,
): Promise<PushOutcome> {
  const pending = await pendingFor(ctx.db, ctx.staffId);
  if (!pending.ok) return err(storageFailure(pending.error));
  const held: HeldOp[] = [];
  for (const batch of batchesOf(pending.value, batchSize)) {
    const step = await sendBatch(ctx, batch, held);
    if (step.kind === 'failed') return err(step.failure);
    if (step.kind === 'gap') return ok({ held, expectedSeq: step.expectedSeq, isolated: false });
    if (step.kind === 'isolated') return ok({ held, expectedSeq: null, isolated: true });
  }
  return ok({ held, expectedSeq: null, isolated: false });
}
