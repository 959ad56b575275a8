/**
 * The desk's day as this device holds it, read in one snapshot for a live query: every arrival
 * reception recorded today (the server's amendments with source `reception`, and ops still in the
 * outbox), every movement (signed out, signed back in), the ops the server refused, and the day's
 * cells of both sessions with this person's unsent marks folded on top, as the register shows them.
 */
import { ok, type IsoDate, type MovementAt, type Session } from '../../domain/index.ts';
import type { MarkOp, MovementOp } from '../../schema/op.ts';
import type { RollcallDb } from '../../storage/db.ts';
import type { StorageResult } from '../../storage/errors.ts';
import { listRejected } from '../../storage/outbox.ts';
import {
  keyProperty,
  movementSchema,
  outboxEntrySchema,
  parseRows,
  type Amendment,
  type Movement,
} from '../../storage/records.ts';
import { readCellSources, type CellSources } from '../../storage/registerView.ts';

/** One line of the desk log: an arrival or a movement, sent or not. */
export interface DeskEntry {
  readonly opId: string;
  readonly kind: 'arrival' | 'out' | 'in';
  readonly pupilId: string;
  /** `HH:mm`: when the pupil arrived, left or came back. */
  readonly at: string;
  /** ISO instant the desk recorded it. */
  readonly recordedAt: string;
  /** An arrival's session and code; null for a movement. */
  readonly session: Session | null;
  readonly code: string | null;
  readonly reason: string | null;
  readonly note: string | null;
  readonly accompaniedBy: string | null;
  /** Staff id of whoever recorded it. */
  readonly authorId: string | null;
  readonly state: 'synced' | 'unsent' | 'refused';
  /** The server's words when it refused the op. */
  readonly refusal: string | null;
}

/** A movement as the desk reads it: when, which way, why and with whom. */
export interface DayMovement extends MovementAt {
  readonly reason: string | null;
  readonly accompaniedBy: string | null;
}

export interface DeskDay {
  /** Newest first: by the time it happened, then by when it was recorded. */
  readonly entries: readonly DeskEntry[];
  readonly cells: Readonly<Record<Session, CellSources>>;
  /** Each pupil's movements today, server order then unsent, refused ones left out. */
  readonly movements: ReadonlyMap<string, readonly DayMovement[]>;
}

function fromMarkOp(op: MarkOp, authorId: string, state: DeskEntry['state']): DeskEntry {
  return {
    opId: op.opId,
    kind: 'arrival',
    pupilId: op.pupilId,
    at: op.arrivedAt ?? '',
    recordedAt: op.recordedAt,
    session: op.session,
    code: op.code,
    reason: op.reason ?? null,
    note: op.note ?? null,
    accompaniedBy: null,
    authorId,
    state,
    refusal: null,
  };
}

function fromMovementOp(op: MovementOp, authorId: string, state: DeskEntry['state']): DeskEntry {
  return {
    opId: op.opId,
    kind: op.direction,
    pupilId: op.pupilId,
    at: op.at,
    recordedAt: op.recordedAt,
    session: null,
    code: null,
    reason: op.reason ?? null,
    note: null,
    accompaniedBy: op.accompaniedBy ?? null,
    authorId,
    state,
    refusal: null,
  };
}

function fromAmendment(a: Amendment): DeskEntry {
  return {
    opId: a.opId,
    kind: 'arrival',
    pupilId: a.pupilId,
    at: a.arrivedAt ?? '',
    recordedAt: a.recordedAt,
    session: a.session,
    code: a.code,
    reason: a.reason,
    note: a.note,
    accompaniedBy: null,
    authorId: a.authorId,
    state: 'synced',
    refusal: null,
  };
}

function fromMovement(m: Movement): DeskEntry {
  return {
    opId: m.opId,
    kind: m.direction,
    pupilId: m.pupilId,
    at: m.at,
    recordedAt: m.recordedAt,
    session: null,
    code: null,
    reason: m.reason,
    note: null,
    accompaniedBy: m.accompaniedBy,
    authorId: m.authorId,
    state: 'synced',
    refusal: null,
  };
}

function newestFirst(a: DeskEntry, b: DeskEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0;
}

function isDeskOp(op: { kind: string; date: string }, date: IsoDate): op is MarkOp | MovementOp {
  return op.date === date && (op.kind === 'mark' || op.kind === 'movement');
}

function entryOf(op: MarkOp | MovementOp, authorId: string, state: DeskEntry['state']) {
  if (op.kind === 'movement') return fromMovementOp(op, authorId, state);
  return op.source === 'reception' ? fromMarkOp(op, authorId, state) : null;
}

/** Reads `date` for the desk, with `authorId`'s unsent marks folded into the cells. */
export function readDeskDay(
  db: RollcallDb,
  date: IsoDate,
  authorId: string,
): Promise<StorageResult<DeskDay>> {
  const tables = [db.amendments, db.movements, db.outbox, db.rejected];
  return db.transaction('r', tables, async (): Promise<StorageResult<DeskDay>> => {
    const [am, pm, movementRows, outboxRows, rejected] = await Promise.all([
      readCellSources(db, date, 'AM', authorId),
      readCellSources(db, date, 'PM', authorId),
      db.movements.where('date').equals(date).toArray(),
      db.outbox.orderBy(':id').toArray(),
      listRejected(db),
    ]);
    if (!am.ok) return am;
    if (!pm.ok) return pm;
    if (!rejected.ok) return rejected;
    const movements = parseRows('movements', movementSchema, movementRows, keyProperty('opId'));
    if (!movements.ok) return movements;
    const queued = parseRows('outbox', outboxEntrySchema, outboxRows, keyProperty('id'));
    if (!queued.ok) return queued;

    const entries: DeskEntry[] = [];
    const byPupil = new Map<string, DayMovement[]>();
    const moved = (pupilId: string, m: DayMovement) => {
      byPupil.set(pupilId, [...(byPupil.get(pupilId) ?? []), m]);
    };
    const held = new Set<string>();
    for (const a of [...am.value.amendments, ...pm.value.amendments]) {
      held.add(a.opId);
      if (a.source !== 'reception' || a.outcome === 'rejected') continue;
      entries.push(fromAmendment(a));
    }
    for (const m of movements.value.sort((a, b) => a.seq - b.seq)) {
      held.add(m.opId);
      moved(m.pupilId, m);
      entries.push(fromMovement(m));
    }
    for (const entry of queued.value) {
      const { op } = entry;
      if (held.has(op.opId) || !isDeskOp(op, date)) continue;
      const line = entryOf(op, entry.authorId, 'unsent');
      if (line !== null) entries.push(line);
      if (op.kind === 'movement')
        moved(op.pupilId, {
          direction: op.direction,
          at: op.at,
          reason: op.reason ?? null,
          accompaniedBy: op.accompaniedBy ?? null,
        });
    }
    for (const refused of rejected.value) {
      const { op } = refused;
      if (held.has(op.opId) || !isDeskOp(op, date)) continue;
      const line = entryOf(op, refused.authorId, 'refused');
      if (line !== null) entries.push({ ...line, refusal: refused.reason });
    }
    return ok({
      entries: entries.sort(newestFirst),
      cells: { AM: am.value, PM: pm.value },
      movements: byPupil,
    });
  });
}
