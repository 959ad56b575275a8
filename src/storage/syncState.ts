/**
 * What the sync engine keeps in `meta` so every tab shows the same truth (docs/architecture.md §5,
 * "Always visible"): the last full sync, the last failure, and the token the server refused with
 * 401 (sync stays paused while that token is the signed-in one). `readSyncState` gathers them with
 * the outbox and rejected counts in one read transaction, for a Dexie `liveQuery`.
 */
import { z } from 'zod';
import { instantSchema } from '../schema/primitives.ts';
import { SINGLE_KEY, type RollcallDb, type Tables } from './db.ts';
import { ok } from '../domain/result.ts';
import { guardQuota, type StorageResult } from './errors.ts';
import { clockOffsetMs, readMeta } from './meta.ts';
import { signedInSchema } from '../schema/auth.ts';
import { outboxEntrySchema, parseRow, keyProperty } from './records.ts';

export const LAST_SYNC_AT_KEY = 'sync:lastSyncAt';
export const LAST_ERROR_KEY = 'sync:lastError';
export const PAUSED_TOKEN_KEY = 'sync:pausedToken';

/** A sync failure as staff see it; the same shape as `SyncError` in src/sync/types.ts. */
export const syncErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  at: instantSchema,
});
export type StoredSyncError = z.infer<typeof syncErrorSchema>;

/** Everything about sync that all tabs share, read in one snapshot. */
export interface SyncState {
  /** The signed-in member of staff and their token; null when nobody is signed in. */
  readonly staffId: string | null;
  readonly token: string | null;
  readonly pending: number;
  readonly oldestPendingAt: string | null;
  readonly pendingForOthers: number;
  readonly rejected: number;
  readonly lastSyncAt: string | null;
  readonly lastError: StoredSyncError | null;
  /** The signed-in token was refused (401): nothing is sent until someone signs in again. */
  readonly isPaused: boolean;
  readonly clockOffsetMs: number;
}

async function oldestOf(
  db: Tables<'outbox'>,
  staffId: string,
): Promise<StorageResult<string | null>> {
  const first: unknown = await db.outbox.where('authorId').equals(staffId).first();
  const row = parseRow('outbox', outboxEntrySchema, first, keyProperty('id')(first));
  return row.ok ? ok(row.value?.createdAt ?? null) : row;
}

async function countsFor(
  db: Tables<'outbox' | 'rejected'>,
  staffId: string | null,
): Promise<
  StorageResult<Pick<SyncState, 'pending' | 'oldestPendingAt' | 'pendingForOthers' | 'rejected'>>
> {
  const all = await db.outbox.count();
  if (staffId === null)
    return ok({ pending: 0, oldestPendingAt: null, pendingForOthers: all, rejected: 0 });
  const [pending, oldest, rejected] = await Promise.all([
    db.outbox.where('authorId').equals(staffId).count(),
    oldestOf(db, staffId),
    db.rejected.where('authorId').equals(staffId).count(),
  ]);
  if (!oldest.ok) return oldest;
  return ok({ pending, oldestPendingAt: oldest.value, pendingForOthers: all - pending, rejected });
}

async function readInside(
  tx: Tables<'auth' | 'outbox' | 'rejected' | 'meta'>,
): Promise<StorageResult<SyncState>> {
  const auth = parseRow('auth', signedInSchema, await tx.auth.get(SINGLE_KEY), SINGLE_KEY);
  if (!auth.ok) return auth;
  const staffId = auth.value?.staff.id ?? null;
  const token = auth.value?.token ?? null;
  // Read together: a live query re-runs this after every write, so round trips count.
  const [counts, lastSyncAt, lastError, paused, offset] = await Promise.all([
    countsFor(tx, staffId),
    readMeta(tx, LAST_SYNC_AT_KEY, instantSchema),
    readMeta(tx, LAST_ERROR_KEY, syncErrorSchema),
    readMeta(tx, PAUSED_TOKEN_KEY, z.string()),
    clockOffsetMs(tx),
  ]);
  if (!counts.ok) return counts;
  if (!lastSyncAt.ok) return lastSyncAt;
  if (!lastError.ok) return lastError;
  if (!paused.ok) return paused;
  if (!offset.ok) return offset;
  return ok({
    staffId,
    token,
    ...counts.value,
    lastSyncAt: lastSyncAt.value ?? null,
    lastError: lastError.value ?? null,
    isPaused: token !== null && paused.value === token,
    clockOffsetMs: offset.value,
  });
}

/** The shared sync state, in one read transaction. */
export function readSyncState(db: RollcallDb): Promise<StorageResult<SyncState>> {
  return db.transaction('r', [db.auth, db.outbox, db.rejected, db.meta], (tx) => readInside(tx));
}

/** Records a completed push and pull: the time, and no error any more. */
export function recordSyncSuccess(db: RollcallDb, at: string): Promise<StorageResult<void>> {
  return guardQuota(() =>
    db.transaction('rw', db.meta, async (tx) => {
      await tx.meta.put({ key: LAST_SYNC_AT_KEY, value: at });
      await tx.meta.delete(LAST_ERROR_KEY);
      return ok(undefined);
    }),
  );
}

/** Records the last failure, shown in every tab until the next full sync. */
export function recordSyncError(
  db: Tables<'meta'>,
  error: StoredSyncError,
): Promise<StorageResult<void>> {
  return guardQuota(async () => {
    await db.meta.put({ key: LAST_ERROR_KEY, value: error });
    return ok(undefined);
  });
}

/** Pauses sync while `token` is the signed-in one (the server answered 401 to it). */
export function pauseForToken(db: Tables<'meta'>, token: string): Promise<StorageResult<void>> {
  return guardQuota(async () => {
    await db.meta.put({ key: PAUSED_TOKEN_KEY, value: token });
    return ok(undefined);
  });
}
