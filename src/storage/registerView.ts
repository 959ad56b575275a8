/**
 * The register as this device shows it (docs/attendance-rules.md §4.3, read-your-writes): the
 * server's amendments in server order, with this author's unsent marks folded on top by the same
 * `resolveCell` the server runs, so a pull never hides an unsent mark and never shows one the
 * server will overrule.
 */
import { foldPending, sortByServerOrder, type CellAmendment } from '../domain/resolveCell.ts';
import { amendmentSchema, type Amendment } from '../schema/amendment.ts';
import type { MarkOp, Source } from '../schema/op.ts';
import type { RollcallDb } from './db.ts';
import { ok } from '../domain/result.ts';
import type { StorageResult } from './errors.ts';
import { pendingFor } from './outbox.ts';
import { keyProperty, parseRows } from './records.ts';

/** One amendment of a cell, from the server or still in this device's outbox. */
export interface CellEntry extends CellAmendment {
  readonly isPending: boolean;
  readonly source: Source;
  readonly arrivedAt: string | null;
  readonly recordedAt: string;
  /** Staff id of the author; null for the close job, and for this device's own unsent ops. */
  readonly authorId: string | null;
}

/** One pupil's cell on the register. */
export interface CellView {
  /** The mark shown; null for a blank cell. */
  readonly code: string | null;
  readonly head: CellEntry | null;
  /** Two concurrent, different known marks, not yet resolved by the office. */
  readonly conflict: boolean;
  /** Some of this author's ops for the cell have not reached the server yet. */
  readonly pending: boolean;
}

function fromServer(a: Amendment): CellEntry {
  return {
    opId: a.opId,
    code: a.code,
    basedOn: a.basedOn,
    isPending: false,
    source: a.source,
    arrivedAt: a.arrivedAt,
    recordedAt: a.recordedAt,
    authorId: a.authorId,
  };
}

function fromPending(op: MarkOp): CellEntry {
  return {
    opId: op.opId,
    code: op.code,
    basedOn: op.basedOn,
    isPending: true,
    source: op.source,
    arrivedAt: op.arrivedAt ?? null,
    recordedAt: op.recordedAt,
    authorId: null,
  };
}

function byPupil<T extends { readonly pupilId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.pupilId);
    if (list === undefined) map.set(item.pupilId, [item]);
    else list.push(item);
  }
  return map;
}

/**
 * One cell as this device shows it: the server's amendments of the cell (rejected ones left out)
 * in server order, this author's unsent marks of the cell folded on top.
 */
export function viewOf(all: readonly Amendment[], pending: readonly MarkOp[]): CellView {
  const server = all.filter((a) => a.outcome !== 'rejected');
  const onServer = new Set(server.map((a) => a.opId));
  const resolution = foldPending(
    sortByServerOrder(server).map(fromServer),
    pending.map(fromPending),
  );
  return {
    code: resolution.code,
    head: resolution.head,
    conflict: resolution.conflict,
    pending: pending.some((op) => !onServer.has(op.opId)),
  };
}

/** What a register's cells are worked out from, read in one snapshot. */
export interface CellSources {
  /** Every amendment of the date and session this device holds, rejected ones included. */
  readonly amendments: readonly Amendment[];
  /** The author's unsent marks of the date and session, in `deviceSeq` order. */
  readonly pending: readonly MarkOp[];
  /** Every op id in the author's queue, of any cell. */
  readonly queuedOpIds: readonly string[];
}

/** Is this stored row of the session? Checked before parsing, so other sessions cost nothing. */
function isOfSession(row: unknown, session: 'AM' | 'PM'): boolean {
  return typeof row === 'object' && row !== null && 'session' in row && row.session === session;
}

/**
 * The amendments and the author's unsent marks of one date and session, for the whole school as
 * far as this device holds it: one read of the `date` index and one of the outbox, so a live query
 * built on it stays cheap however often the register is written.
 */
export function readCellSources(
  db: RollcallDb,
  date: string,
  session: 'AM' | 'PM',
  authorId: string,
): Promise<StorageResult<CellSources>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const rows = await tx.amendments.where('date').equals(date).toArray();
    const ofSession = rows.filter((row) => isOfSession(row, session));
    const amendments = parseRows('amendments', amendmentSchema, ofSession, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const queued = await pendingFor(tx, authorId);
    if (!queued.ok) return queued;
    const ops = queued.value.map((entry) => entry.op);
    const pending = ops.filter(
      (op): op is MarkOp => op.kind === 'mark' && op.date === date && op.session === session,
    );
    return ok({ amendments: amendments.value, pending, queuedOpIds: ops.map((op) => op.opId) });
  });
}

/** The cells of `pupilIds`, keyed by pupil: server amendments (not rejected) and unsent marks. */
export function cellViews(
  sources: CellSources,
  pupilIds: readonly string[],
): ReadonlyMap<string, CellView> {
  const serverBy = byPupil(sources.amendments);
  const pendingBy = byPupil(sources.pending);
  const view = new Map<string, CellView>();
  for (const pupilId of pupilIds)
    view.set(pupilId, viewOf(serverBy.get(pupilId) ?? [], pendingBy.get(pupilId) ?? []));
  return view;
}

/**
 * The cells of `pupilIds` on one date and session, keyed by pupil, as `authorId` sees them:
 * server amendments (rejected ones excluded) plus their own unsent marks, read in one snapshot.
 */
export async function cellsFor(
  db: RollcallDb,
  pupilIds: readonly string[],
  date: string,
  session: 'AM' | 'PM',
  authorId: string,
): Promise<StorageResult<ReadonlyMap<string, CellView>>> {
  const sources = await readCellSources(db, date, session, authorId);
  return sources.ok ? ok(cellViews(sources.value, pupilIds)) : sources;
}

/** The amendments of one date and this author's unsent marks of it (Today, missing registers). */
export interface MarksOfDay {
  /** Every amendment of the date this device holds, rejected ones left out, in server order. */
  readonly amendments: readonly Amendment[];
  /** This author's unsent marks of the date, in the order they were recorded. */
  readonly pending: readonly MarkOp[];
}

/** One date's marks, read by the `date` index in one snapshot. */
export function readDayMarks(
  db: RollcallDb,
  date: string,
  authorId: string,
): Promise<StorageResult<MarksOfDay>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const rows = await tx.amendments.where('date').equals(date).toArray();
    const amendments = parseRows('amendments', amendmentSchema, rows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const queued = await pendingFor(tx, authorId);
    if (!queued.ok) return queued;
    return ok({
      amendments: sortByServerOrder(amendments.value.filter((a) => a.outcome !== 'rejected')),
      pending: queued.value
        .map((entry) => entry.op)
        .filter((op): op is MarkOp => op.kind === 'mark' && op.date === date),
    });
  });
}
