/**
 * First-day calls to families the device holds (pulled by the office and admin), read back
 * checked, with this author's calls not yet sent folded in, so a call logged offline shows at once.
 */
import { ok } from '../domain/result.ts';
import { callSchema, type Call, type CallOutcome } from '../schema/call.ts';
import type { CallOp } from '../schema/op.ts';
import type { Tables } from './db.ts';
import type { StorageResult } from './errors.ts';
import { pendingFor } from './outbox.ts';
import { keyProperty, parseRows } from './records.ts';

/** One call as the screens show it: from the server, or still in this device's outbox. */
export interface CallEntry {
  readonly opId: string;
  readonly pupilId: string;
  readonly date: string;
  readonly at: string;
  readonly contact: string;
  readonly phone: string | null;
  readonly outcome: CallOutcome;
  readonly note: string | null;
  readonly authorId: string;
  readonly recordedAt: string;
  /** Logged on this device and not yet on the server. */
  readonly isPending: boolean;
}

/** Which calls: a pupil's, a day's, or one pupil's on one day; `authorId` is who is signed in. */
export interface CallQuery {
  readonly authorId: string;
  readonly pupilId?: string;
  readonly date?: string;
}

function fromServer(call: Call): CallEntry {
  const { opId, pupilId, date, at, contact, phone, outcome, note, authorId, recordedAt } = call;
  return {
    opId,
    pupilId,
    date,
    at,
    contact,
    phone,
    outcome,
    note,
    authorId,
    recordedAt,
    isPending: false,
  };
}

function fromOutbox(op: CallOp, authorId: string): CallEntry {
  return {
    opId: op.opId,
    pupilId: op.pupilId,
    date: op.date,
    at: op.at,
    contact: op.contact,
    phone: op.phone === undefined || op.phone === '' ? null : op.phone,
    outcome: op.outcome,
    note: op.note === undefined || op.note === '' ? null : op.note,
    authorId,
    recordedAt: op.recordedAt,
    isPending: true,
  };
}

function matches(query: CallQuery, call: { pupilId: string; date: string }): boolean {
  return (
    (query.pupilId === undefined || call.pupilId === query.pupilId) &&
    (query.date === undefined || call.date === query.date)
  );
}

/** Day, then the time of the call, then when it was recorded. */
function byTime(a: CallEntry, b: CallEntry): number {
  return (
    a.date.localeCompare(b.date) ||
    a.at.localeCompare(b.at) ||
    a.recordedAt.localeCompare(b.recordedAt) ||
    a.opId.localeCompare(b.opId)
  );
}

/**
 * The calls this device holds for `query` (a pupil, a day, or both), with `query.authorId`'s
 * unsent calls among them, in the order they were made. A call both pulled and still queued (its
 * acknowledgement waits for the pull, README Decision 12) is shown once, as the server's.
 */
export async function callsFor(
  db: Tables<'calls' | 'outbox'>,
  query: CallQuery,
): Promise<StorageResult<CallEntry[]>> {
  const rows =
    query.pupilId !== undefined
      ? await db.calls.where('pupilId').equals(query.pupilId).toArray()
      : query.date !== undefined
        ? await db.calls.where('date').equals(query.date).toArray()
        : await db.calls.toArray();
  const stored = parseRows('calls', callSchema, rows, keyProperty('opId'));
  if (!stored.ok) return stored;
  const pending = await pendingFor(db, query.authorId);
  if (!pending.ok) return pending;
  const entries = stored.value.filter((call) => matches(query, call)).map(fromServer);
  const held = new Set(entries.map((entry) => entry.opId));
  for (const { op } of pending.value)
    if (op.kind === 'call' && !held.has(op.opId) && matches(query, op))
      entries.push(fromOutbox(op, query.authorId));
  return ok(entries.sort(byTime));
}
