/**
 * What the fire roll call reads of the device database, in one snapshot, so it opens with no
 * network: the day's cells (the server's amendments with this author's unsent marks folded on
 * top, as the register shows them), the day's movements (with the author's unsent ones) and the
 * steps of the day's roll calls (the server's in server order, then the author's unsent ones).
 */
import { ok } from '../domain/result.ts';
import type { Session } from '../domain/calendar.ts';
import type { MovementAt } from '../domain/movements.ts';
import type { RollCallStep } from '../domain/rollCall.ts';
import { amendmentSchema, movementSchema, type Amendment } from '../schema/amendment.ts';
import type { MarkOp, RollCallOp } from '../schema/op.ts';
import { rollCallStepRecordSchema } from '../schema/rollCall.ts';
import type { RollcallDb } from './db.ts';
import type { StorageResult } from './errors.ts';
import { pendingFor } from './outbox.ts';
import { keyProperty, parseRows } from './records.ts';
import { viewOf } from './registerView.ts';

/** One day as the roll call reads it. */
export interface RollCallDay {
  /** The mark each cell shows, by `pupilId|session`; blank cells are absent. */
  readonly codes: ReadonlyMap<string, string>;
  /** Each pupil's movements of the day, in server order then unsent. */
  readonly movements: ReadonlyMap<string, readonly MovementAt[]>;
  /** The day's roll-call steps, in server order then this author's unsent ones. */
  readonly steps: readonly RollCallStep[];
  /** Steps of this author not yet on the server, by opId. */
  readonly unsent: ReadonlySet<string>;
}

/** The key of a cell in `RollCallDay.codes`. */
export function cellCodeKey(pupilId: string, session: Session): string {
  return `${pupilId}|${session}`;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

function cellCodes(
  amendments: readonly Amendment[],
  pending: readonly MarkOp[],
): Map<string, string> {
  const server = new Map<string, Amendment[]>();
  const mine = new Map<string, MarkOp[]>();
  for (const a of amendments) pushTo(server, cellCodeKey(a.pupilId, a.session), a);
  for (const op of pending) pushTo(mine, cellCodeKey(op.pupilId, op.session), op);
  const codes = new Map<string, string>();
  for (const key of new Set([...server.keys(), ...mine.keys()])) {
    const code = viewOf(server.get(key) ?? [], mine.get(key) ?? []).code;
    if (code !== null) codes.set(key, code);
  }
  return codes;
}

function stepOfOp(op: RollCallOp, authorId: string): RollCallStep {
  return {
    opId: op.opId,
    rollCallId: op.rollCallId,
    action: op.action,
    pupilId: op.pupilId ?? null,
    date: op.date,
    authorId,
    recordedAt: op.recordedAt,
  };
}

/** Reads `date` for the roll call, with `authorId`'s unsent marks, movements and steps. */
export function readRollCallDay(
  db: RollcallDb,
  date: string,
  authorId: string,
): Promise<StorageResult<RollCallDay>> {
  const tables = [db.amendments, db.movements, db.rollCallSteps, db.outbox];
  return db.transaction('r', tables, async (tx) => {
    const [amendmentRows, movementRows, stepRows, queued] = await Promise.all([
      tx.amendments.where('date').equals(date).toArray(),
      tx.movements.where('date').equals(date).toArray(),
      tx.rollCallSteps.where('date').equals(date).toArray(),
      pendingFor(tx, authorId),
    ]);
    const amendments = parseRows('amendments', amendmentSchema, amendmentRows, keyProperty('opId'));
    if (!amendments.ok) return amendments;
    const movements = parseRows('movements', movementSchema, movementRows, keyProperty('opId'));
    if (!movements.ok) return movements;
    const steps = parseRows(
      'rollCallSteps',
      rollCallStepRecordSchema,
      stepRows,
      keyProperty('opId'),
    );
    if (!steps.ok) return steps;
    if (!queued.ok) return queued;
    const ops = queued.value.map((entry) => entry.op).filter((op) => op.date === date);
    const byPupil = new Map<string, MovementAt[]>();
    for (const m of movements.value.sort((a, b) => a.seq - b.seq)) pushTo(byPupil, m.pupilId, m);
    const held = new Set([...movements.value, ...steps.value].map((row) => row.opId));
    const marks: MarkOp[] = [];
    const unsentSteps: RollCallStep[] = [];
    for (const op of ops) {
      if (op.kind === 'mark') marks.push(op);
      else if (op.kind === 'movement' && !held.has(op.opId)) pushTo(byPupil, op.pupilId, op);
      else if (op.kind === 'rollcall' && !held.has(op.opId))
        unsentSteps.push(stepOfOp(op, authorId));
    }
    const serverSteps = steps.value.sort((a, b) => a.seq - b.seq);
    return ok({
      codes: cellCodes(amendments.value, marks),
      movements: byPupil,
      steps: [...serverSteps, ...unsentSteps],
      unsent: new Set(unsentSteps.map((s) => s.opId)),
    });
  });
}
