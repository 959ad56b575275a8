/**
 * The outbox: ops recorded on this device and not yet acknowledged by the server
 * (docs/sync-protocol.md §4, docs/architecture.md §5). An op (a mark, a movement, a call, a roll-call step), its
 * outbox row and its author's `deviceSeq` commit in one transaction, and the caller hears of it
 * only after the commit. Rows leave the outbox only when the server has the op (applied or
 * duplicate) or refused it (moved to `rejected`); never by age, error or logout.
 */
import type { z } from 'zod';
import type { PushResult } from '../schema/sync.ts';
import { uuidv7 } from '../schema/ids.ts';
import {
  callOpSchema,
  markOpSchema,
  movementOpSchema,
  rollCallOpSchema,
  type CallOp,
  type MarkOp,
  type MovementOp,
  type Op,
  type RollCallOp,
} from '../schema/op.ts';
import { idSchema } from '../schema/primitives.ts';
import type { RollcallDb, Tables } from './db.ts';
import { err, ok } from '../domain/result.ts';
import { guardQuota, invalidInput, storageError, type StorageResult } from './errors.ts';
import { ensureDeviceId, readMeta, seqKey } from './meta.ts';
import {
  keyProperty,
  metaValueSchemas,
  outboxEntrySchema,
  parseRow,
  parseRows,
  rejectedEntrySchema,
  type OutboxEntry,
  type RejectedEntry,
} from './records.ts';

/** What storage fills in on every op. */
type Stamped = 'kind' | 'opId' | 'deviceId' | 'deviceSeq' | 'recordedAt';

interface Stamp {
  readonly opId: string;
  readonly deviceId: string;
  readonly deviceSeq: number;
  readonly recordedAt: string;
}

export interface Recording {
  /** The signed-in member of staff: `deviceSeq` counts per author on this device. */
  readonly authorId: string;
  /** Device time corrected by the last known server offset, epoch ms; `recordedAt` is its ISO string. */
  readonly now: number;
}

/** A mark as the screens give it: the op without what storage fills in. */
export type MarkInput = Omit<MarkOp, Stamped> & Recording;

/** A signing-in book entry as reception gives it. */
export type MovementInput = Omit<MovementOp, Stamped> & Recording;

/** A first-day call as the office logs it. */
export type CallInput = Omit<CallOp, Stamped> & Recording;

async function takeStampsAndAdd<T extends Op>(
  db: Tables<'meta' | 'outbox'>,
  { authorId, now }: Recording,
  schema: z.ZodType<T>,
  builds: readonly ((stamp: Stamp) => unknown)[],
): Promise<StorageResult<T[]>> {
  // Both reads, then both writes, go to IndexedDB together: two round trips, not four.
  const [deviceId, last] = await Promise.all([
    ensureDeviceId(db, now),
    readMeta(db, seqKey(authorId), metaValueSchemas.seq),
  ]);
  if (!deviceId.ok) return deviceId;
  if (!last.ok) return last;
  const first = (last.value ?? 0) + 1;
  const recordedAt = new Date(now).toISOString();
  const ops: T[] = [];
  for (const [index, build] of builds.entries()) {
    const opId = uuidv7(now, crypto.getRandomValues(new Uint8Array(10)));
    const stamp = { opId, deviceId: deviceId.value, deviceSeq: first + index, recordedAt };
    const parsed = schema.safeParse(build(stamp));
    if (!parsed.success) return err(invalidInput(parsed.error));
    ops.push(parsed.data);
  }
  if (ops.length === 0) return ok(ops);
  await Promise.all([
    db.meta.put({ key: seqKey(authorId), value: first + ops.length - 1 }),
    db.outbox.bulkAdd(
      ops.map((op) => ({ authorId, deviceSeq: op.deviceSeq, op, createdAt: recordedAt })),
    ),
  ]);
  return ok(ops);
}

function record<T extends Op>(
  db: RollcallDb,
  recording: Recording,
  schema: z.ZodType<T>,
  builds: readonly ((stamp: Stamp) => unknown)[],
): Promise<StorageResult<T[]>> {
  if (!idSchema.safeParse(recording.authorId).success)
    return Promise.resolve(
      err(storageError('invalid-input', 'The author is not a valid staff id.')),
    );
  if (Number.isNaN(new Date(recording.now).getTime()))
    return Promise.resolve(
      err(storageError('invalid-input', 'The time of recording is not valid.')),
    );
  return guardQuota(() =>
    db.transaction('rw', db.meta, db.outbox, (tx) =>
      takeStampsAndAdd(tx, recording, schema, builds),
    ),
  );
}

function single<T>(result: StorageResult<T[]>): StorageResult<T> {
  if (!result.ok) return result;
  const [only] = result.value;
  return only === undefined
    ? err(storageError('invalid-input', 'Nothing was recorded.'))
    : ok(only);
}

/** A mark as the screens give it, without the author and time that a batch shares. */
export type MarkFields = Omit<MarkInput, keyof Recording>;

/**
 * Records several marks of one author at one time in one transaction ("mark the rest present"):
 * consecutive `deviceSeq`s, all committed or none (a bad mark fails the whole batch).
 */
export function recordMarks(
  db: RollcallDb,
  recording: Recording,
  marks: readonly MarkFields[],
): Promise<StorageResult<MarkOp[]>> {
  return record(
    db,
    recording,
    markOpSchema,
    marks.map((fields) => (stamp: Stamp) => ({ kind: 'mark', ...stamp, ...fields })),
  );
}

/** Records a mark: takes the author's next `deviceSeq` and queues the op, resolving after commit. */
export async function recordMark(db: RollcallDb, input: MarkInput): Promise<StorageResult<MarkOp>> {
  const { authorId, now, ...fields } = input;
  return single(await recordMarks(db, { authorId, now }, [fields]));
}

/** Records a movement (sign in / sign out) the same way as `recordMark`. */
export async function recordMovement(
  db: RollcallDb,
  input: MovementInput,
): Promise<StorageResult<MovementOp>> {
  const { authorId, now, ...fields } = input;
  const build = (stamp: Stamp) => ({ kind: 'movement', ...stamp, ...fields });
  return single(await record(db, { authorId, now }, movementOpSchema, [build]));
}

/**
 * Records a first-day call to a pupil's family the same way as `recordMark`: its outbox row and
 * the author's next `deviceSeq` in one transaction, resolving after the commit.
 */
export async function recordCall(db: RollcallDb, input: CallInput): Promise<StorageResult<CallOp>> {
  const { authorId, now, ...fields } = input;
  const build = (stamp: Stamp) => ({ kind: 'call', ...stamp, ...fields });
  return single(await record(db, { authorId, now }, callOpSchema, [build]));
}

/**
 * A step of a fire roll call as the screen gives it: a start (its roll call's id will be its own
 * opId), or a tick, untick or end of a roll call by id.
 */
export type RollCallFields =
  | { readonly action: 'start'; readonly date: string }
  | {
      readonly action: 'tick' | 'untick';
      readonly date: string;
      readonly rollCallId: string;
      readonly pupilId: string;
    }
  | { readonly action: 'end'; readonly date: string; readonly rollCallId: string };

/**
 * Records steps of a fire roll call of one author at one time in one transaction (ending a roll
 * call started on two devices ends both parts): consecutive `deviceSeq`s, all or none.
 */
export function recordRollCallSteps(
  db: RollcallDb,
  recording: Recording,
  steps: readonly RollCallFields[],
): Promise<StorageResult<RollCallOp[]>> {
  const builds = steps.map((fields) => (stamp: Stamp) => ({
    kind: 'rollcall',
    ...stamp,
    ...fields,
    rollCallId: fields.action === 'start' ? stamp.opId : fields.rollCallId,
  }));
  return record(db, recording, rollCallOpSchema, builds);
}

/**
 * The author's queued ops in `deviceSeq` order, the order they must be pushed in. Any corrupt
 * outbox row (whoever's) fails the read, so it is seen rather than silently skipped.
 */
export async function pendingFor(
  db: Tables<'outbox'>,
  authorId: string,
): Promise<StorageResult<OutboxEntry[]>> {
  const all = parseRows('outbox', outboxEntrySchema, await db.outbox.toArray(), keyProperty('id'));
  if (!all.ok) return all;
  const mine = all.value.filter((entry) => entry.authorId === authorId);
  return ok(mine.sort((a, b) => a.deviceSeq - b.deviceSeq));
}

/**
 * Removes the ops the server now holds (`applied` or `duplicate`); `rejected` results are left
 * for `markRejected`. Returns how many rows were removed.
 */
export function acknowledge(
  db: RollcallDb,
  results: readonly Pick<PushResult, 'opId' | 'status'>[],
): Promise<number> {
  const held = results
    .filter((r) => r.status === 'applied' || r.status === 'duplicate')
    .map((r) => r.opId);
  return db.transaction('rw', db.outbox, async (tx) => {
    const ids = await tx.outbox.where('op.opId').anyOf(held).primaryKeys();
    await tx.outbox.bulkDelete(ids);
    return ids.length;
  });
}

/** Moves a refused op from the outbox to `rejected`, in one transaction. */
export function markRejected(
  db: RollcallDb,
  entry: OutboxEntry,
  code: string,
  reason: string,
  at: string,
): Promise<StorageResult<RejectedEntry>> {
  const parsed = rejectedEntrySchema.safeParse({
    opId: entry.op.opId,
    op: entry.op,
    authorId: entry.authorId,
    code,
    reason,
    at,
  });
  if (!parsed.success) return Promise.resolve(err(invalidInput(parsed.error)));
  const rejected = parsed.data;
  return guardQuota(() =>
    db.transaction('rw', db.outbox, db.rejected, async (tx) => {
      await tx.rejected.put(rejected);
      await tx.outbox.delete(entry.id);
      return ok(rejected);
    }),
  );
}

/** Every refused op, oldest first. They stay until a later feature lets someone dismiss them. */
export async function listRejected(
  db: Tables<'rejected'>,
): Promise<StorageResult<RejectedEntry[]>> {
  const rows = parseRows(
    'rejected',
    rejectedEntrySchema,
    await db.rejected.toArray(),
    keyProperty('opId'),
  );
  return rows.ok ? ok(rows.value.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) : rows;
}

/**
 * Recovers from a 409 `sequence-gap`: renumbers the author's queued ops consecutively from
 * `expectedSeq`, in their order, and sets the counter so the next op follows them. One
 * transaction, so a mark recorded meanwhile is either renumbered too or numbered after.
 * Returns how many ops were renumbered.
 */
export function renumberFrom(
  db: RollcallDb,
  authorId: string,
  expectedSeq: number,
): Promise<StorageResult<number>> {
  if (!Number.isSafeInteger(expectedSeq) || expectedSeq < 1)
    return Promise.resolve(
      err(storageError('invalid-input', 'The expected sequence number is not valid.')),
    );
  return guardQuota(() =>
    db.transaction('rw', db.meta, db.outbox, async (tx): Promise<StorageResult<number>> => {
      const pending = await pendingFor(tx, authorId);
      if (!pending.ok) return pending;
      const renumbered = pending.value.map((entry, i) => {
        const deviceSeq = expectedSeq + i;
        return { ...entry, deviceSeq, op: { ...entry.op, deviceSeq } };
      });
      // Delete then re-add (same ids): the unique (author, deviceSeq) index never sees a clash.
      await tx.outbox.bulkDelete(pending.value.map((entry) => entry.id));
      await tx.outbox.bulkAdd(renumbered);
      await tx.meta.put({ key: seqKey(authorId), value: expectedSeq + renumbered.length - 1 });
      return ok(renumbered.length);
    }),
  );
}

/** How many ops wait to be sent: every author's, or one author's. */
export function pendingCount(db: Tables<'outbox'>, authorId?: string): Promise<number> {
  if (authorId === undefined) return db.outbox.count();
  return db.outbox.where('authorId').equals(authorId).count();
}

/** When the oldest unsent op was recorded (ISO instant), or null when the outbox is empty. */
export async function oldestPendingAt(db: Tables<'outbox'>): Promise<StorageResult<string | null>> {
  const first: unknown = await db.outbox.orderBy(':id').first();
  const row = parseRow('outbox', outboxEntrySchema, first, keyProperty('id')(first));
  return row.ok ? ok(row.value?.createdAt ?? null) : row;
}
