/**
 * Applying a push (docs/sync-protocol.md §4). Per (device, author) ops carry a gap-free
 * `deviceSeq`:
 * - already seen with the same content → `duplicate`, no effect, with the first receipt's outcome
 *   (`original`, and a rejection's `reason` and `code`) repeated from the audit, so a device whose
 *   answer was lost learns what became of the op;
 * - a gap → stop, and answer 409 with the sequence number expected (ops before it are kept);
 * - otherwise validated by the rules and rights (validateOp.ts) and `applied` or `rejected` with a
 *   reason; both are recorded in the audit and use up their number, so neither blocks the queue.
 *   An op refused unread (incoming.ts: it holds text that cannot be stored) is `rejected` in its
 *   place the same way.
 *
 * The batch is folded in memory and written in ONE transaction: every op's amendment, its cell,
 * the device's last sequence number and the audit rows commit together or not at all, so a push
 * whose response is lost can simply be sent again. (Ten statements per batch rather than ten per
 * op: that is what makes ingest fast on PGlite; see README Decisions.) A push that records nothing
 * (only duplicates, or a gap at its first op) is rolled back: it leaves no trace, not a version.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Amendment } from '../../schema/amendment.ts';
import { RollCallLog } from '../../domain/rollCall.ts';
import type { CallOp, MarkOp, MovementOp, RollCallOp } from '../../schema/op.ts';
import type { PushResult } from '../../schema/sync.ts';
import type { Session } from '../auth/service.ts';
import type {
  AmendmentsTable,
  AuditTable,
  CallsTable,
  Database,
  MovementsTable,
  RollCallStepsTable,
} from '../store/schema.ts';
import { insertRows } from '../store/bulk.ts';
import { amendmentFromRow } from '../store/rows.ts';
import { rollCallStepsOf } from '../store/rollCalls.ts';
import { bumpVersionReserving } from '../store/versions.ts';
import { CellLog, cellKey, writeCellLog } from './cellLog.ts';
import type { Incoming } from './incoming.ts';
import { reject, type Rejection } from './rejections.ts';
import { isRejectionCode } from '../../schema/rejections.ts';
import {
  checkCall,
  checkMark,
  checkMovement,
  checkRollCall,
  PushClock,
  rollCallStep,
} from './validateOp.ts';

export interface PushOutcome {
  readonly results: PushResult[];
  /** Set when the batch had a gap: the device must resend from this sequence number. */
  readonly expectedSeq?: number;
  /** Groups whose registers changed (for pokes); empty when nothing was applied. */
  readonly changedGroups: ReadonlySet<string>;
  /**
   * Something only those who see the whole school receive changed (a call): they are poked even
   * when no group's register changed.
   */
  readonly isSchoolNews: boolean;
}

/** What the first receipt of an op's content came to, repeated on every duplicate of it. */
type FirstOutcome = Pick<PushResult, 'original' | 'reason' | 'code'>;

/** Each op's contents received so far (by its audit key), with their first outcome. */
type Seen = Map<string, Map<string, FirstOutcome>>;

function firstOutcome(status: string, reason: string | null, code: string | null): FirstOutcome {
  if (status === 'applied') return { original: 'applied' };
  return {
    original: 'rejected',
    ...(reason === null ? {} : { reason }),
    ...(code === null || !isRejectionCode(code) ? {} : { code }),
  };
}

/** Remembers an op's content with its outcome; the first receipt's outcome is kept. */
function remember(seen: Seen, key: string, content: string, outcome: FirstOutcome): void {
  const contents = seen.get(key) ?? new Map<string, FirstOutcome>();
  if (!contents.has(content)) contents.set(content, outcome);
  seen.set(key, contents);
}

interface Batch {
  readonly session: Session;
  readonly deviceId: string;
  readonly receivedAt: string;
  readonly clock: PushClock;
  readonly version: number;
  readonly cells: CellLog;
  readonly results: PushResult[];
  readonly audit: Omit<AuditTable, 'id'>[];
  readonly movements: MovementsTable[];
  readonly calls: CallsTable[];
  readonly rollCallSteps: RollCallStepsTable[];
  /** The roll calls this batch touches: their stored steps, and the batch's as applied. */
  readonly rollCalls: RollCallLog;
  readonly changedGroups: Set<string>;
  /** Ops seen before and in this batch: the same op again is a duplicate with this outcome. */
  readonly seen: Seen;
  nextSeq: number;
}

/**
 * Every content received before under each opId (a reused opId has several: each is a
 * duplicate), with the outcome of its first receipt (the audit's earliest row for it).
 */
async function priorAudit(
  trx: Transaction<Database>,
  schoolId: string,
  keys: readonly string[],
): Promise<Seen> {
  const prior: Seen = new Map();
  if (keys.length === 0) return prior;
  const rows = await trx
    .selectFrom('audit')
    .select(['op_id', 'op', 'status', 'reason', 'code'])
    .where('school_id', '=', schoolId)
    .where(sql<boolean>`op_id = any(${keys}::text[])`)
    .orderBy('id')
    .execute();
  for (const r of rows) remember(prior, r.op_id, r.op, firstOutcome(r.status, r.reason, r.code));
  return prior;
}

async function cellAmendments(
  trx: Transaction<Database>,
  schoolId: string,
  items: readonly Incoming[],
): Promise<Amendment[]> {
  const keys = new Map<string, MarkOp>();
  for (const { op } of items)
    if (op?.kind === 'mark') keys.set(cellKey(op.pupilId, op.date, op.session), op);
  if (keys.size === 0) return [];
  const cells = [...keys.values()];
  // The touched cells as three array parameters, joined on the cell index (few parameters: they
  // are costly to bind on PGlite).
  const rows = await sql<AmendmentsTable>`select a.* from
    unnest(${cells.map((c) => c.pupilId)}::text[], ${cells.map((c) => c.date)}::text[], ${cells.map((c) => c.session)}::text[]) as k(pupil_id, date, session)
    cross join lateral (select * from amendments x where x.school_id = ${schoolId}
      and x.pupil_id = k.pupil_id and x.date = k.date and x.session = k.session) a`.execute(trx);
  return rows.rows.map(amendmentFromRow);
}

/** The roll calls the batch's roll-call steps name (their stored steps are read first). */
function rollCallIds(items: readonly Incoming[]): string[] {
  const ids = new Set<string>();
  for (const { op } of items) if (op?.kind === 'rollcall') ids.add(op.rollCallId);
  return [...ids];
}

/** A read op in the batch, with what the audit keeps of it. */
type Received<T extends MarkOp | MovementOp | CallOp | RollCallOp> = Incoming & {
  readonly op: T;
  readonly refusal: null;
};

function record(
  batch: Batch,
  { opId, key, content }: Incoming,
  status: 'applied' | 'rejected',
  rejection?: Rejection,
): void {
  const { session } = batch;
  batch.audit.push({
    school_id: session.school.id,
    received_at: batch.receivedAt,
    device_id: batch.deviceId,
    author_id: session.staff.id,
    op_id: key,
    op: content,
    status,
    reason: rejection?.reason ?? null,
    code: rejection?.code ?? null,
  });
  batch.results.push(
    rejection === undefined
      ? { opId, status }
      : { opId, status, reason: rejection.reason, code: rejection.code },
  );
  // Seen now: the same op again (in this batch or a later push) is a duplicate of this outcome.
  const outcome = firstOutcome(status, rejection?.reason ?? null, rejection?.code ?? null);
  remember(batch.seen, key, content, outcome);
}

/** The columns every stored op shares: whose, from which device, when, and its place in order. */
function opColumns(batch: Batch, op: MarkOp | MovementOp | CallOp | RollCallOp) {
  return {
    school_id: batch.session.school.id,
    op_id: op.opId,
    seq: batch.nextSeq++,
    author_id: batch.session.staff.id,
    device_id: op.deviceId,
    device_seq: op.deviceSeq,
    recorded_at: new Date(op.recordedAt).toISOString(),
    received_at: batch.receivedAt,
    version: batch.version,
  };
}

/** Those who see the pupil's group are poked once the batch commits. */
function pokeGroupOf(batch: Batch, pupilId: string): void {
  const groupId = batch.session.school.pupils.get(pupilId)?.groupId;
  if (groupId !== undefined) batch.changedGroups.add(groupId);
}

function applyMark(batch: Batch, received: Received<MarkOp>): void {
  const { op } = received;
  const { school, staff } = batch.session;
  const key = cellKey(op.pupilId, op.date, op.session);
  const check = checkMark(school, staff, op, batch.cells.resolution(key).code, batch.clock);
  if (!check.ok) {
    record(batch, received, 'rejected', check.error);
    return;
  }
  batch.cells.append({
    opId: op.opId,
    pupilId: op.pupilId,
    date: op.date,
    session: op.session,
    code: op.code,
    arrivedAt: op.arrivedAt ?? null,
    minutesLate: check.value.minutesLate,
    // A blank reason (only spaces, trimmed by the schema) is no reason.
    reason: op.reason === undefined || op.reason === '' ? null : op.reason,
    note: op.note ?? null,
    basedOn: op.basedOn,
    source: op.source,
    authorId: staff.id,
    deviceId: op.deviceId,
    deviceSeq: op.deviceSeq,
    recordedAt: new Date(op.recordedAt).toISOString(),
    receivedAt: batch.receivedAt,
    seq: batch.nextSeq++,
    outcome: 'current',
    lateSync: check.value.lateSync,
    reportedBy: op.reportedBy ?? null,
  });
  pokeGroupOf(batch, op.pupilId);
  record(batch, received, 'applied');
}

function applyMovement(batch: Batch, received: Received<MovementOp>): void {
  const { op } = received;
  const { school, staff } = batch.session;
  const check = checkMovement(school, staff, op, batch.clock);
  if (!check.ok) {
    record(batch, received, 'rejected', check.error);
    return;
  }
  batch.movements.push({
    ...opColumns(batch, op),
    pupil_id: op.pupilId,
    date: op.date,
    direction: op.direction,
    at: op.at,
    reason: op.reason ?? null,
    accompanied_by: op.accompaniedBy ?? null,
  });
  pokeGroupOf(batch, op.pupilId);
  record(batch, received, 'applied');
}

function applyCall(batch: Batch, received: Received<CallOp>): void {
  const { op } = received;
  const { school, staff } = batch.session;
  const check = checkCall(school, staff, op, batch.clock);
  if (!check.ok) {
    record(batch, received, 'rejected', check.error);
    return;
  }
  batch.calls.push({
    ...opColumns(batch, op),
    pupil_id: op.pupilId,
    date: op.date,
    at: op.at,
    contact: op.contact,
    phone: op.phone === undefined || op.phone === '' ? null : op.phone,
    outcome: op.outcome,
    note: op.note === undefined || op.note === '' ? null : op.note,
  });
  record(batch, received, 'applied');
}

/**
 * A step of a fire roll call, checked against the roll call's steps so far (stored and in this
 * batch). A tick pokes those who see the pupil's group; a start or an end, everyone.
 */
function applyRollCall(batch: Batch, received: Received<RollCallOp>): void {
  const { op } = received;
  const { school, staff } = batch.session;
  const step = rollCallStep(op, staff.id);
  const check = checkRollCall(school, op, step, batch.rollCalls.parts, batch.clock);
  if (!check.ok) {
    record(batch, received, 'rejected', check.error);
    return;
  }
  batch.rollCalls.apply(step);
  batch.rollCallSteps.push({
    ...opColumns(batch, op),
    roll_call_id: op.rollCallId,
    action: op.action,
    pupil_id: op.pupilId ?? null,
    date: op.date,
  });
  if (op.pupilId !== undefined) pokeGroupOf(batch, op.pupilId);
  else for (const id of school.groups.keys()) batch.changedGroups.add(id);
  record(batch, received, 'applied');
}

/** Sends each read op to the check and write of its kind. */
function applyOp(
  batch: Batch,
  item: Incoming & { readonly op: MarkOp | MovementOp | CallOp | RollCallOp },
): void {
  const { op } = item;
  switch (op.kind) {
    case 'mark':
      applyMark(batch, { ...item, op, refusal: null });
      return;
    case 'movement':
      applyMovement(batch, { ...item, op, refusal: null });
      return;
    case 'call':
      applyCall(batch, { ...item, op, refusal: null });
      return;
    case 'rollcall':
      applyRollCall(batch, { ...item, op, refusal: null });
      return;
  }
}

async function writeBatch(
  trx: Transaction<Database>,
  batch: Batch,
  deviceId: string,
  lastSeq: number,
): Promise<void> {
  const schoolId = batch.session.school.id;
  await writeCellLog(trx, schoolId, batch.version, batch.cells);
  await insertRows(trx, 'movements', batch.movements);
  await insertRows(trx, 'calls', batch.calls);
  await insertRows(trx, 'roll_call_steps', batch.rollCallSteps);
  await insertRows(trx, 'audit', batch.audit, ['op']);
  await trx
    .insertInto('device_seqs')
    .values({
      school_id: schoolId,
      device_id: deviceId,
      author_id: batch.session.staff.id,
      last_seq: lastSeq,
    })
    .onConflict((oc) =>
      oc.columns(['school_id', 'device_id', 'author_id']).doUpdateSet({ last_seq: lastSeq }),
    )
    .execute();
}

async function lastSeqOf(
  trx: Transaction<Database>,
  session: Session,
  deviceId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('device_seqs')
    .select('last_seq')
    .where('school_id', '=', session.school.id)
    .where('device_id', '=', deviceId)
    .where('author_id', '=', session.staff.id)
    .executeTakeFirst();
  return row?.last_seq ?? 0;
}

/** Applies a push in one transaction. `nowMs` is the server clock at receipt. */
export async function applyPush(
  db: Kysely<Database>,
  session: Session,
  deviceId: string,
  items: readonly Incoming[],
  nowMs: number,
): Promise<PushOutcome> {
  try {
    return await db
      .transaction()
      .execute((trx) => foldAndWrite(trx, session, deviceId, items, nowMs));
  } catch (error) {
    if (error instanceof NothingRecorded) return error.outcome;
    throw error;
  }
}

/**
 * Thrown to roll back a push that recorded nothing (only duplicates, or a gap at its first op):
 * it must leave no trace — no version bump, no order numbers, no `device_seqs` row.
 */
class NothingRecorded extends Error {
  constructor(readonly outcome: PushOutcome) {
    super('nothing recorded');
  }
}

async function foldAndWrite(
  trx: Transaction<Database>,
  session: Session,
  deviceId: string,
  items: readonly Incoming[],
  nowMs: number,
): Promise<PushOutcome> {
  const schoolId = session.school.id;
  // Takes the school's write lock first, and reserves an order number for every op.
  const { version, firstSeq } = await bumpVersionReserving(trx, schoolId, items.length);
  let last = await lastSeqOf(trx, session, deviceId);
  const seen = await priorAudit(
    trx,
    schoolId,
    items.map((item) => item.key),
  );
  const existing = await cellAmendments(trx, schoolId, items);
  const rollCalls = new RollCallLog();
  for (const step of await rollCallStepsOf(trx, schoolId, rollCallIds(items)))
    rollCalls.apply(step);
  const batch: Batch = {
    session,
    deviceId,
    receivedAt: new Date(nowMs).toISOString(),
    clock: new PushClock(nowMs, session.school.timeZone),
    version,
    cells: new CellLog(existing),
    results: [],
    audit: [],
    movements: [],
    calls: [],
    rollCallSteps: [],
    rollCalls,
    changedGroups: new Set(),
    seen,
    nextSeq: firstSeq,
  };
  const opIdReused = reject(
    'op-id-reused',
    'This change’s id was already used for a different change.',
  );
  let expectedSeq: number | undefined;
  for (const item of items) {
    const { deviceSeq } = item;
    const earlier = seen.get(item.key);
    const first = earlier?.get(item.content);
    if (deviceSeq <= last) {
      if (first !== undefined)
        batch.results.push({ opId: item.opId, status: 'duplicate', ...first });
      else
        record(
          batch,
          item,
          'rejected',
          earlier !== undefined
            ? opIdReused
            : reject(
                'sequence-reused',
                `Sequence number ${String(deviceSeq)} was already used by another change from this device.`,
              ),
        );
    } else if (deviceSeq !== last + 1) {
      expectedSeq = last + 1;
      break;
    } else {
      last = deviceSeq;
      if (earlier !== undefined) record(batch, item, 'rejected', opIdReused);
      else if (item.op === null) record(batch, item, 'rejected', item.refusal);
      else applyOp(batch, { ...item, op: item.op });
    }
  }
  const outcome: PushOutcome = {
    results: batch.results,
    changedGroups: batch.changedGroups,
    isSchoolNews: batch.calls.length > 0 || batch.rollCallSteps.length > 0,
    ...(expectedSeq === undefined ? {} : { expectedSeq }),
  };
  if (batch.audit.length === 0) throw new NothingRecorded(outcome);
  await writeBatch(trx, batch, deviceId, last);
  return outcome;
}
