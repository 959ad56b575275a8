/**
 * One sync cycle: push, then pull, then acknowledge (docs/sync-protocol.md §4, §6;
 * docs/architecture.md §3.10). Ops leave the outbox only here, only once the server has answered
 * that it holds them AND the pull has brought them back. Every outcome is written to `meta`
 * (syncState.ts) so all tabs show it.
 */
import { readAuth } from '../storage/auth.ts';
import type { RollcallDb } from '../storage/db.ts';
import { setClockOffsetMs } from '../storage/meta.ts';
import { acknowledge, markRejected, renumberFrom } from '../storage/outbox.ts';
import {
  pauseForToken,
  readSyncState,
  recordSyncError,
  recordSyncSuccess,
} from '../storage/syncState.ts';
import type { CycleContext } from './exchange.ts';
import { SYNC_ERROR_TEXT } from '../text/staffText.ts';
import { storageFailure, type SyncFailure } from './failures.ts';
import type { FetchLike } from './http.ts';
import { pullAll } from './pull.ts';
import { pushPending, type HeldOp, type PushSummary } from './push.ts';

export interface CycleDeps {
  readonly db: RollcallDb;
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  readonly deviceClock: () => number;
  readonly nowIso: () => string;
  readonly pullLimit?: number;
  /** Ops per push; at most `MAX_PUSH_OPS`. */
  readonly pushBatchSize?: number;
  /** Told the new clock offset as soon as a cycle has measured it. */
  readonly onClockOffset?: (offsetMs: number) => void;
}

export type CycleResult =
  /** Nobody is signed in: nothing can be sent. */
  | { readonly kind: 'signed-out' }
  /** The signed-in token was refused before: waiting for a new sign-in. */
  | { readonly kind: 'paused' }
  /** Pushed and pulled; `more` when the queue needs another cycle straight away. */
  | { readonly kind: 'synced'; readonly more: boolean }
  | { readonly kind: 'failed'; readonly failure: SyncFailure };

/**
 * Did an op reported `duplicate`, by a server that does not say how its original fared, really
 * land? Its amendment, movement or call came back in a pull.
 */
async function isOnServer(db: RollcallDb, held: HeldOp): Promise<boolean> {
  const { op } = held.entry;
  switch (op.kind) {
    case 'mark':
      return (await db.amendments.get(op.opId)) !== undefined;
    case 'movement':
      return (await db.movements.get(op.opId)) !== undefined;
    case 'call':
      return (await db.calls.get(op.opId)) !== undefined;
    case 'rollcall':
      return (await db.rollCallSteps.get(op.opId)) !== undefined;
  }
}

/**
 * Acknowledges what the server holds, after the pull: ops applied now, and duplicates whose
 * original the server says it applied (one it refused was filed as rejected, with the server's
 * reason, by the push). A `duplicate` from a server that does not say (no `original`) is
 * acknowledged only if it came back in the pull; one that did not was refused the first time,
 * and is kept as rejected with a generic reason, not silently dropped. After a 409 the rest of
 * the queue is renumbered from where the server wants.
 */
async function settle(ctx: CycleContext, summary: PushSummary): Promise<SyncFailure | null> {
  const confirmed: HeldOp[] = [];
  for (const held of summary.held) {
    if (held.isConfirmed || (await isOnServer(ctx.db, held))) confirmed.push(held);
    else {
      const text = SYNC_ERROR_TEXT.unconfirmed;
      const moved = await markRejected(ctx.db, held.entry, 'unconfirmed', text, ctx.nowIso());
      if (!moved.ok) return storageFailure(moved.error);
    }
  }
  await acknowledge(
    ctx.db,
    confirmed.map((held) => ({ opId: held.entry.op.opId, status: held.status })),
  );
  if (summary.expectedSeq === null) return null;
  const renumbered = await renumberFrom(ctx.db, ctx.staffId, summary.expectedSeq);
  return renumbered.ok ? null : storageFailure(renumbered.error);
}

async function pushPullSettle(deps: CycleDeps, ctx: CycleContext): Promise<CycleResult> {
  const pushed = await pushPending(ctx, deps.pushBatchSize);
  if (!pushed.ok) return { kind: 'failed', failure: pushed.error };
  const pulled = await pullAll(ctx, deps.pullLimit);
  if (pulled !== null) return { kind: 'failed', failure: pulled };
  const settled = await settle(ctx, pushed.value);
  if (settled !== null) return { kind: 'failed', failure: settled };
  const more = pushed.value.expectedSeq !== null || pushed.value.isolated;
  return { kind: 'synced', more };
}

/** Writes what the cycle ended with, for every tab to show. */
async function recordOutcome(
  deps: CycleDeps,
  ctx: CycleContext,
  result: CycleResult,
): Promise<void> {
  if (ctx.bestSample !== null) {
    await setClockOffsetMs(ctx.db, ctx.bestSample.offsetMs);
    deps.onClockOffset?.(ctx.bestSample.offsetMs);
  }
  if (result.kind === 'synced') await recordSyncSuccess(ctx.db, ctx.nowIso());
  if (result.kind !== 'failed') return;
  const { detail } = result.failure;
  await recordSyncError(ctx.db, { ...detail, at: ctx.nowIso() });
  if (result.failure.kind === 'sign-in') await pauseForToken(ctx.db, ctx.token);
}

/** Runs one cycle for whoever is signed in now. */
export async function runCycle(deps: CycleDeps): Promise<CycleResult> {
  const auth = await readAuth(deps.db);
  if (!auth.ok) return { kind: 'failed', failure: storageFailure(auth.error) };
  if (auth.value === undefined) return { kind: 'signed-out' };
  const state = await readSyncState(deps.db);
  if (!state.ok) return { kind: 'failed', failure: storageFailure(state.error) };
  if (state.value.isPaused) return { kind: 'paused' };
  const ctx: CycleContext = {
    db: deps.db,
    fetch: deps.fetch,
    baseUrl: deps.baseUrl,
    token: auth.value.token,
    staffId: auth.value.staff.id,
    deviceClock: deps.deviceClock,
    nowIso: deps.nowIso,
    bestSample: null,
  };
  const result = await pushPullSettle(deps, ctx);
  await recordOutcome(deps, ctx, result);
  return result;
}
