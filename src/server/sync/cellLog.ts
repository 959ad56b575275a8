/**
 * The amendments of the cells a push touches, held in memory while the batch is folded, so that
 * each op sees the cell as the ops before it left it, and only what changed is written back.
 */
import { resolveCell, type CellOutcome, type CellResolution } from '../../domain/resolveCell.ts';
import { sql, type Transaction } from 'kysely';
import type { Amendment } from '../../schema/amendment.ts';
import { insertRows } from '../store/bulk.ts';
import { amendmentToRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';

export type AmendmentRow = Amendment;

export function cellKey(pupilId: string, date: string, session: string): string {
  return `${pupilId}|${date}|${session}`;
}

interface Cell {
  readonly rows: AmendmentRow[];
  resolution: CellResolution<AmendmentRow>;
}

export class CellLog {
  readonly #cells = new Map<string, Cell>();
  /** opIds whose stored outcome must be rewritten, with the new outcome. */
  readonly #changed = new Map<string, CellOutcome>();
  readonly #inserted = new Map<string, AmendmentRow>();

  constructor(existing: readonly AmendmentRow[]) {
    const sorted = [...existing].sort((a, b) => a.seq - b.seq);
    for (const row of sorted) this.#rows(cellKey(row.pupilId, row.date, row.session)).push(row);
    for (const cell of this.#cells.values()) cell.resolution = resolveCell(cell.rows);
  }

  #rows(key: string): AmendmentRow[] {
    let cell = this.#cells.get(key);
    if (cell === undefined) {
      cell = { rows: [], resolution: resolveCell([]) };
      this.#cells.set(key, cell);
    }
    return cell.rows;
  }

  resolution(key: string): CellResolution<AmendmentRow> {
    return this.#cells.get(key)?.resolution ?? resolveCell([]);
  }

  /** Appends a new amendment in server order and re-folds its cell, noting every outcome that moved. */
  append(row: AmendmentRow): CellResolution<AmendmentRow> {
    const key = cellKey(row.pupilId, row.date, row.session);
    const rows = this.#rows(key);
    rows.push(row);
    const resolution = resolveCell(rows);
    const cell = this.#cells.get(key);
    if (cell !== undefined) cell.resolution = resolution;
    this.#inserted.set(row.opId, row);
    for (const existing of rows) {
      const outcome = resolution.outcomes.get(existing.opId);
      if (outcome === undefined || outcome === existing.outcome) continue;
      existing.outcome = outcome;
      if (!this.#inserted.has(existing.opId)) this.#changed.set(existing.opId, outcome);
    }
    return resolution;
  }

  /** New amendments, with their final outcomes. */
  inserted(): AmendmentRow[] {
    return [...this.#inserted.values()];
  }

  /** Stored amendments whose outcome changed. */
  changedOutcomes(): [string, CellOutcome][] {
    return [...this.#changed.entries()];
  }
}

/**
 * Writes what a fold changed: the new amendments, and the new outcomes of stored ones (one
 * statement each), all stamped with the transaction's `version` so pullers see them.
 */
export async function writeCellLog(
  trx: Transaction<Database>,
  schoolId: string,
  version: number,
  cells: CellLog,
): Promise<void> {
  await insertRows(
    trx,
    'amendments',
    cells.inserted().map((a) => amendmentToRow(a, schoolId, version)),
  );
  const changed = cells.changedOutcomes();
  if (changed.length === 0) return;
  const values = sql.join(changed.map(([opId, outcome]) => sql`(${opId}, ${outcome})`));
  await sql`update amendments as a set outcome = v.outcome, version = ${version}
    from (values ${values}) as v(op_id, outcome) where a.school_id = ${schoolId} and a.op_id = v.op_id`.execute(
    trx,
  );
}
