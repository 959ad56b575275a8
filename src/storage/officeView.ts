/**
 * The office's reads of the device database: every cell that shows `N`, a pupil's year, a
 * cell's history, and every cell of the school. Each cell is the server's amendments with this
 * author's unsent marks folded on top (`viewOf`, the register's own rule), so an `N` the office
 * has just replaced leaves the worklist at once, online or not.
 */
import { ok } from '../domain/result.ts';
import type { Session } from '../domain/calendar.ts';
import { sortByServerOrder } from '../domain/resolveCell.ts';
import { amendmentSchema, type Amendment } from '../schema/amendment.ts';
import type { MarkOp } from '../schema/op.ts';
import type { RollcallDb, Tables } from './db.ts';
import type { StorageResult } from './errors.ts';
import { pendingFor } from './outbox.ts';
import { keyProperty, parseRows } from './records.ts';
import { viewOf, type CellView } from './registerView.ts';

/** One cell and how this device shows it. */
export interface CurrentCell {
  readonly pupilId: string;
  readonly date: string;
  readonly session: Session;
  readonly view: CellView;
}

type CellKey = [pupilId: string, date: string, session: Session];

function keyOf(cell: { pupilId: string; date: string; session: Session }): string {
  return `${cell.pupilId}|${cell.date}|${cell.session}`;
}

function groupByCell<T extends { pupilId: string; date: string; session: Session }>(
  items: readonly T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list === undefined) map.set(key, [item]);
    else list.push(item);
  }
  return map;
}

/** This author's unsent marks, in the order they were recorded. */
async function pendingMarks(
  tx: Tables<'outbox'>,
  authorId: string,
): Promise<StorageResult<MarkOp[]>> {
  const queued = await pendingFor(tx, authorId);
  if (!queued.ok) return queued;
  return ok(queued.value.map((e) => e.op).filter((op): op is MarkOp => op.kind === 'mark'));
}

/** Folds amendments and unsent marks into cells; only the cells `keep` accepts are returned. */
function foldCells(
  amendments: readonly Amendment[],
  pending: readonly MarkOp[],
  keep: (view: CellView) => boolean = () => true,
): CurrentCell[] {
  const server = groupByCell(amendments);
  const mine = groupByCell(pending);
  const cells: CurrentCell[] = [];
  for (const key of new Set([...server.keys(), ...mine.keys()])) {
    const serverOps = server.get(key) ?? [];
    const pendingOps = mine.get(key) ?? [];
    const first = serverOps[0] ?? pendingOps[0];
    if (first === undefined) continue;
    const view = viewOf(serverOps, pendingOps);
    if (keep(view))
      cells.push({ pupilId: first.pupilId, date: first.date, session: first.session, view });
  }
  return cells;
}

/**
 * Every cell whose mark shows `N`: the `N` amendments found by the `code` index, then each of
 * their cells read whole (a later amendment may have replaced the `N`), and this author's
 * unsent marks on top.
 */
export function readUnexplainedCells(
  db: RollcallDb,
  authorId: string,
): Promise<StorageResult<CurrentCell[]>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const pending = await pendingMarks(tx, authorId);
    if (!pending.ok) return pending;
    // A superseded `N` never heads its cell again (an outcome moves its version, so the device
    // holds every row as of one version). An `N` the server holds as `current` heads its cell, the
    // cell's other rows being superseded or rejected: unless this author has an unsent mark there,
    // that row alone gives the cell. Only the other cells (in conflict, or with an unsent mark)
    // are read whole.
    const withN = await tx.amendments.where('code').equals('N').toArray();
    const mine = new Set(pending.value.map(keyOf));
    const alone: unknown[] = [];
    const keys = new Map<string, CellKey>();
    for (const row of withN) {
      if (row.outcome === 'superseded') continue;
      const key = keyOf(row);
      if (row.outcome === 'current' && !mine.has(key)) alone.push(row);
      else keys.set(key, [row.pupilId, row.date, row.session]);
    }
    for (const op of pending.value)
      if (op.code === 'N') keys.set(keyOf(op), [op.pupilId, op.date, op.session]);
    // One `equals` a cell: `anyOf` over a compound index steps a cursor key by key, which
    // fake-indexeddb runs in time proportional to the table for each key (50 s for 900 cells).
    const cellRows = await Promise.all(
      [...keys.values()].map((key) =>
        tx.amendments.where('[pupilId+date+session]').equals(key).toArray(),
      ),
    );
    const rows = [...alone, ...cellRows.flat()];
    const amendments = parseRows('amendments', amendmentSchema, rows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const ofCells = pending.value.filter((op) => keys.has(keyOf(op)));
    return ok(foldCells(amendments.value, ofCells, (view) => view.code === 'N'));
  });
}

/** A pupil's cells as this device shows them (the pupil page), read by the `pupilId` index. */
export function readPupilCells(
  db: RollcallDb,
  pupilId: string,
  authorId: string,
): Promise<StorageResult<CurrentCell[]>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const rows = await tx.amendments.where('pupilId').equals(pupilId).toArray();
    const amendments = parseRows('amendments', amendmentSchema, rows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const pending = await pendingMarks(tx, authorId);
    if (!pending.ok) return pending;
    const mine = pending.value.filter((op) => op.pupilId === pupilId);
    return ok(foldCells(amendments.value, mine));
  });
}

/** Every cell of the school this device holds (for the alerts and the reports). */
export function readAllCells(
  db: RollcallDb,
  authorId: string,
): Promise<StorageResult<CurrentCell[]>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const amendments = parseRows(
      'amendments',
      amendmentSchema,
      await tx.amendments.toArray(),
      keyProperty('opId'),
    );
    if (!amendments.ok) return amendments;
    const pending = await pendingMarks(tx, authorId);
    if (!pending.ok) return pending;
    return ok(foldCells(amendments.value, pending.value));
  });
}

/** A cell's amendments in server order, and this author's marks of it not yet sent. */
export interface CellHistory {
  readonly amendments: readonly Amendment[];
  readonly pending: readonly MarkOp[];
  readonly view: CellView;
}

export function readCellHistory(
  db: RollcallDb,
  cell: { readonly pupilId: string; readonly date: string; readonly session: Session },
  authorId: string,
): Promise<StorageResult<CellHistory>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const rows = await tx.amendments
      .where('[pupilId+date+session]')
      .equals([cell.pupilId, cell.date, cell.session])
      .toArray();
    const amendments = parseRows('amendments', amendmentSchema, rows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const pending = await pendingMarks(tx, authorId);
    if (!pending.ok) return pending;
    const mine = pending.value.filter((op) => keyOf(op) === keyOf(cell));
    return ok({
      amendments: sortByServerOrder(amendments.value),
      pending: mine,
      view: viewOf(amendments.value, mine),
    });
  });
}

/** A cell two devices disagreed on, with its history. */
export interface ConflictCell extends CellHistory {
  readonly pupilId: string;
  readonly date: string;
  readonly session: Session;
}

/** Is this stored row a side of an unresolved conflict? Checked before parsing. */

/**
 * Every cell in conflict as this device shows it. The server marks each side of an unresolved
 * conflict `conflict` (and re-sends it when that changes), so those rows name the cells; each
 * is then read whole and folded with this author's unsent marks on top (`viewOf`), so a
 * resolution made here leaves the list at once, online or not. The sides are found by the
 * `outcome` index (schema version 4).
 */
export function readConflictCells(
  db: RollcallDb,
  authorId: string,
): Promise<StorageResult<ConflictCell[]>> {
  return db.transaction('r', db.amendments, db.outbox, async (tx) => {
    const pending = await pendingMarks(tx, authorId);
    if (!pending.ok) return pending;
    const sides = parseRows(
      'amendments',
      amendmentSchema,
      await tx.amendments.where('outcome').equals('conflict').toArray(),
      keyProperty('opId'),
    );
    if (!sides.ok) return sides;
    const keys = new Map<string, CellKey>();
    for (const cell of [...sides.value, ...pending.value])
      keys.set(keyOf(cell), [cell.pupilId, cell.date, cell.session]);
    // One `equals` a cell (see readUnexplainedCells).
    const rows = (
      await Promise.all(
        [...keys.values()].map((key) =>
          tx.amendments.where('[pupilId+date+session]').equals(key).toArray(),
        ),
      )
    ).flat();
    const amendments = parseRows('amendments', amendmentSchema, rows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const server = groupByCell(amendments.value);
    const mine = groupByCell(pending.value);
    const cells: ConflictCell[] = [];
    for (const [key, [pupilId, date, session]] of keys) {
      const history = sortByServerOrder(server.get(key) ?? []);
      const ops = mine.get(key) ?? [];
      const view = viewOf(history, ops);
      if (view.conflict)
        cells.push({ pupilId, date, session, amendments: history, pending: ops, view });
    }
    return ok(cells);
  });
}
